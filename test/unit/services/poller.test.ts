// The poller with real timers and tiny intervals. Tests wait on events (a tick starting, the poller asking for
// its interval, which it does exactly when it arms its timer), never on a sleep long enough to hope.
import assert from 'node:assert/strict';
import { Poller } from '../../../src/services/poller';

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(err: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Counts ticks and timer arms, tracks overlap, and lets a test await the n-th of either. */
class Harness {
  ticks = 0;
  arms = 0;
  active = 0;
  maxActive = 0;
  /** When set, each tick waits on a fresh deferred pushed here; otherwise it finishes at once. */
  hold = false;
  fail = false;
  readonly pending: Deferred[] = [];
  private waiters: { done: () => boolean; resolve: () => void }[] = [];
  readonly poller: Poller;

  constructor(readonly intervalMs = 1) {
    this.poller = new Poller(() => this.tick(), () => {
      this.arms++;
      this.wake();
      return this.intervalMs;
    });
  }

  private async tick(): Promise<void> {
    this.ticks++;
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    this.wake();
    try {
      if (this.hold) {
        const d = deferred();
        this.pending.push(d);
        await d.promise;
      }
      if (this.fail) throw new Error('backend down');
    } finally {
      this.active--;
    }
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => (w.done() ? (w.resolve(), false) : true));
  }

  until(done: () => boolean, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what} (ticks ${this.ticks}, arms ${this.arms})`)), 5000);
      this.waiters.push({ done, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

/**
 * Resolves after every timer the poller has armed so far has fired: Node runs timers in order of expiry, and
 * this one is created later with a longer delay. Ordering, not a guess at how long something takes.
 */
function afterArmedTimers(h: Harness): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, h.intervalMs + 2));
}

/** Lets every promise continuation already queued run (the check phase comes after the microtask queue). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('services/poller Poller', () => {
  let h: Harness;

  afterEach(() => h.poller.stop());

  it('ticks at once on start, then on every interval, one at a time', async () => {
    h = new Harness(1);
    h.poller.start();
    assert.equal(h.ticks, 1, 'the first tick is synchronous with start()');
    await h.until(() => h.ticks >= 5, 'five ticks');
    assert.equal(h.maxActive, 1);
    assert.equal(h.ticks, 5, 'ticks come from timers only, none hides in a microtask');
    h.poller.start();
    assert.equal(h.ticks, 5, 'start() on a running poller adds no tick');
  });

  it('unfocused at start: no tick and no timer; focus returns: exactly one tick at once', async () => {
    h = new Harness(1);
    h.poller.setFocused(false);
    h.poller.start();
    assert.equal(h.ticks, 0);
    assert.equal(h.arms, 0, 'no timer is armed while nothing may run');
    h.poller.setFocused(true);
    assert.equal(h.ticks, 1, 'the due tick runs synchronously with the focus event');
    await h.until(() => h.arms >= 1, 'the next timer');
  });

  it('focus lost between ticks: the due tick waits, the timer is not re-armed, focus runs it once', async () => {
    h = new Harness(5);
    h.poller.start();
    await h.until(() => h.arms === 1, 'the timer after the first tick');
    h.poller.setFocused(false);
    await afterArmedTimers(h);
    assert.equal(h.ticks, 1, 'no tick while unfocused');
    assert.equal(h.arms, 1, 'and no timer left running in the background');
    h.poller.setFocused(true);
    assert.equal(h.ticks, 2);
    h.poller.setFocused(true);
    assert.equal(h.ticks, 2, 'focus again with nothing due adds no tick');
    await h.until(() => h.arms === 2, 'the timer after the focus tick');
  });

  it('never two ticks at once: timers, reschedules and focus changes during a slow tick are absorbed', async () => {
    h = new Harness(1);
    h.hold = true;
    h.poller.start();
    assert.equal(h.active, 1);
    h.poller.reschedule();
    await afterArmedTimers(h);
    h.poller.setFocused(false);
    h.poller.reschedule();
    await afterArmedTimers(h);
    h.poller.setFocused(true);
    h.poller.start();
    assert.equal(h.ticks, 1, 'still the first tick');
    assert.equal(h.maxActive, 1);
    h.pending[0].resolve();
    await h.until(() => h.ticks === 2, 'the next tick after the slow one');
    h.pending[1].resolve();
    await h.until(() => h.ticks === 3, 'a third tick');
    assert.equal(h.maxActive, 1);
  });

  it('a failing tick does not stop the polling', async () => {
    h = new Harness(1);
    h.fail = true;
    h.poller.start();
    await h.until(() => h.ticks >= 3, 'ticks after failures');
  });

  it('stop(): no more ticks, and a tick still running when stopped arms no timer', async () => {
    h = new Harness(1);
    h.hold = true;
    h.poller.start();
    h.poller.stop();
    h.pending[0].resolve();
    await settle();
    assert.equal(h.arms, 0, 'a stopped poller keeps no timer (it would hold a CLI process open)');
    await afterArmedTimers(h);
    assert.equal(h.ticks, 1);
  });

  it('start() after stop() ticks at once again', async () => {
    h = new Harness(1);
    h.poller.start();
    await h.until(() => h.arms >= 1, 'the first timer');
    h.poller.stop();
    h.poller.start();
    assert.equal(h.ticks, 2);
  });
});
