// A sized production for the refresh benchmarks: a local Prometheus and Alertmanager stand-in (node:http,
// answering the documented JSON shapes for the queries ProdLens sends, built once so the server costs the
// same for ProdLens and for the raw baseline), the Sentry/PagerDuty replay server over builders, and the
// service's route files so the mapping has handlers to land on.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReplayServer, type ReplayServer } from '../../src/demo/replay/replayServer';
import { PdIncidentBuilder, pagerDutyFixture } from '../../src/demo/replay/pagerDutyBuilders';
import { SentryIssueBuilder, SentryReleaseBuilder, sentryFixture, sentryFrame } from '../../src/demo/replay/sentryBuilders';
import { pick, seededRandom } from './common';

export const SERVICE = 'checkout-api';
export const SERVICE_FOLDER = `services/${SERVICE}`;
export const SENTRY_TOKEN = 'bench-sentry-token';
export const PAGERDUTY_TOKEN = 'bench-pagerduty-token';
export const PAGERDUTY_SERVICE = 'PSVC001';
const ROUTES_PER_FILE = 20;
const HANDLER_LINES = 5;

export interface ProductionSize {
  routes: number;
  errorGroups: number;
  alerts: number;
  incidents: number;
}

export interface RouteSpec {
  method: string;
  path: string;
  /** Workspace-relative file of the Express router that defines it, and the handler's first line. */
  file: string;
  line: number;
}

const RESOURCES = ['orders', 'carts', 'payments', 'refunds', 'invoices', 'customers', 'addresses', 'products', 'prices', 'coupons', 'shipments', 'returns', 'reviews', 'wishlists', 'sessions', 'tokens', 'webhooks', 'reports', 'exports', 'subscriptions'];
const SUFFIXES = ['', '/:id', '/:id/items', '/:id/items/:itemId', '/:id/history', '/search', '/:id/status', '/bulk'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

/** `count` routes: distinct templates × four methods, 20 per router file under `src/routes/`. */
export function routeSpecs(count: number): RouteSpec[] {
  const out: RouteSpec[] = [];
  for (let i = 0; out.length < count; i++) {
    const resource = RESOURCES[i % RESOURCES.length];
    const suffix = SUFFIXES[Math.floor(i / RESOURCES.length) % SUFFIXES.length];
    const version = 1 + Math.floor(i / (RESOURCES.length * SUFFIXES.length));
    for (const method of METHODS) {
      if (out.length >= count) break;
      const n = out.length;
      const fileIndex = Math.floor(n / ROUTES_PER_FILE);
      // Line 1: import; 2: router; 3: blank; then one handler block per route.
      out.push({ method, path: `/api/v${version}/${resource}${suffix}`, file: `${SERVICE_FOLDER}/src/routes/r${fileIndex}.ts`, line: 4 + (n % ROUTES_PER_FILE) * HANDLER_LINES });
    }
  }
  return out;
}

/** The Express router files defining `routes`, as the route scanner will read them. */
export function routeSources(routes: readonly RouteSpec[]): Map<string, string> {
  const byFile = new Map<string, RouteSpec[]>();
  for (const r of routes) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r]);
  const out = new Map<string, string>();
  for (const [file, list] of byFile) {
    const lines = [`import { Router } from 'express';`, 'export const router = Router();', ''];
    for (const r of list) {
      lines.push(
        `router.${r.method.toLowerCase()}('${r.path}', async (req, res) => {`,
        '  const found = await store.load(req.params.id, req.query);',
        '  if (!found) return res.status(404).json({ error: \'not found\' });',
        '  res.json(found);',
        '});',
      );
    }
    out.set(file, `${lines.join('\n')}\n`);
  }
  return out;
}

interface Answers {
  detection: string;
  rates: string;
  latency: string;
  range: string;
  alerts: string;
}

function promVector(result: { metric: Record<string, string>; value: [number, string] }[]): string {
  return JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });
}

/**
 * The service's alert number `i`: labels and annotations as an alerting rule sets them. Every fifth carries
 * the OpenTelemetry code location of a route handler, as some alerting rules do.
 */
export function serviceAlert(i: number, random: () => number): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = {
    alertname: pick(random, ['HighErrorRate', 'HighLatencyP95', 'PodCrashLooping', 'SaturationHigh', 'SLOBurnRate']),
    service: SERVICE,
    job: SERVICE,
    severity: pick(random, ['critical', 'warning', 'warning', 'info']),
    instance: `10.0.${i % 250}.${(i * 7) % 250}:8080`,
    namespace: 'prod',
  };
  if (i % 5 === 0) Object.assign(labels, { code_filepath: `/app/src/routes/r${i % 10}.ts`, code_lineno: String(4 + (i % 20) * HANDLER_LINES) });
  const annotations = { summary: `${labels.alertname} on ${SERVICE}`, description: `Alert ${i}: the ${labels.alertname} condition has held for 5 minutes.`, runbook_url: 'https://runbooks.example.com/checkout' };
  return { labels, annotations };
}

