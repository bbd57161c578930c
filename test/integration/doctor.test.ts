// `prodlens doctor` on the deliberately misconfigured fixture (test/fixtures/workspaces/misconfigured), against a
// real Prometheus (backfilled request metrics for job "storefront") and the Sentry replay server: each planted
// problem is named with its fix, the fixes are the right values (applying them makes the problems go away), and
// a token pasted into the config gets the whole file refused: exit 2 and nothing sent.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import type { Finding } from '../../src/core/diagnostics/report';
import { startReplayServer, type ReplayServer } from '../../src/demo/replay/replayServer';
import { SentryIssueBuilder, sentryFixture, sentryFrame } from '../../src/demo/replay/sentryBuilders';
import { OpenMetricsBuilder } from '../builders/openMetrics';
import { requireBinaries, startPrometheus, type RunningServer } from './servers';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspaces', 'misconfigured');
const SENTRY_TOKEN = 'sntrys_doctor_integration_token';
const STEP = 15;

/** An hour of prom-client traffic for job "storefront", up to a few seconds ago (instant queries look back 5 min). */
function storefrontTraffic(nowSeconds: number): string {
  const b = new OpenMetricsBuilder();
  const end = Math.floor(nowSeconds / STEP) * STEP - STEP;
  for (let t = end - 3600, n = 0; t <= end; t += STEP, n++) {
    b.counter('http_requests', { job: 'storefront', instance: 'web-1', route: '/api/cart', method: 'POST', status: '200' }, 100 + n * 20, t);
    b.counter('http_requests', { job: 'storefront', instance: 'web-1', route: '/api/checkout', method: 'POST', status: '500' }, 10 + n, t);
  }
  return b.build();
}

function storefrontIssues(): SentryIssueBuilder[] {
  const nowIso = new Date().toISOString();
  return [
    new SentryIssueBuilder("TypeError: Cannot read properties of undefined (reading 'valueOf')")
      .count(57)
      .seen(nowIso, nowIso)
      .frames(
        sentryFrame({ filename: '/app/node_modules/express/lib/router/layer.js', function: 'Layer.handle', lineNo: 95 }),
        sentryFrame({ filename: '/app/src/routes/checkout.ts', function: 'checkout', lineNo: 8, inApp: true }),
        sentryFrame({ filename: '/app/src/cart.ts', function: 'totalOf', lineNo: 22, inApp: true }),
      ),
    new SentryIssueBuilder('RangeError: discount above 100%')
      .count(3)
      .seen(nowIso, nowIso)
      .frames(sentryFrame({ filename: '/app/src/legacy/discounts.ts', function: 'applyDiscount', lineNo: 14, inApp: true })),
  ];
}

interface DoctorJson {
  schema: number;
  findings: Finding[];
  summary: { errors: number; warnings: number };
  services: {
    name: string;
    nameSource: string;
    backends: { kind: string; url: string; state: string; errorKind: string | null; latencyMs: number | null }[];
    mapping: { framesSeen: number; framesMapped: number; unmappedByReason: Record<string, number> } | null;
    pathMappingFixes: { from: string; to: string; frames: number }[];
    prometheusIdentities: Record<string, string[]> | null;
  }[];
}

