// What the editor benchmarks decorate: a small service repository with two large source files, and the
// production data of the 10,000-error-group load (2,000 routes, 500 alerts) in which 200 groups crash on
// distinct lines of each of those files. Used in plain Node (hotLinesOf) and in the extension host, where it
// is served by an in-memory backend source so the real refresh, mapping and annotations run on it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceMetrics } from '../../src/backends/prometheus/serviceMetrics';
import type { BucketCounts, ErrorGroup, Incident, RouteMetrics, SeriesPoint, Severity } from '../../src/core/model';
import type { SourceResult } from '../../src/services/sources/types';
import { pick, seededRandom } from './common';

export const EDITOR_SERVICE = 'checkout-api';
/** Workspace-relative files, each with `HOT_LINES` hot lines. */
export const HOT_FILES = ['src/checkout/orders.ts', 'src/checkout/payments.ts'] as const;
export const HOT_LINES = 200;
export const LINES_PER_FILE = 1200;
export const LOAD = { errorGroups: 10_000, routes: 2000, alerts: 500 } as const;

/** The line of the `i`th hot spot in a hot file: one every five lines, inside a function body. */
export const hotLine = (i: number) => 4 + i * 5;

function sourceText(file: string): string {
  const lines: string[] = [`// ${file}: generated for the editor benchmark.`];
  for (let n = 0; lines.length < LINES_PER_FILE; n++) {
    lines.push(`export async function step${n}(input: { id: string; items: number[] }): Promise<number> {`);
    lines.push('  const order = await load(input.id);');
    lines.push('  const total = input.items.reduce((sum, x) => sum + x * order.price, 0);');
    lines.push('  return check(order.customer.id, total);');
    lines.push('}');
  }
  return `${lines.slice(0, LINES_PER_FILE).join('\n')}\n`;
}

/** Writes the repository the extension host opens. */
export function writeEditorWorkspace(dir: string): void {
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify({ name: EDITOR_SERVICE, version: '1.0.0', private: true }, null, 2)}\n`,
    'src/index.ts': 'export * from \'./checkout/orders\';\n',
    'src/lib/db.ts': 'export const load = async (id: string) => ({ id, price: 1, customer: { id } });\n',
  };
  for (const f of HOT_FILES) files[f] = sourceText(f);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

const series = (random: () => number, nowMs: number, points: number, scale: number): SeriesPoint[] =>
  Array.from({ length: points }, (_, i) => ({ t: nowMs - (points - i) * 60_000, v: random() * scale }));

const counts = (random: () => number, nowMs: number, points: number, scale: number): BucketCounts => ({
  t: Array.from({ length: points }, (_, i) => nowMs - (points - i) * 60_000),
  v: Array.from({ length: points }, () => Math.round(random() * scale)),
});

/**
 * The load as a backend source would return it: error groups most frequent first, the hot ones with Sentry-like
 * frames (`/app/src/checkout/orders.ts:<line>` under two library frames), the rest without frames, as the
 * groups below Sentry's top few arrive.
 */
export function loadSourceResult(nowMs = Date.now(), seed = 3): SourceResult {
  const random = seededRandom(seed);
  const iso = (ms: number) => new Date(ms).toISOString();
  const errors: ErrorGroup[] = [];
  for (let i = 0; i < LOAD.errorGroups; i++) {
    const hot = i < HOT_LINES * HOT_FILES.length ? { file: HOT_FILES[i % HOT_FILES.length], line: hotLine(Math.floor(i / HOT_FILES.length)) } : undefined;
    const type = pick(random, ['TypeError', 'RangeError', 'ValidationError', 'Error']);
    const group: ErrorGroup = {
      id: String(5_000_000 + i),
      source: 'sentry',
      title: `${type}: Cannot read properties of undefined (reading 'id') #${i}`,
      message: 'Cannot read properties of undefined (reading \'id\')',
      culprit: hot ? `step${i}(${hot.file})` : `handler(src/routes/r${i % 100}.ts)`,
      level: pick(random, ['error', 'error', 'warning', 'critical'] as Severity[]),
      count: Math.max(1, Math.round(1_000_000 / (i + 1))),
      userCount: Math.round(10_000 / (i + 1)),
      firstSeen: iso(nowMs - 86_400_000),
      lastSeen: iso(nowMs - (i % 3600) * 1000),
      permalink: `https://acme.sentry.io/issues/${5_000_000 + i}/`,
      counts: counts(random, nowMs, 24, 100),
      release: 'checkout-api@2.14.0',
    };
    if (hot) {
      group.frames = [
        { deployedPath: '/app/node_modules/express/lib/router/layer.js', function: 'Layer.handle [as handle_request]', line: 95, column: 5, inApp: false },
        { deployedPath: '/app/node_modules/express/lib/router/route.js', function: 'next', line: 149, column: 13, inApp: false },
        { deployedPath: `/app/${hot.file}`, function: 'step', line: hot.line, column: 27, inApp: true, contextLine: '  const total = input.items.reduce((sum, x) => sum + x * order.price, 0);' },
      ];
    }
    errors.push(group);
  }
  const routes: RouteMetrics[] = Array.from({ length: LOAD.routes }, (_, i) => ({
    kind: 'route',
    name: `/api/v${1 + Math.floor(i / 400)}/${pick(random, ['orders', 'carts', 'payments', 'refunds', 'invoices'])}${i % 400}/:id`,
    method: pick(random, ['GET', 'POST', 'PUT', 'DELETE']),
    throughput: random() * 50,
    errorRatio: random() * 0.05,
    latency: { p50: random() * 0.05, p95: random() * 0.3, p99: random() * 0.9 },
  }));
  const metrics: ServiceMetrics = {
    convention: 'otel-http',
    current: { throughput: 1200, errorRatio: 0.012, latency: { p50: 0.04, p95: 0.31, p99: 0.88 } },
    previous: { throughput: 1100, errorRatio: 0.008, latency: {} },
    routes,
    series: { throughput: series(random, nowMs, 61, 1500), errorRatio: series(random, nowMs, 61, 0.05), p95: series(random, nowMs, 61, 0.5) },
  };
  const incidents: Incident[] = Array.from({ length: LOAD.alerts }, (_, i) => ({
    id: (0x2000000 + i).toString(16),
    source: 'alertmanager',
    kind: 'alert',
    title: `${pick(random, ['HighErrorRate', 'HighLatencyP95', 'PodCrashLooping'])}: checkout-api alert ${i}`,
    summary: `Alert ${i}: the condition has held for 5 minutes.`,
    severity: pick(random, ['critical', 'warning', 'warning', 'info'] as Severity[]),
    status: 'firing',
    startedAt: iso(nowMs - 600_000 - i * 1000),
    url: 'http://prometheus.example.com/graph',
    labels: { alertname: 'HighErrorRate', service: EDITOR_SERVICE, severity: 'warning', instance: `10.0.${i % 250}.1:8080` },
  }));
  return { metrics, errors, incidents, deploys: [{ version: 'checkout-api@2.14.0', environment: 'production', finishedAt: iso(nowMs - 2_400_000), source: 'sentry' }] };
}
