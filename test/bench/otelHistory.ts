// Two hours and more of one service's HTTP traffic as the OpenTelemetry HTTP server histogram
// (`http_server_request_duration_seconds_{bucket,count,sum}`, the semantic conventions' default buckets),
// written as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`: what a real Prometheus
// holds for a service scraped once a minute. Too large for one string (about 250 MB for 500 routes), so it is
// streamed to a file.
import * as fs from 'node:fs';
import type { RouteSpec } from './production';

/** `http.server.request.duration`'s advised bucket bounds (seconds), which OTel SDKs use by default. */
export const OTEL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] as const;
const METRIC = 'http_server_request_duration_seconds';

export interface HistoryOptions {
  job: string;
  routes: readonly RouteSpec[];
  /** Unix seconds of the first and last sample; `end` may lie a little ahead so the data stays "live". */
  start: number;
  end: number;
  stepSeconds: number;
  /** Samples after this belong to the current window (its traffic differs from the previous one's). */
  currentFrom: number;
  random: () => number;
}

export interface HistoryStats {
  series: number;
  samples: number;
  bytes: number;
  /** Routes with a 5xx series, and those whose errors spike in the current window. */
  routesWithErrors: number;
  spikingRoutes: number;
}

/** Normal CDF (Abramowitz–Stegun 7.1.26 for erf), enough precision for bucket fractions. */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Fraction of requests at or under each bound, for log-normal latency with this median. */
function latencyCdf(medianSeconds: number, sigma: number): number[] {
  return OTEL_BUCKETS.map((le) => normalCdf((Math.log(le) - Math.log(medianSeconds)) / sigma));
}

interface StatusSeries {
  labels: string;
  /** Cumulative count per bucket bound (not +Inf), total count, and sum of seconds. */
  buckets: number[];
  count: number;
  sum: number;
}

interface RouteTraffic {
  /** Requests per minute, previous and current window. */
  perMinute: { previous: number; current: number };
  /** Share of requests by status, per window. */
  statuses: { code: string; previous: number; current: number }[];
  cdf: { previous: number[]; current: number[] };
  mean: { previous: number; current: number };
  series: Map<string, StatusSeries>;
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/**
 * Traffic shaped like a real API's: a few hot routes and a long tail (Zipf-like, 1 to about 3,000 requests a
 * minute), ±10 % noise and a slow swing per step, latency log-normal per route (median 4–300 ms); a fifth of
 * the routes return some 500s (0.1–3 %), a tenth 404s, and three routes fail hard and slow down in the current
 * window. Counters start where a process that has run for a while would have them.
 */
export function writeOtelHistory(file: string, o: HistoryOptions): HistoryStats {
  const { random } = o;
  const order = o.routes.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const rank = new Map(order.map((routeIndex, r) => [routeIndex, r]));
  const spiking = new Set(order.slice(10, 13));
  let routesWithErrors = 0;
  const traffic: RouteTraffic[] = o.routes.map((r, i) => {
    const base = Math.max(1, Math.round(3000 / (1 + rank.get(i)!)));
    const median = Math.exp(Math.log(0.004) + random() * (Math.log(0.3) - Math.log(0.004)));
    const sigma = 0.5 + random() * 0.4;
    const errorShare = random() < 0.2 ? 0.001 + random() * 0.029 : 0;
    const notFound = r.path.includes(':id') && random() < 0.2 ? 0.01 + random() * 0.03 : 0;
    const spike = spiking.has(i);
    if (errorShare > 0 || spike) routesWithErrors++;
    const statuses = [
      { code: '500', previous: errorShare, current: spike ? 0.2 + random() * 0.15 : errorShare },
      { code: '404', previous: notFound, current: notFound },
    ].filter((s) => s.previous > 0 || s.current > 0);
    const ok = { code: r.method === 'POST' ? '201' : '200', previous: 1 - statuses.reduce((a, s) => a + s.previous, 0), current: 1 - statuses.reduce((a, s) => a + s.current, 0) };
    const slower = spike ? 3 : 1;
    const all = [ok, ...statuses];
    const series = new Map<string, StatusSeries>();
    for (const s of all) {
      const labels = `job="${escape(o.job)}",http_route="${escape(r.path)}",http_request_method="${r.method}",http_response_status_code="${s.code}"`;
      // About 40 minutes of traffic before the history starts.
      const count = Math.round(base * 40 * s.previous);
      const cdf = latencyCdf(median, sigma);
      series.set(s.code, { labels, buckets: cdf.map((f) => Math.round(count * f)), count, sum: count * median * Math.exp((sigma * sigma) / 2) });
    }
    return {
      perMinute: { previous: base, current: Math.max(1, Math.round(base * (0.9 + random() * 0.3))) },
      statuses: all,
      cdf: { previous: latencyCdf(median, sigma), current: latencyCdf(median * slower, sigma) },
      mean: { previous: median * Math.exp((sigma * sigma) / 2), current: median * slower * Math.exp((sigma * sigma) / 2) },
      series,
    };
  });

  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let chunk: string[] = [];
  const flush = () => {
    const text = chunk.join('');
    bytes += Buffer.byteLength(text);
    fs.writeSync(fd, text);
    chunk = [];
  };
  let samples = 0;
  try {
    chunk.push(`# HELP ${METRIC} Duration of HTTP server requests.\n# TYPE ${METRIC} histogram\n# UNIT ${METRIC} seconds\n`);
    for (let t = o.start; t <= o.end; t += o.stepSeconds) {
      const segment = t > o.currentFrom ? 'current' : 'previous';
      const swing = 1 + 0.1 * Math.sin((2 * Math.PI * (t - o.start)) / 5400);
      for (const route of traffic) {
        const requests = route.perMinute[segment] * (o.stepSeconds / 60) * swing * (0.9 + random() * 0.2);
        for (const status of route.statuses) {
          // Whole requests; a share below one request a step still shows up now and then.
          const n = Math.floor(requests * status[segment] + random());
          const s = route.series.get(status.code)!;
          const cdf = route.cdf[segment];
          for (let b = 0; b < cdf.length; b++) s.buckets[b] += Math.round(n * cdf[b]);
          s.count += n;
          s.sum += n * route.mean[segment] * (status.code === '500' ? 1.5 : 1);
          for (let b = 0; b < OTEL_BUCKETS.length; b++) chunk.push(`${METRIC}_bucket{${s.labels},le="${OTEL_BUCKETS[b]}"} ${s.buckets[b]} ${t}\n`);
          chunk.push(`${METRIC}_bucket{${s.labels},le="+Inf"} ${s.count} ${t}\n`, `${METRIC}_count{${s.labels}} ${s.count} ${t}\n`, `${METRIC}_sum{${s.labels}} ${s.sum.toFixed(3)} ${t}\n`);
          samples += OTEL_BUCKETS.length + 3;
        }
      }
      if (chunk.length > 100_000) flush();
    }
    chunk.push('# EOF\n');
    flush();
  } finally {
    fs.closeSync(fd);
  }
  const series = traffic.reduce((n, r) => n + r.series.size, 0) * (OTEL_BUCKETS.length + 3);
  return { series, samples, bytes, routesWithErrors, spikingRoutes: spiking.size };
}