describe('prodlens doctor on a misconfigured workspace (real Prometheus, Sentry replay)', function () {
  let prom: RunningServer | undefined;
  let sentry: ReplayServer | undefined;
  let workspace: string;
  let cache: string;

  async function doctor(args: string[], env: NodeJS.ProcessEnv = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['doctor', '--cwd', workspace, ...args], { out: (t) => out.push(t), err: (t) => err.push(t), env: { PRODLENS_CACHE_DIR: cache, ...env }, cwd: workspace });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  async function doctorJson(env: NodeJS.ProcessEnv = {}): Promise<{ code: number; json: DoctorJson }> {
    const { code, out } = await doctor(['--json'], env);
    return { code, json: JSON.parse(out) as DoctorJson };
  }

  function find(json: DoctorJson, code: string, service: string, title = /./): Finding {
    const found = json.findings.find((f) => f.code === code && f.service === service && title.test(f.title));
    assert.ok(found, `no ${code} finding for ${service} in:\n${json.findings.map((f) => `${f.code} ${f.service}: ${f.title}`).join('\n')}`);
    return found;
  }

  before(async function () {
    requireBinaries(this, ['prometheus', 'promtool']);
    [prom, sentry] = await Promise.all([
      startPrometheus({ openMetrics: storefrontTraffic(Date.now() / 1000) }),
      startReplayServer({ sentry: sentryFixture({ token: SENTRY_TOKEN, organization: 'acme', project: { id: '7', slug: 'storefront' }, issues: storefrontIssues() }) }),
    ]);
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-misconfigured-'));
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-doctor-cache-'));
    fs.cpSync(FIXTURE, workspace, { recursive: true });
    const configPath = path.join(workspace, '.prodlens.json');
    const config = fs.readFileSync(configPath, 'utf8').replaceAll('http://127.0.0.1:9090', prom.url).replaceAll('http://127.0.0.1:9000', sentry.url);
    fs.writeFileSync(configPath, config);
  });

  after(async () => {
    await Promise.all([prom?.stop(), sentry?.stop()]);
    for (const dir of [workspace, cache]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a token pasted into .prodlens.json: exit 2, the file is refused whole and nothing is sent, the finding says where and how to fix it', async () => {
    const configPath = path.join(workspace, '.prodlens.json');
    const original = fs.readFileSync(configPath, 'utf8');
    const pasted = original.replace('"project": "storefront" }', '"project": "storefront", "token": "pasted-here-by-mistake" }');
    assert.notEqual(pasted, original);
    const line = pasted.split('\n').findIndex((l) => l.includes('"token"'));
    const column = pasted.split('\n')[line].indexOf('"token"') + 1;
    const sent = sentry!.requests.length;
    try {
      fs.writeFileSync(configPath, pasted);
      const { code, json } = await doctorJson({ PRODLENS_SENTRY_TOKEN: SENTRY_TOKEN });
      assert.equal(code, 2);
      assert.equal(sentry!.requests.length, sent, 'no request for the services of a refused file');
      // Not even the manifest and runtime-config services of its folders are created (and so queried).
      assert.deepEqual(json.services, []);
      const config = json.findings.find((f) => f.code === 'config.invalid');
      assert.match(config?.title ?? '', /^\.prodlens\.json is refused \(1 error\(s\)\): nothing is sent/);
      assert.ok(config?.detail?.startsWith(`.prodlens.json:${line + 1}:${column}: services[0].backends.sentry.token: "token" looks like a secret`), config?.detail);
      assert.match(config?.fix ?? '', /^Remove services\[0\]\.backends\.sentry\.token from \.prodlens\.json and revoke that credential .* Set PRODLENS_SENTRY_TOKEN instead\.$/);
    } finally {
      fs.writeFileSync(configPath, original);
    }
  });

  it('without tokens: each problem named with its fix', async () => {
    const { code, json } = await doctorJson();
    assert.equal(code, 0);
    assert.equal(json.schema, 1);
    assert.equal(json.findings.some((f) => f.code === 'config.invalid'), false);

    const selector = find(json, 'prometheus.noRequestMetrics', 'storefront');
    assert.equal(selector.level, 'warning');
    assert.deepEqual(selector.suggestion?.selector, { job: 'storefront' });
    assert.match(selector.fix ?? '', /Set \{ "selector": \{ "job": "storefront" \} \} in the prometheus backend of "storefront"/);
    assert.match(selector.detail ?? '', /Request metrics exist for job: storefront/);
    assert.deepEqual(json.services.find((s) => s.name === 'storefront')?.prometheusIdentities, { job: ['storefront'] });

    for (const service of ['storefront', 'payments']) {
      const token = find(json, 'backend.noToken', service);
      assert.equal(token.level, 'error');
      assert.match(token.fix ?? '', /^Set PRODLENS_SENTRY_TOKEN to a Sentry auth token/);
      assert.deepEqual(token.suggestion, { env: 'PRODLENS_SENTRY_TOKEN' });
    }

    const prefix = find(json, 'backend.notFound', 'payments', /→ prometheus at/);
    assert.match(prefix.title, /prometheus at http:\/\/127\.0\.0\.1:\d+\/prometheus .*answered 404/);
    assert.match(prefix.fix ?? '', /path prefix/);

    const worker = find(json, 'service.noBackend', 'order-worker');
    assert.deepEqual(worker.suggestion?.config, { name: 'order-worker', folders: ['services/worker'], backends: { prometheus: { url: 'https://prometheus.example.com', selector: { job: 'order-worker' } } } });
    const runtimeName = find(json, 'service.runtimeName', 'order-worker');
    assert.match(runtimeName.title, /"order-worker" is the name production uses \(services\/worker\/\.env\); its manifest calls it "worker"/);

    const storefrontOk = find(json, 'backend.ok', 'storefront', /→ prometheus at/);
    assert.match(storefrontOk.title, /reachable and authorised, answered in \d+ ms, returned no request metrics/);
    const storefront = json.services.find((s) => s.name === 'storefront');
    assert.equal(storefront?.backends.find((b) => b.kind === 'prometheus')?.state, 'ok');
    assert.equal(typeof storefront?.backends.find((b) => b.kind === 'prometheus')?.latencyMs, 'number');
  });

  it('with the Sentry token: the wrong path mapping is named with the mapping that works, the wrong project with its slug', async () => {
    const { code, json } = await doctorJson({ PRODLENS_SENTRY_TOKEN: SENTRY_TOKEN });
    assert.equal(code, 0);
    assert.ok(!JSON.stringify(json).includes(SENTRY_TOKEN), 'the token must never be printed');

    const mapping = find(json, 'mapping.pathMapping', 'storefront');
    assert.deepEqual(mapping.suggestion?.pathMapping, { from: '/app/', to: 'services/storefront/' });
    assert.match(mapping.title, /2 stack frame\(s\) deployed under \/app\/ match no workspace file/);
    assert.match(mapping.fix ?? '', /Change the path mapping \{ "from": "\/app\/", "to": "services\/web\/" \} to \{ "from": "\/app\/", "to": "services\/storefront\/" \}/);
    assert.match(mapping.detail ?? '', /sends \/app\/src\/routes\/checkout\.ts to services\/web\/src\/routes\/checkout\.ts, which is not in this workspace; services\/storefront\/src\/routes\/checkout\.ts is/);

    const noMatch = find(json, 'mapping.noMatch', 'storefront');
    assert.match(noMatch.title, /1 stack frame\(s\) match no workspace file/);
    assert.match(noMatch.detail ?? '', /\/app\/src\/legacy\/discounts\.ts:14/);

    const stats = json.services.find((s) => s.name === 'storefront')?.mapping;
    assert.deepEqual(stats && { seen: stats.framesSeen, mapped: stats.framesMapped, reasons: stats.unmappedByReason }, { seen: 4, mapped: 0, reasons: { library: 1, nomatch: 3 } });

    const project = find(json, 'backend.notFound', 'payments', /→ sentry at/);
    assert.match(project.title, /sentry at http:\/\/127\.0\.0\.1:\d+ .*answered 404/);
    assert.match(project.fix ?? '', /"project": "payment"/);

    assert.match(find(json, 'backend.ok', 'storefront', /→ sentry at/).title, /reachable and authorised, answered in \d+ ms, returned 2 error group\(s\)/);
    assert.equal(json.findings.some((f) => f.code === 'backend.noToken'), false);
  });

  it('the text report shows each problem with its fix under its service', async () => {
    const { out } = await doctor([], { PRODLENS_SENTRY_TOKEN: SENTRY_TOKEN });
    const section = (name: string) => {
      const start = out.indexOf(`── ${name} ──`);
      assert.ok(start >= 0, `no section for ${name} in:\n${out}`);
      const next = out.indexOf('\n── ', start + 1);
      return out.slice(start, next < 0 ? undefined : next);
    };
    assert.match(section('storefront'), /⚠ "storefront": 2 stack frame\(s\) deployed under \/app\/ match no workspace file\n.*\n {4}→ Change the path mapping/);
    assert.match(section('storefront'), /→ Set \{ "selector": \{ "job": "storefront" \} \}/);
    assert.match(section('payments'), /✖ "payments" → prometheus .*answered 404/);
    assert.match(section('order-worker'), /⚠ "order-worker" has no backend/);
    assert.match(out, /✔ \.prodlens\.json: 2 service\(s\), valid/);
  });

  it('applying the fixes it gave clears those findings, and the frames land on the code', async () => {
    const configPath = path.join(workspace, '.prodlens.json');
    const original = fs.readFileSync(configPath, 'utf8');
    try {
      const fixed = original
        .replace('"to": "services/web/"', '"to": "services/storefront/"')
        .replace('"job": "storefront-prod"', '"job": "storefront"');
      assert.notEqual(fixed, original);
      fs.writeFileSync(configPath, fixed);
      const { code, json } = await doctorJson({ PRODLENS_SENTRY_TOKEN: SENTRY_TOKEN });
      assert.equal(code, 0);
      for (const gone of ['mapping.pathMapping', 'prometheus.noRequestMetrics', 'config.invalid']) {
        assert.equal(json.findings.some((f) => f.code === gone && (f.service === 'storefront' || f.service === undefined)), false, gone);
      }
      const stats = json.services.find((s) => s.name === 'storefront')?.mapping;
      assert.equal(stats?.framesMapped, 2);
      assert.match(find(json, 'backend.ok', 'storefront', /→ prometheus at/).title, /returned 2 route\(s\)/);
      // Which metric and labels those figures came from, detected from the real series (this service has no histogram).
      const convention = find(json, 'prometheus.convention', 'storefront');
      assert.match(convention.title, /figures from prom-client style \(http_requests_total\) \(detected\)$/);
      assert.match(convention.detail ?? '', /^Requests: rate of http_requests_total\{job="storefront"\}\nLatency: no histogram samples in the window, so no p50\/p95\/p99\nLabels: route route, method method, status status\nErrors: requests with status=~"5\.\."\nNot counted: requests whose route is "\/metrics"/);
      const { out } = await doctor([], { PRODLENS_SENTRY_TOKEN: SENTRY_TOKEN });
      assert.match(out, /ℹ "storefront" → prometheus at .*: figures from prom-client style \(http_requests_total\) \(detected\)\n {4}Requests: rate of http_requests_total\{job="storefront"\}/);
    } finally {
      fs.writeFileSync(configPath, original);
    }
  });
});
