// Retry policy: pure functions, so the decision can be tested without a server or a clock.
import { BackendError } from '../errors';

/** Statuses that mean "try again later" rather than "this request is wrong". */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * `Retry-After` as unix ms: delta seconds (`120`) or an HTTP date. Unparseable values are ignored,
 * falling back to backoff, because a broken header should not stop a retry.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return nowMs + Math.round(Number(text) * 1000);
  // Date.parse reads "-5" as a year: an HTTP date always names a month.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(nowMs, date);
}

/**
 * Exponential backoff with jitter: base * 2^retry, scaled into [50%, 100%] so that many windows polling
 * the same backend do not retry in lockstep.
 */
export function backoffDelay(retry: number, baseMs: number, capMs: number, random: () => number): number {
  const exp = Math.min(capMs, baseMs * 2 ** retry);
  return Math.round(exp * (0.5 + random() / 2));
}

export type RetryDecision = { retry: true; waitMs: number } | { retry: false; retryAt?: number };

/** Whether to retry after a retryable status, and how long to wait. */
export function decideRetry(input: {
  retriesDone: number;
  maxRetries: number;
  retryAt: number | undefined;
  nowMs: number;
  baseDelayMs: number;
  maxWaitMs: number;
  random: () => number;
}): RetryDecision {
  const { retriesDone, maxRetries, retryAt, nowMs, baseDelayMs, maxWaitMs, random } = input;
  const waitMs = retryAt !== undefined ? Math.max(0, retryAt - nowMs) : backoffDelay(retriesDone, baseDelayMs, maxWaitMs, random);
  // A server asking for a longer pause than we are willing to block for gets it from the scheduler instead.
  if (retriesDone >= maxRetries || waitMs > maxWaitMs) return { retry: false, retryAt: retryAt ?? nowMs + waitMs };
  return { retry: true, waitMs };
}

/** A sleep that rejects with BackendError `cancelled` as soon as the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new BackendError('cancelled', 'the request was cancelled'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new BackendError('cancelled', 'the request was cancelled'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
