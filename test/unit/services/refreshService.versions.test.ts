// The refresh never waits for git: it hands over the snapshot with what the line translation had cached (or
// marked pending), and replaces it once git answered, with one more change event. A translator whose promise
// the test resolves by hand stands for a slow git; no sleeps.
import assert from 'node:assert/strict';
import type { DetectedService } from '../../../src/core/detect/services';
import type { Logger } from '../../../src/core/log';
import type { HealthSnapshot } from '../../../src/core/model';
import { parseTimeWindow } from '../../../src/core/timeWindow';
import { RefreshService, type LineVersions } from '../../../src/services/refreshService';
import { FakeSource } from './fakeSources';

const checkout: DetectedService = { name: 'checkout', folders: [''], environments: [], evidence: [] };

class HandResolvedVersions implements LineVersions {
  cached = false;
  readonly asked: { snapshot: HealthSnapshot; resolve: (s: HealthSnapshot) => void }[] = [];

  fromCache(_service: DetectedService, snapshot: HealthSnapshot) {
    return { snapshot: { ...snapshot, lineVersions: { state: this.cached ? 'translated' as const : 'pending' as const } }, complete: this.cached };
  }

  translate(_service: DetectedService, snapshot: HealthSnapshot): Promise<HealthSnapshot> {
    return new Promise((resolve) => this.asked.push({ snapshot, resolve }));
  }

  /** Git answers the `index`th translation asked; its result names which one it was. */
  answer(index = this.asked.length - 1): void {
    const { snapshot, resolve } = this.asked[index];
    resolve({ ...snapshot, statusReasons: [`translation ${index}`], lineVersions: { state: 'translated' } });
  }
}

function setup() {
  const sentry = new FakeSource('sentry', 'http://sentry');
  sentry.answer = () => ({ errors: [] });
  const versions = new HandResolvedVersions();
  const log: Logger = { error() {}, info() {}, debug() {}, warn() {} };
  const saved: HealthSnapshot[] = [];
  const service = new RefreshService({
    sourcesFor: () => [sentry],
    settings: () => ({ window: parseTimeWindow('1h')!, environment: 'production' }),
    store: { load: async () => undefined, save: async (s) => void saved.push(s) },
    log,
    versions,
  });
  const events: (string | undefined)[] = [];
  service.onDidChange((name) => events.push(service.snapshot(name)?.lineVersions?.state));
  return { service, versions, events, saved, sentry };
}

describe('services/refreshService: line translation after the refresh', () => {
  it('hands over the pending snapshot first, then the translated one when git answers (one more event)', async () => {
    const { service, versions, events, saved } = setup();
    const first = await service.refresh(checkout);
    assert.equal(first.lineVersions?.state, 'pending');
    assert.equal(service.snapshot('checkout'), first);
    const eventsBefore = events.length;
    assert.equal(events[eventsBefore - 1], 'pending');
    await service.flushSaves();
    assert.equal(saved.length, 0, 'a snapshot waiting for git is not persisted yet');

    const translated = service.translated('checkout');
    versions.answer();
    const done = await translated;
    assert.equal(done?.lineVersions?.state, 'translated');
    assert.equal(service.snapshot('checkout'), done);
    assert.deepEqual(events.slice(eventsBefore), ['translated']);
    await service.flushSaves();
    assert.deepEqual(saved.map((s) => s.lineVersions?.state), ['translated']);
    service.dispose();
  });

  it('answered from cache: one snapshot, no translation asked, no extra event', async () => {
    const { service, versions, events } = setup();
    versions.cached = true;
    const first = await service.refresh(checkout);
    assert.equal(first.lineVersions?.state, 'translated');
    assert.equal(versions.asked.length, 0);
    assert.equal(await service.translated('checkout'), first);
    // refresh() fires when it starts and when it hands the snapshot over: nothing else.
    assert.deepEqual(events, [undefined, 'translated']);
    service.dispose();
  });

  it('retranslate (after a save or checkout): the last mapped snapshot again, no backend asked', async () => {
    const { service, versions, events, sentry } = setup();
    versions.cached = true;
    const refreshed = await service.refresh(checkout);
    versions.cached = false;
    const fetches = sentry.fetches.length;
    const before = events.length;
    service.retranslate(checkout);
    assert.equal(service.snapshot('checkout')?.lineVersions?.state, 'pending');
    // Translated from the mapped snapshot, not from the one handed over before.
    assert.equal(versions.asked[0].snapshot.lineVersions, undefined);
    assert.equal(versions.asked[0].snapshot.fetchedAt, refreshed.fetchedAt);
    const done = service.translated('checkout');
    versions.answer();
    assert.equal((await done)?.lineVersions?.state, 'translated');
    assert.deepEqual(events.slice(before), ['pending', 'translated']);
    assert.equal(sentry.fetches.length, fetches);
    service.dispose();
  });

  it('a translation that answers after a newer refresh does not replace the newer one', async () => {
    const { service, versions } = setup();
    await service.refresh(checkout);
    await service.refresh(checkout, { force: true });
    assert.equal(versions.asked.length, 2);
    const latest = service.translated('checkout');
    versions.answer(0);
    versions.answer(1);
    assert.deepEqual((await latest)?.statusReasons, ['translation 1']);
    assert.deepEqual(service.snapshot('checkout')?.statusReasons, ['translation 1']);
    service.dispose();
  });
});
