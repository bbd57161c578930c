// Three hours of per-route HTTP traffic for the `checkout` job, with an error spike on one route, written as
// OpenMetrics for backfilling. Tests compute expected answers from the same profile, so changing a number here
// changes the expectation too, and a wrong query still fails.
import { OpenMetricsBuilder } from '../builders/openMetrics';

export const JOB = 'checkout';
export const STEP_SECONDS = 15;
export const HISTORY_SECONDS = 3 * 3600;
/** Counters start above zero, so Prometheus's extrapolation never clamps at zero and rates equal the slopes. */
const COUNTER_OFFSET = 500;

export const LATENCY_BOUNDS = [0.05, 0.1, 0.25, 0.5, 1, Infinity] as const;

export interface RouteProfile {
  route: string;
  method: string;
  /** Requests per step by status code, given the step's offset (seconds) from the history start. */
  perStep: (offsetSeconds: number) => Record<string, number>;
  /** Requests per step per latency bucket (not cumulative), aligned with LATENCY_BOUNDS. */
  latencyPerStep: readonly number[];
}

/** Minutes (from the history start) during which POST /api/orders fails. */
export const SPIKE = { fromSeconds: 120 * 60, toSeconds: 150 * 60 };

const inSpike = (offset: number) => offset >= SPIKE.fromSeconds && offset < SPIKE.toSeconds;

export const ROUTES: readonly RouteProfile[] = [
  {
    route: '/api/orders',
    method: 'POST',
    // The 500 series appears with the first failure, as client libraries do; 404s are client errors, not 5xx.
    perStep: (offset) => ({ '200': 8, '404': 1, ...(offset >= SPIKE.fromSeconds ? { '500': inSpike(offset) ? 4 : 0 } : {}) }),
    latencyPerStep: [1, 4, 5, 2, 1, 0],
  },
  {
    route: '/api/cart',
    method: 'GET',
    perStep: () => ({ '200': 18, '500': 1, '503': 1 }),
    latencyPerStep: [12, 5, 2, 1, 0, 0],
  },
  {
    route: '/health',
    method: 'GET',
    // Never fails: a plain division would drop this route; the expression must give exactly 0.
    perStep: () => ({ '200': 4 }),
    latencyPerStep: [4, 0, 0, 0, 0, 0],
  },
];

export interface History {
  /** Unix seconds of the first and last sample. */
  start: number;
  end: number;
  openMetrics: string;
}

/** The history ends `endAgoSeconds` before `nowSeconds`, aligned to the step. */
export function buildHistory(nowSeconds: number, endAgoSeconds = 600): History {
  const end = Math.floor((nowSeconds - endAgoSeconds) / STEP_SECONDS) * STEP_SECONDS;
  const start = end - HISTORY_SECONDS;
  const om = new OpenMetricsBuilder();
  for (const profile of ROUTES) {
    const totals = new Map<string, number>();
    for (let offset = 0; offset <= HISTORY_SECONDS; offset += STEP_SECONDS) {
      for (const [status, n] of Object.entries(profile.perStep(offset))) {
        const value = (totals.get(status) ?? COUNTER_OFFSET) + n;
        totals.set(status, value);
        om.counter('http_requests', { job: JOB, route: profile.route, method: profile.method, status }, value, start + offset, 'HTTP requests.');
      }
    }
  }
  for (const profile of ROUTES) {
    const perBucket = profile.latencyPerStep;
    for (let step = 0; step <= HISTORY_SECONDS / STEP_SECONDS; step++) {
      const n = step + COUNTER_OFFSET;
      let running = 0;
      const cumulative = new Map<number, number>();
      LATENCY_BOUNDS.forEach((le, i) => {
        running += perBucket[i] * n;
        cumulative.set(le, running);
      });
      const sum = n * perBucket.reduce((acc, c, i) => acc + c * Math.min(LATENCY_BOUNDS[i], 2) * 0.8, 0);
      om.histogram('http_request_duration_seconds', { job: JOB, route: profile.route }, cumulative, sum, start + step * STEP_SECONDS, 'Request latency.');
    }
  }
  return { start, end, openMetrics: om.build() };
}

/**
 * The 5xx ratio a per-route query must return at `offset` seconds into the history, or undefined while the
 * 5-minute rate window straddles a change (those points are not asserted).
 */
export function expectedErrorRatio(profile: RouteProfile, offset: number, windowSeconds = 300): number | undefined {
  const a = profile.perStep(offset - windowSeconds);
  const b = profile.perStep(offset);
  const ratio = (counts: Record<string, number>) => {
    const total = Object.values(counts).reduce((x, y) => x + y, 0);
    const errors = Object.entries(counts).filter(([s]) => s.startsWith('5')).reduce((x, [, y]) => x + y, 0);
    return errors / total;
  };
  // A straddled change also shows up as a series present at one end only.
  if (ratio(a) !== ratio(b) || Object.keys(a).length !== Object.keys(b).length) return undefined;
  return ratio(b);
}

/** Prometheus's histogram_quantile: linear interpolation inside the bucket holding the rank. */
export function expectedQuantile(q: number, perBucket: readonly number[]): number {
  const cumulative: number[] = [];
  perBucket.reduce((acc, c, i) => (cumulative[i] = acc + c), 0);
  const total = cumulative[cumulative.length - 1];
  const rank = q * total;
  const i = cumulative.findIndex((c) => c >= rank);
  if (LATENCY_BOUNDS[i] === Infinity) return LATENCY_BOUNDS[LATENCY_BOUNDS.length - 2];
  const lower = i === 0 ? 0 : LATENCY_BOUNDS[i - 1];
  const below = i === 0 ? 0 : cumulative[i - 1];
  return lower + (LATENCY_BOUNDS[i] - lower) * ((rank - below) / (cumulative[i] - below));
}
