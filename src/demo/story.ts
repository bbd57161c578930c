// The demo production's script: two services of the `demo/` monorepo, steady traffic, a deploy of
// checkout-api 2.14.0 forty minutes before the demo starts, then an error spike on POST /api/orders whose
// stack lands on demo/services/checkout-api/src/routes/orders.ts:19, an alert, a PagerDuty incident, and a
// slow cart endpoint. Everything is a deterministic function of time (seeded noise), so the backfilled
// history and the live scrape agree, and counters never go backwards.

export const DEPLOY_AGO_S = 40 * 60;
export const HISTORY_S = 26 * 3600;
export const STEP_S = 60;

/** Upper bounds (seconds) of the latency histograms, as prom-client's defaults. */
export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export interface RouteScript {
  job: string;
  /** Label names: prom-client style for checkout-api, Flask style for billing. */
  routeLabel: 'route' | 'endpoint';
  statusLabel: 'status' | 'http_status';
  route: string;
  method: string;
  /** Requests per second. */
  rps: number;
  /** Share of requests answered with 5xx, before and after the deploy. */
  errorsBefore: number;
  errorsAfter: number;
  /** Share of 4xx (client errors, not counted as failures). */
  clientErrors: number;
  /** Typical latency (seconds): the histogram is a log-normal-ish spread around it. */
  latency: number;
}

export const ROUTES: readonly RouteScript[] = [
  { job: 'checkout-api', routeLabel: 'route', statusLabel: 'status', route: '/api/orders/:id', method: 'GET', rps: 6, errorsBefore: 0.001, errorsAfter: 0.001, clientErrors: 0.01, latency: 0.04 },
  { job: 'checkout-api', routeLabel: 'route', statusLabel: 'status', route: '/api/orders', method: 'POST', rps: 2, errorsBefore: 0.002, errorsAfter: 0.14, clientErrors: 0.02, latency: 0.12 },
  { job: 'checkout-api', routeLabel: 'route', statusLabel: 'status', route: '/api/cart', method: 'GET', rps: 10, errorsBefore: 0.0005, errorsAfter: 0.0005, clientErrors: 0, latency: 0.42 },
  { job: 'checkout-api', routeLabel: 'route', statusLabel: 'status', route: '/api/cart/items/:sku', method: 'PUT', rps: 3, errorsBefore: 0, errorsAfter: 0, clientErrors: 0.005, latency: 0.03 },
  { job: 'checkout-api', routeLabel: 'route', statusLabel: 'status', route: '/api/payments/:orderId/capture', method: 'POST', rps: 1, errorsBefore: 0.004, errorsAfter: 0.004, clientErrors: 0, latency: 0.2 },
  { job: 'checkout-api', routeLabel: 'route', statusLabel: 'status', route: '/health', method: 'GET', rps: 1, errorsBefore: 0, errorsAfter: 0, clientErrors: 0, latency: 0.002 },
  // Scrapes are counted by the middleware too; ProdLens must leave them out.
  { job: 'checkout-api', routeLabel: 'route', statusLabel: 'status', route: '/metrics', method: 'GET', rps: 0.2, errorsBefore: 0, errorsAfter: 0, clientErrors: 0, latency: 0.004 },
  { job: 'billing', routeLabel: 'endpoint', statusLabel: 'http_status', route: '/invoices/<int:invoice_id>', method: 'GET', rps: 3, errorsBefore: 0.02, errorsAfter: 0.02, clientErrors: 0.01, latency: 0.09 },
  { job: 'billing', routeLabel: 'endpoint', statusLabel: 'http_status', route: '/health', method: 'GET', rps: 0.5, errorsBefore: 0, errorsAfter: 0, clientErrors: 0, latency: 0.003 },
];

