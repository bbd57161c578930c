// Calls `tick` every interval while the window is focused. Unfocused, it only notes that a tick is due and
// runs it as soon as focus returns, so a background window costs no network and no CPU.

export class Poller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private focused = true;
  private due = false;
  private running = false;
  private stopped = true;

  constructor(
    private readonly tick: () => Promise<void>,
    private readonly intervalMs: () => number,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.fire();
  }

  setFocused(focused: boolean): void {
    this.focused = focused;
    if (focused && this.due && !this.stopped) this.fire();
  }

  /** Restarts the interval, e.g. after the interval setting changed. */
  reschedule(): void {
    if (this.stopped) return;
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), this.intervalMs());
  }

  private fire(): void {
    if (this.stopped) return;
    if (!this.focused) {
      this.due = true;
      return;
    }
    if (this.running) return;
    this.due = false;
    this.running = true;
    // The tick reports its own failures; the poller only keeps time, after a success or a failure alike. The
    // executor calls the tick now, and turns one that throws instead of rejecting into a rejection.
    new Promise<void>((resolve) => resolve(this.tick())).then(this.ticked, this.ticked);
  }

  private readonly ticked = (): void => {
    this.running = false;
    // Stopped during the tick: arm nothing, or the timer would keep a CLI process alive for an interval.
    if (!this.stopped) this.schedule();
  };

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
