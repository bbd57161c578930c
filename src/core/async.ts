// Work that is started and not awaited (from a timer, an event listener, a notification's button) still has
// to have its failure seen: an unhandled rejection is reported by the extension host against no one, and
// ends the CLI process.
import type { Logger } from './log';

/** Runs `work` without waiting for it; a rejection is logged as `<what> failed: <reason>`. */
export function fireAndLog(work: PromiseLike<unknown>, log: Logger, what: string): void {
  work.then(undefined, (err: unknown) => log.error(`${what} failed:`, err));
}