/** A small deterministic hash in [0, 1) for seeded noise. */
function noise(seed: string, minute: number): number {
  let h = 2166136261;
  const text = `${seed}:${minute}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return ((h >>> 0) % 10_000) / 10_000;
}

export class Story {
  /** Unix seconds when the demo started; the deploy happened DEPLOY_AGO_S before. */
  constructor(readonly startS: number) {}

  get deployS(): number {
    return this.startS - DEPLOY_AGO_S;
  }

  get historyStartS(): number {
    return Math.floor((this.startS - HISTORY_S) / STEP_S) * STEP_S;
  }

  private rates(r: RouteScript, minute: number): { ok: number; client: number; server: number } {
    const t = minute * 60;
    // ±10% traffic wobble, and a daily rhythm so the 24 h chart is not flat.
    const daily = 0.85 + 0.3 * Math.sin((2 * Math.PI * (t % 86_400)) / 86_400);
    const total = r.rps * daily * (0.9 + 0.2 * noise(r.route, minute));
    const errorShare = (t >= this.deployS ? r.errorsAfter : r.errorsBefore) * (0.8 + 0.4 * noise(`${r.route}!`, minute));
    return { server: total * errorShare, client: total * r.clientErrors, ok: total * (1 - errorShare - r.clientErrors) };
  }

  /** Cumulative counts at each minute boundary since the history start, per route, extended on demand. */
  private readonly cumulative = new Map<string, { ok: number; client: number; server: number }[]>();

  /** Cumulative requests of a route by status class at unix second `t` (counters since the history start). */
  counts(r: RouteScript, t: number): { ok: number; client: number; server: number } {
    const first = Math.floor(this.historyStartS / 60);
    const minute = Math.max(first, Math.floor(t / 60));
    const key = `${r.job} ${r.method} ${r.route}`;
    let cum = this.cumulative.get(key);
    if (!cum) this.cumulative.set(key, (cum = [{ ok: 0, client: 0, server: 0 }]));
    while (first + cum.length - 1 < minute) {
      const m = first + cum.length - 1;
      const prev = cum[cum.length - 1];
      const rates = this.rates(r, m);
      cum.push({ ok: prev.ok + rates.ok * 60, client: prev.client + rates.client * 60, server: prev.server + rates.server * 60 });
    }
    const base = cum[minute - first];
    const span = Math.max(0, t - minute * 60);
    const rates = this.rates(r, minute);
    return { ok: base.ok + rates.ok * span, client: base.client + rates.client * span, server: base.server + rates.server * span };
  }

  /** Share of a route's requests at or below each bucket bound (cumulative, ends at 1). */
  static bucketShares(r: RouteScript): number[] {
    // A log-normal-ish spread: half under the typical latency, a tail up to ~4x.
    return BUCKETS.map((le) => {
      const x = Math.log(le / r.latency) / 0.55;
      return Math.min(1, Math.max(0, 0.5 * (1 + Math.tanh(x * 0.9))));
    });
  }

  /** Prometheus exposition lines (the series and their values) at unix second `t`, for both the backfill and /metrics. */
  samples(t: number): { name: string; labels: Record<string, string>; value: number }[] {
    const out: { name: string; labels: Record<string, string>; value: number }[] = [];
    for (const r of ROUTES) {
      const c = this.counts(r, t);
      const base = { job: r.job, [r.routeLabel]: r.route, method: r.method };
      const statuses: [string, number][] = [['200', c.ok], [r.method === 'POST' ? '422' : '404', c.client], ['500', c.server]];
      for (const [status, value] of statuses) {
        if (value <= 0) continue; // a series appears with its first request, as client libraries do
        out.push({ name: 'http_requests_total', labels: { ...base, [r.statusLabel]: status }, value });
      }
      const total = c.ok + c.client + c.server;
      const shares = Story.bucketShares(r);
      BUCKETS.forEach((le, i) => out.push({ name: 'http_request_duration_seconds_bucket', labels: { ...base, le: String(le) }, value: total * shares[i] }));
      out.push({ name: 'http_request_duration_seconds_bucket', labels: { ...base, le: '+Inf' }, value: total });
      out.push({ name: 'http_request_duration_seconds_count', labels: base, value: total });
      out.push({ name: 'http_request_duration_seconds_sum', labels: base, value: total * r.latency * 1.1 });
    }
    return out;
  }

  /** Requests of a route answered with 5xx between two instants: what Sentry would have counted. */
  serverErrorsBetween(route: string, fromS: number, toS: number): number {
    const r = ROUTES.find((x) => x.route === route);
    if (!r) return 0;
    return Math.round(this.counts(r, toS).server - this.counts(r, Math.max(fromS, this.historyStartS)).server);
  }
}

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',');
}

/** The history as OpenMetrics for `promtool tsdb create-blocks-from openmetrics` (timestamps in seconds). */
export function historyOpenMetrics(story: Story, endS: number): string {
  // OpenMetrics wants each family's series grouped and each series' samples in time order: collect
  // per series first, then write family by family.
  const series = new Map<string, { family: string; lines: string[] }>();
  for (let t = story.historyStartS; t < endS; t += STEP_S) {
    for (const s of story.samples(t)) {
      const key = `${s.name}{${labelText(s.labels)}}`;
      let entry = series.get(key);
      if (!entry) series.set(key, (entry = { family: s.name.replace(/_(total|bucket|count|sum)$/, ''), lines: [] }));
      entry.lines.push(`${key} ${s.value.toFixed(3)} ${t}`);
    }
  }
  const chunks: string[] = [];
  for (const family of ['http_requests', 'http_request_duration_seconds']) {
    chunks.push(`# TYPE ${family} ${family === 'http_requests' ? 'counter' : 'histogram'}`);
    for (const entry of series.values()) if (entry.family === family) chunks.push(entry.lines.join('\n'));
  }
  chunks.push('# EOF');
  return `${chunks.join('\n')}\n`;
}

/** The live values in the Prometheus text format, served on the demo's /metrics. */
export function exposition(story: Story, t: number): string {
  const lines: string[] = ['# TYPE http_requests_total counter', '# TYPE http_request_duration_seconds histogram'];
  for (const s of story.samples(t)) lines.push(`${s.name}{${labelText(s.labels)}} ${s.value.toFixed(3)}`);
  return `${lines.join('\n')}\n`;
}
