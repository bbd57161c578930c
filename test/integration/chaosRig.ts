// The chaos tests' instruments (chaos.test.ts): their timings, the requests a rig's client records, and the rig
// itself: one RefreshService with its own clock over an HTTP client that records what it sends, by origin.
import assert from 'node:assert/strict';
import { isBackendError } from '../../src/backends/errors';
import { createHttpClient } from '../../src/backends/http/httpClient';
import type { HttpClient, HttpRequest } from '../../src/backends/http/types';
import { withParams } from '../../src/backends/http/url';
import type { DetectedService } from '../../src/core/detect/services';
import type { Logger } from '../../src/core/log';
import type { BackendKind, BackendStatus, HealthSnapshot } from '../../src/core/model';
import { parseTimeWindow } from '../../src/core/timeWindow';
import { RefreshService } from '../../src/services/refreshService';
import { SourceFactory } from '../../src/services/sourceFactory';
import { JOB } from './trafficHistory';

export const WINDOW = parseTimeWindow('1h')!;
/** The client's per-request timeout; the slow proxy answers only after five times as long. */
export const TIMEOUT_MS = 1000;
export const SLOW_MS = 5 * TIMEOUT_MS;
/**
 * The readiness probe's deadline here: shorter than the client's timeout, so a probe its own deadline ended
 * ("cancelled" by the refresh service) is told apart from one the client timed out.
 */
export const PROBE_TIMEOUT_MS = 400;
/** What the probes send, as the proxy receives it (path and query). */
export const PROBE_TARGET: Record<'prometheus' | 'alertmanager', string> = { prometheus: '/api/v1/query?query=vector%281%29', alertmanager: '/api/v2/status' };
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_CAP_MS = 10 * 60_000;
/** The default `prodlens.refreshIntervalSeconds`, as a poller would tick. */
export const POLL_MS = 60_000;
export const DNS_FAIL_URL = 'http://prometheus.invalid:9090';
export const LABEL: Record<'prometheus' | 'alertmanager', string> = { prometheus: 'Prometheus', alertmanager: 'Alertmanager' };

export const checkout: DetectedService = { name: JOB, folders: [''], environments: ['production'], evidence: [] };

export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function status(snapshot: HealthSnapshot, kind: BackendKind): BackendStatus {
  const found = snapshot.backends.find((b) => b.kind === kind);
  assert.ok(found, `no ${kind} status in ${JSON.stringify(snapshot.backends)}`);
  return found;
}

/** A request the client started: where to, what (path and query as sent), and how it ended once it has. */
export interface Sent {
  origin: string;
  target: string;
  /** `ok`, or the BackendError kind it failed with. */
  outcome?: string;
}

export const isProbe = (r: Sent) => r.target === PROBE_TARGET.prometheus || r.target === PROBE_TARGET.alertmanager;

/** One RefreshService with its own clock, over an HTTP client that records what it sends, by origin. */
export interface Rig {
  refresh: RefreshService;
  clock: { now: number };
  /** Requests the client has started to this origin. */
  sent(origin: string): number;
  /** The same requests, in order, with their targets and outcomes. */
  log(origin: string): Sent[];
  /** The refresh service's debug lines (probe failures). */
  debug: string[];
  /** Resolves when every request the client started has finished, including siblings of a failed one. */
  settled(): Promise<void>;
  /** One ordinary refresh (as the poller makes), then waits until the client is idle. */
  run(): Promise<HealthSnapshot>;
}

/** A rig over these backend URLs; its clock starts at `startMs`. */
export function makeRig(urls: { prometheus: string; alertmanager: string }, startMs: number, options: { caPem?: string; timeoutMs?: number } = {}): Rig {
  const real = createHttpClient({ version: 'chaos-test', timeoutMs: options.timeoutMs ?? TIMEOUT_MS, caPem: options.caPem });
  const sent: Sent[] = [];
  const pending = new Set<Promise<unknown>>();
  const http: HttpClient = {
    request<T>(req: HttpRequest) {
      const url = new URL(withParams(req.url, req.params));
      const record: Sent = { origin: url.origin, target: `${url.pathname}${url.search}` };
      sent.push(record);
      const answer = real.request<T>(req);
      // then(done, done), not finally(): a finally() chain would be a second, unhandled, rejection.
      const tracked: Promise<unknown> = answer.then(
        () => {
          record.outcome = 'ok';
          pending.delete(tracked);
        },
        (err: unknown) => {
          record.outcome = isBackendError(err) ? err.kind : 'error';
          pending.delete(tracked);
        },
      );
      pending.add(tracked);
      return answer;
    },
  };
  const factory = new SourceFactory(http, async () => undefined, () => ({ prometheusUrl: urls.prometheus, alertmanagerUrl: urls.alertmanager }));
  const clock = { now: startMs };
  const debug: string[] = [];
  const log: Logger = { error() {}, warn() {}, info() {}, debug: (message: string) => debug.push(message) };
  const refresh = new RefreshService({
    sourcesFor: (s) => factory.sourcesFor(s),
    settings: () => ({ window: WINDOW, environment: 'production' }),
    log,
    now: () => clock.now,
    probeTimeoutMs: PROBE_TIMEOUT_MS,
  });
  const settled = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  const rig: Rig = {
    refresh,
    clock,
    sent: (origin) => sent.filter((r) => r.origin === new URL(origin).origin).length,
    log: (origin) => sent.filter((r) => r.origin === new URL(origin).origin),
    debug,
    settled,
    async run() {
      const snapshot = await refresh.refresh(checkout);
      await settled();
      return snapshot;
    },
  };
  return rig;
}