/** What Prometheus answers for the service's queries (OpenTelemetry HTTP server metrics) and Alertmanager's alert list. */
function buildAnswers(routes: readonly RouteSpec[], alertCount: number, nowS: number, random: () => number): Answers {
  const route = (r: RouteSpec) => ({ http_route: r.path, http_request_method: r.method });
  // Presence, as the detection query asks: status × method combinations, and the route label in a branch of its own.
  const name = { __name__: 'http_server_request_duration_seconds_count', job: SERVICE };
  const methods = [...new Set(routes.map((r) => r.method))];
  const detection = [
    ...methods.flatMap((method) => ['200', '500'].map((code) => ({ metric: { ...name, http_response_status_code: code, http_request_method: method }, value: [nowS, String(routes.length)] as [number, string] }))),
    { metric: { ...name, prodlens_has: 'http_route' }, value: [nowS, String(routes.length * 2)] as [number, string] },
  ];
  const rates: { metric: Record<string, string>; value: [number, string] }[] = [];
  let prevTotal = 0;
  let prevErrors = 0;
  for (const r of routes) {
    const total = (random() * 50).toFixed(6);
    rates.push({ metric: { ...route(r), prodlens_kind: 'total' }, value: [nowS, total] });
    prevTotal += random() * 50;
    if (random() < 0.3) {
      rates.push({ metric: { ...route(r), prodlens_kind: 'errors' }, value: [nowS, (Number(total) * random() * 0.1).toFixed(6)] });
      prevErrors += random() * 0.5;
    }
  }
  // The previous window comes back as two totals.
  rates.push({ metric: { prodlens_kind: 'prev_total' }, value: [nowS, prevTotal.toFixed(6)] });
  rates.push({ metric: { prodlens_kind: 'prev_errors' }, value: [nowS, prevErrors.toFixed(6)] });
  // Bucket rates per route (OpenTelemetry's default bounds, in seconds) and the previous window's overall.
  const latency: { metric: Record<string, string>; value: [number, string] }[] = [];
  const bounds = ['0.005', '0.01', '0.025', '0.05', '0.075', '0.1', '0.25', '0.5', '0.75', '1', '2.5', '5', '7.5', '10', '+Inf'];
  const cumulative = (rate: number) => {
    let running = 0;
    return bounds.map((_, i) => (running += i === bounds.length - 1 ? 0 : rate * random() * 0.2));
  };
  for (const r of routes) {
    // A route whose histogram had no observations in the window: all zero, so its quantiles are NaN.
    const counts = cumulative(random() < 0.05 ? 0 : random() * 50);
    // As the built-in query returns them: route and method renamed `r` and `m`, the current window untagged.
    bounds.forEach((le, i) => latency.push({ metric: { le, m: r.method, r: r.path }, value: [nowS, counts[i].toFixed(6)] }));
  }
  const previous = cumulative(2000);
  bounds.forEach((le, i) => latency.push({ metric: { le, prodlens_scope: 'previous' }, value: [nowS, previous[i].toFixed(6)] }));
  const range = ['throughput', 'error_ratio', 'p95'].map((name) => ({
    metric: { prodlens_series: name },
    values: Array.from({ length: 61 }, (_, i) => [nowS - 3600 + i * 60, (random() * 100).toFixed(4)]),
  }));
  const alerts = Array.from({ length: alertCount }, (_, i) => {
    const { labels, annotations } = serviceAlert(i, random);
    return {
      annotations,
      endsAt: new Date((nowS + 3600) * 1000).toISOString(),
      fingerprint: (0x1000000 + i).toString(16),
      receivers: [{ name: 'checkout-oncall' }],
      startsAt: new Date((nowS - 600 - i) * 1000).toISOString(),
      status: { inhibitedBy: [], silencedBy: [], state: 'active' },
      updatedAt: new Date(nowS * 1000).toISOString(),
      generatorURL: `http://prometheus.example.com/graph?g0.expr=${encodeURIComponent(labels.alertname)}`,
      labels,
    };
  });
  return {
    detection: promVector(detection),
    rates: promVector(rates),
    latency: promVector(latency),
    range: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: range } }),
    alerts: JSON.stringify(alerts),
  };
}

export interface LocalServer {
  url: string;
  stop(): Promise<void>;
}

