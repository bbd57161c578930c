// `prodlens mcp` end to end: the SDK's client over stdio, the built dist/cli.js, the demo production (real
// Prometheus and Alertmanager, the Sentry/PagerDuty stand-in). What an agent in any MCP client gets.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { DEMO_TOKEN } from '../../../src/demo/fixtures';
import { startDemoProduction, type DemoProduction } from '../../../src/demo/production';
import { requireBinaries } from '../servers';
import { CLI, connectMcp, demoWorkspace, freeDemoPorts, textOf, type McpSession } from './harness';

const READ_TOOLS = ['service_health', 'production_errors', 'route_metrics', 'locate_stack_trace', 'incidents', 'diagnose'];
const WRITE_TOOLS = ['acknowledge_incident', 'create_silence'];
const ORDERS = 'services/checkout-api/src/routes/orders.ts';
const EMAIL = 'oncall@example.com';

describe('prodlens mcp over stdio (demo production)', function () {
  this.timeout(60_000);
  let production: DemoProduction;
  let workspace: string;
  let cacheDir: string;
  const scratch: string[] = [];
  const sessions: McpSession[] = [];

  const env = () => ({ PRODLENS_SENTRY_TOKEN: DEMO_TOKEN, PRODLENS_PAGERDUTY_TOKEN: DEMO_TOKEN, PRODLENS_CACHE_DIR: cacheDir, PRODLENS_PAGERDUTY_FROM: EMAIL });
  const open = async (args: string[] = [], cwd = workspace) => {
    const session = await connectMcp(cwd, { args, env: env() });
    sessions.push(session);
    return session;
  };

  before(async function () {
    requireBinaries(this, ['prometheus', 'promtool', 'alertmanager']);
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run node esbuild.js --tests first`);
    const ports = await freeDemoPorts();
    production = await startDemoProduction({ ports });
    workspace = demoWorkspace(ports);
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-mcp-cache-'));
    scratch.push(workspace, cacheDir);
  });

  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.close().catch(() => undefined);
  });

  after(async () => {
    await production?.stop();
    for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('initializes and lists the read tools only, each with schemas that compile', async () => {
    const mcp = await open();
    assert.equal(mcp.client.getServerVersion()?.name, 'prodlens');
    assert.ok(mcp.client.getServerCapabilities()?.tools);
    const { tools } = await mcp.client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [...READ_TOOLS].sort());
    const ajv = new Ajv();
    for (const tool of tools) {
      assert.ok(tool.description && tool.description.length < 600, `${tool.name}: a short description`);
      assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
      ajv.compile(tool.inputSchema);
      assert.ok(tool.outputSchema, `${tool.name} has an outputSchema`);
      ajv.compile(tool.outputSchema);
    }
  });

  it('production_errors for orders.ts returns the TypeError on line 19, and a second call sends no backend request', async () => {
    const mcp = await open();
    const first = await mcp.call('production_errors', { file: ORDERS });
    assert.ok(!first.isError, textOf(first));
    const result = first.structuredContent as { items: { at?: string; untrusted: { title?: string }; frames?: { at?: string }[] }[]; sources: { backend: string; ageSeconds?: number }[] };
    const typeError = result.items.find((i) => /TypeError/.test(i.untrusted.title ?? ''));
    assert.ok(typeError, JSON.stringify(result.items.map((i) => i.untrusted.title)));
    assert.equal(typeError.at, `${ORDERS}:19`);
    assert.equal(typeError.frames?.[0]?.at, `${ORDERS}:19`, 'the crash frame comes first, mapped to the workspace');
    assert.ok(result.sources.some((s) => s.backend === 'sentry' && s.ageSeconds !== undefined), 'each source with its age');
    // The text content is the same JSON: production text stays inside its labelled field there too.
    assert.deepEqual(JSON.parse(textOf(first)), first.structuredContent);

    const sent = production.replayRequests.length;
    const second = await mcp.call('production_errors', { file: ORDERS, limit: 1 });
    assert.ok(!second.isError, textOf(second));
    assert.equal(production.replayRequests.length, sent, 'served from the refresh service cache');
    assert.equal((second.structuredContent as { returned: number }).returned, 1);

    await mcp.call('service_health', { service: 'checkout-api', refresh: true });
    assert.ok(production.replayRequests.length > sent, 'refresh: true fetches again');
  });

  it('answers every read tool from the demo production', async () => {
    const mcp = await open();
    const health = await mcp.call('service_health', { file: ORDERS });
    assert.ok(!health.isError, textOf(health));
    const h = health.structuredContent as { service: string; status: string; current?: { errorRatio?: number }; openIncidents: number; openAlerts: number; sources: { backend: string; state: string }[] };
    assert.equal(h.service, 'checkout-api');
    assert.match(h.status, /^(ok|degraded|critical)$/);
    assert.equal(typeof h.current?.errorRatio, 'number');
    assert.ok(h.openIncidents + h.openAlerts > 0);
    assert.deepEqual(h.sources.map((s) => s.backend).sort(), ['alertmanager', 'pagerduty', 'prometheus', 'sentry']);

    const routes = await mcp.call('route_metrics', { file: ORDERS });
    const r = routes.structuredContent as { items: { at?: string; untrusted: { name?: string } }[] };
    assert.ok(r.items.length > 0 && r.items.every((i) => i.at?.startsWith(`${ORDERS}:`)), textOf(routes));

    const incidents = await mcp.call('incidents', { service: 'checkout-api' });
    const inc = incidents.structuredContent as { items: { source: string; id?: string }[] };
    assert.ok(inc.items.some((i) => i.source === 'pagerduty' && i.id), textOf(incidents));
    assert.ok(inc.items.some((i) => i.source === 'alertmanager' && i.id), textOf(incidents));

    const trace = "TypeError: Cannot read properties of undefined (reading 'loyalty')\n    at ordersRouter.post (/usr/src/app/src/routes/orders.ts:19:29)\n    at Layer.handle (/usr/src/app/node_modules/express/lib/router/layer.js:95:5)";
    const located = await mcp.call('locate_stack_trace', { trace });
    const loc = located.structuredContent as { crashAt?: string; items: { at?: string; library?: boolean }[] };
    assert.equal(loc.crashAt, `${ORDERS}:19`);
    assert.equal(loc.items[1]?.library, true);

    const diagnosis = await mcp.call('diagnose', {});
    assert.ok(!diagnosis.isError, textOf(diagnosis));
    assert.ok((diagnosis.structuredContent as { items: unknown[] }).items.length > 0);
    for (const result of [health, routes, incidents, located, diagnosis]) assert.ok(!JSON.stringify(result).includes(DEMO_TOKEN), 'no token in a result');
    assert.ok(!mcp.stderr().includes(DEMO_TOKEN), 'no token in the log');
  });

  it('refuses bad input with a tool error that says what to do, and keeps serving', async () => {
    const mcp = await open();
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['service_health', { service: 'nope' }, /Unknown service "nope".*checkout-api, billing/],
      ['production_errors', { file: '../etc/passwd' }, /inside the workspace/],
      ['production_errors', { file: '/etc/passwd' }, /relative to the workspace root/],
      ['production_errors', { file: 'services/checkout-api/src/missing.ts' }, /No file/],
      ['route_metrics', { limit: 'ten' }, /"limit" must be an integer/],
      ['route_metrics', { limit: 500 }, /between 1 and 50/],
      ['incidents', { service: 'checkout-api', cursor: 'x' }, /cursor is not one this tool returned/],
      ['locate_stack_trace', { trace: 'x'.repeat(10 * 1024 * 1024) }, /at most 1,000,000 are read/],
      ['locate_stack_trace', {}, /Missing argument "trace"/],
      ['acknowledge_incident', { incidentId: 'P1' }, /allow-actions/],
      ['no_such_tool', {}, /Unknown tool/],
    ];
    for (const [name, args, expected] of cases) {
      const result = await mcp.call(name, args);
      assert.equal(result.isError, true, `${name} ${JSON.stringify(args).slice(0, 80)}`);
      assert.match(textOf(result), expected);
    }
    const after = await mcp.call('service_health', { service: 'billing' });
    assert.ok(!after.isError, textOf(after));
    assert.doesNotMatch(mcp.stderr(), new RegExp(DEMO_TOKEN), 'no token in the log');
  });

  it('says what to do when no backend answers', async () => {
    const closed = demoWorkspace(await freeDemoPorts());
    scratch.push(closed);
    const mcp = await open([], closed);
    const result = await mcp.call('service_health', { service: 'billing' });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /No backend of billing answered.*cannot be reached.*diagnose/);
  });

  it('with --allow-actions acknowledges a PagerDuty incident and creates a silence in the real Alertmanager', async () => {
    const mcp = await open(['--allow-actions']);
    const { tools } = await mcp.client.listTools();
    for (const name of WRITE_TOOLS) assert.equal(tools.find((t) => t.name === name)?.annotations?.destructiveHint, true, name);
    const listed = (await mcp.call('incidents', { service: 'checkout-api', limit: 50 })).structuredContent as { items: { id: string; source: string; kind: string; status: string }[] };

    const incident = listed.items.find((i) => i.source === 'pagerduty' && i.status === 'triggered');
    assert.ok(incident, 'the demo has a triggered incident');
    const ack = await mcp.call('acknowledge_incident', { incidentId: incident.id, service: 'checkout-api' });
    assert.ok(!ack.isError, textOf(ack));
    assert.deepEqual(ack.structuredContent, { incidentId: incident.id, status: 'acknowledged', actor: EMAIL });
    const put = production.replayRequests.find((r) => r.method === 'PUT' && r.path.endsWith(`/incidents/${incident.id}`));
    assert.equal(put?.status, 200);
    assert.equal(put.headers.from, EMAIL);
    const served = await fetch(`${production.urls.pagerduty}/incidents?statuses[]=acknowledged`, { headers: { Authorization: `Token token=${DEMO_TOKEN}`, Accept: 'application/vnd.pagerduty+json;version=2' } });
    const body = (await served.json()) as { incidents: { id: string; status: string }[] };
    assert.equal(body.incidents.find((i) => i.id === incident.id)?.status, 'acknowledged');

    const alert = listed.items.find((i) => i.source === 'alertmanager' && i.kind === 'alert' && i.status !== 'suppressed');
    assert.ok(alert, 'the demo has an active alert');
    const silence = await mcp.call('create_silence', { alertId: alert.id, durationMinutes: 30, comment: 'deploying the fix', service: 'checkout-api' });
    assert.ok(!silence.isError, textOf(silence));
    const { silenceId } = silence.structuredContent as { silenceId: string };
    const silences = (await (await fetch(`${production.urls.alertmanager}/api/v2/silences`)).json()) as { id: string; comment: string; createdBy: string; status: { state: string } }[];
    const created = silences.find((s) => s.id === silenceId);
    assert.equal(created?.status.state, 'active');
    assert.match(created.comment, /deploying the fix/);
    assert.equal(created.createdBy, EMAIL);
  });

  it('exits 0 when stdin closes, also in the middle of a call', async () => {
    for (const midCall of [false, true]) {
      const child = spawn(process.execPath, [CLI, 'mcp', '--cwd', workspace], { env: { ...process.env, ...env() }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      if (midCall) {
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } })}\n`);
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'service_health', arguments: { service: 'checkout-api', refresh: true } } })}\n`);
        // The client goes away: it stops reading and closes its end.
        child.stdout.destroy();
      }
      child.stdin.end();
      assert.equal(await exited, 0, stderr);
      assert.doesNotMatch(stderr, /Error:|at .*\.js:\d+/, 'no crash');
    }
  });
});
