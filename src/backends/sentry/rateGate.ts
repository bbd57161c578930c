// Keeps ProdLens inside Sentry's documented API rate limits instead of tripping them and retrying: at most a
// few requests in flight (fewer when `X-Sentry-Rate-Limit-ConcurrentLimit` says so), and no request while
// `X-Sentry-Rate-Limit-Remaining` is spent, until `-Reset`. Sentry sends these headers on successful answers
// too, so the gate learns the limits from the first answer on.
import { BackendError } from '../errors';
import { abortableSleep } from '../http/retry';
import type { HttpHeaders } from '../http/types';

/** In flight at once before Sentry has said its concurrent limit (Sentry's are per token and endpoint). */
export const DEFAULT_MAX_CONCURRENT = 3;

export interface RateGateOptions {
  /** Upper bound whatever the headers allow. Default DEFAULT_MAX_CONCURRENT. */
  maxConcurrent?: number;
  /** Unix ms, the clock `-Reset` (epoch seconds) is compared with. */
  now: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const headerNumber = (headers: HttpHeaders, name: string): number | undefined => {
  const raw = headers[name]?.trim();
  return raw && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : undefined;
};

export class SentryRateGate {
  private inFlight = 0;
  private concurrency: number;
  private readonly waiting: (() => void)[] = [];
  /** Requests left in the current window, minus those started since the answer that said so. */
  private remaining: number | undefined;
  private resetAt: number | undefined;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly max: number;

  constructor(private readonly options: RateGateOptions) {
    this.max = Math.max(1, Math.floor(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT));
    this.concurrency = this.max;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /**
   * Runs `request` when a slot is free and the window has requests left. When the window is spent and resets
   * after `deadline` (unix ms, same clock as `now`), fails at once as `rateLimited` instead of waiting past it.
   */
  async run<T extends { headers: HttpHeaders }>(request: () => Promise<T>, signal?: AbortSignal, deadline?: number): Promise<T> {
    await this.slot(signal);
    try {
      await this.windowOpen(signal, deadline);
      if (this.remaining !== undefined) this.remaining--;
      const res = await request();
      this.learn(res.headers);
      return res;
    } finally {
      this.release();
    }
  }

  private async slot(signal: AbortSignal | undefined): Promise<void> {
    while (this.inFlight >= this.concurrency) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const at = this.waiting.indexOf(wake);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(new BackendError('cancelled', 'the request was cancelled'));
        };
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(wake);
      });
    }
    this.inFlight++;
  }

  private release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }

  private async windowOpen(signal: AbortSignal | undefined, deadline: number | undefined): Promise<void> {
    const now = this.options.now();
    if (this.remaining !== undefined && this.remaining <= 0 && this.resetAt !== undefined && this.resetAt > now) {
      if (deadline !== undefined && this.resetAt > deadline) {
        throw new BackendError('rateLimited', `Sentry's rate limit for this token is spent until ${new Date(this.resetAt).toISOString()}, after the refresh deadline`, { retryAt: this.resetAt });
      }
      await this.sleep(this.resetAt - now, signal);
    }
    // Waited once (or the window passed): the next answer says how much the new window has left.
    if (this.resetAt !== undefined && (this.remaining ?? 1) <= 0) {
      this.remaining = undefined;
      this.resetAt = undefined;
    }
  }

  private learn(headers: HttpHeaders): void {
    const concurrent = headerNumber(headers, 'x-sentry-rate-limit-concurrentlimit');
    if (concurrent !== undefined) this.concurrency = Math.max(1, Math.min(this.max, Math.floor(concurrent)));
    const remaining = headerNumber(headers, 'x-sentry-rate-limit-remaining');
    const reset = headerNumber(headers, 'x-sentry-rate-limit-reset');
    if (remaining === undefined || reset === undefined) return;
    const resetAt = Math.round(reset * 1000);
    if (resetAt <= this.options.now()) return;
    // The others still in flight were counted by the server or will be: assume the worse.
    const left = Math.max(0, Math.floor(remaining) - (this.inFlight - 1));
    if (this.resetAt === resetAt && this.remaining !== undefined) this.remaining = Math.min(this.remaining, left);
    else if (this.resetAt === undefined || resetAt >= this.resetAt) {
      this.remaining = left;
      this.resetAt = resetAt;
    }
  }
}