/** Prometheus (`/api/v1/query`, `/api/v1/query_range`, GET or form POST) and Alertmanager (`/api/v2/alerts`) on one port. */
async function startMetricsServer(answers: Answers): Promise<LocalServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://bench.invalid');
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const query = url.searchParams.get('query') ?? form.get('query') ?? '';
      let body: string | undefined;
      if (url.pathname === '/api/v2/alerts') body = answers.alerts;
      else if (url.pathname === '/api/v1/query_range') body = answers.range;
      else if (url.pathname === '/api/v1/query') {
        body = query.startsWith('count by') ? answers.detection : query.includes('prodlens_scope') ? answers.latency : query.includes('prodlens_kind') ? answers.rates : undefined;
      }
      if (body === undefined) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"status":"error","errorType":"bad_data","error":"unknown query"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }).end(body);
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Sentry issues, most frequent first, each with a latest event whose stack ends in one of the route handlers. */
function sentryIssues(count: number, routes: readonly RouteSpec[], nowS: number, random: () => number): SentryIssueBuilder[] {
  const titles = [
    ['TypeError', 'Cannot read properties of undefined (reading \'id\')'],
    ['RangeError', 'Invalid time value'],
    ['Error', 'connect ECONNREFUSED 10.0.3.7:5432'],
    ['ValidationError', 'quantity must be a positive integer'],
    ['SyntaxError', 'Unexpected token < in JSON at position 0'],
  ];
  return Array.from({ length: count }, (_, i) => {
    const [type, value] = titles[i % titles.length];
    const r = routes[Math.floor(random() * routes.length)];
    const line = r.line + 1 + Math.floor(random() * 3);
    const deployed = `/app/${r.file.slice(SERVICE_FOLDER.length + 1)}`;
    return new SentryIssueBuilder(`${type}: ${value} #${i}`)
      .count(Math.max(1, Math.round(100_000 / (i + 1))))
      .userCount(Math.round(1000 / (i + 1)))
      .seen(new Date((nowS - 86_400) * 1000).toISOString(), new Date((nowS - (i % 3600)) * 1000).toISOString())
      .culprit(`${r.method} ${r.path}`)
      .stats(Array.from({ length: 24 }, (_, h) => [nowS - (24 - h) * 3600, Math.floor(random() * 100)]))
      .exception(type, value)
      .release('checkout-api@2.14.0')
      .frames(
        sentryFrame({ filename: '/app/node_modules/express/lib/router/layer.js', function: 'Layer.handle [as handle_request]', lineNo: 95, colNo: 5, inApp: false }),
        sentryFrame({ filename: '/app/node_modules/express/lib/router/route.js', function: 'next', lineNo: 149, colNo: 13, inApp: false }),
        sentryFrame({ filename: deployed, absPath: deployed, function: 'store.load', lineNo: line, colNo: 11, inApp: true, contextLine: '  const found = await store.load(req.params.id, req.query);' }),
      );
  });
}

export interface BenchProduction {
  urls: { prometheus: string; alertmanager: string; sentry: string; pagerduty: string };
  routes: RouteSpec[];
  replay: ReplayServer;
  stop(): Promise<void>;
}

export async function startBenchProduction(size: ProductionSize, seed = 1): Promise<BenchProduction> {
  const random = seededRandom(seed);
  const nowS = Math.floor(Date.now() / 1000);
  const routes = routeSpecs(size.routes);
  const metrics = await startMetricsServer(buildAnswers(routes, size.alerts, nowS, random));
  const releases = [new SentryReleaseBuilder('checkout-api@2.14.0').deployed('production', new Date((nowS - 2400) * 1000).toISOString()), new SentryReleaseBuilder('checkout-api@2.13.2').deployed('production', new Date((nowS - 90_000) * 1000).toISOString())];
  const incidents = Array.from({ length: size.incidents }, (_, i) => new PdIncidentBuilder(`Checkout 5xx ratio above 5% (${i})`).service(PAGERDUTY_SERVICE, SERVICE).createdAt(new Date((nowS - 900 - i * 60) * 1000).toISOString()));
  const replay = await startReplayServer({
    sentry: sentryFixture({ token: SENTRY_TOKEN, organization: 'acme', project: { id: '42', slug: SERVICE }, issues: sentryIssues(size.errorGroups, routes, nowS, random), releases }),
    pagerduty: pagerDutyFixture({ token: PAGERDUTY_TOKEN, incidents }),
  });
  return {
    urls: { prometheus: metrics.url, alertmanager: metrics.url, sentry: replay.url, pagerduty: replay.url },
    routes,
    replay,
    stop: async () => {
      await metrics.stop();
      await replay.stop();
    },
  };
}
