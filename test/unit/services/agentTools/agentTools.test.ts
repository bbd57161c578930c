// The agent tools in plain Node: argument checks, paths that cannot leave the workspace, the service a call is
// about, filters, the cache rule (no refetch inside the interval), and the write tools' guards.
import * as assert from 'node:assert/strict';
import type { HealthSnapshot, Incident } from '../../../../src/core/model';
import { AgentSnapshotCache, runAgentTool, toolDefinitions, type AgentActions } from '../../../../src/services/agentTools';
import { workspacePath } from '../../../../src/services/agentTools/args';
import { emptySnapshot, fakeHost, NOW, SERVICES } from './fakeHost';

const signal = new AbortController().signal;
const run = (host: ReturnType<typeof fakeHost>, name: string, args: unknown, allowActions = false) => runAgentTool(host, name, args, { allowActions, signal });
async function failure(promise: ReturnType<typeof runAgentTool>): Promise<string> {
  const outcome = await promise;
  assert.equal(outcome.ok, false, JSON.stringify(outcome).slice(0, 300));
  return outcome.ok ? '' : outcome.error;
}
async function success(promise: ReturnType<typeof runAgentTool>): Promise<Record<string, unknown>> {
  const outcome = await promise;
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
  return outcome.result;
}

function withErrors(): HealthSnapshot {
  const frame = (fn: string, file: string, line: number) => ({ function: fn, deployedPath: `/app/${file.slice(4)}`, line });
  return {
    ...emptySnapshot(),
    backends: [{ kind: 'sentry', state: 'ok', dataAt: NOW - 20_000 }],
    errors: [
      { id: '1', source: 'sentry', title: 'TypeError: a', level: 'error', count: 9, location: { file: 'api/src/orders.ts', line: 19, confidence: 'high', reason: '' }, frames: [frame('express.handle', 'api/node_modules/x.js', 1), frame('placeOrder', 'api/src/orders.ts', 19)], frameMappings: [{ location: null, unmapped: 'library' }, { location: { file: 'api/src/orders.ts', line: 19, confidence: 'high', reason: '' }, unmapped: null }] },
      { id: '2', source: 'sentry', title: 'RangeError: b', level: 'error', count: 3, location: { file: 'api/src/cart.ts', line: 7, confidence: 'high', reason: '' }, frames: [frame('addItem', 'api/src/cart.ts', 7)], frameMappings: [{ location: { file: 'api/src/cart.ts', line: 7, confidence: 'high', reason: '' }, unmapped: null }] },
    ],
  };
}

describe('agent tools', () => {
  it('lists the write tools only when actions are allowed, and refuses them otherwise', async () => {
    assert.deepEqual(toolDefinitions({ allowActions: false }).map((d) => d.name), ['service_health', 'production_errors', 'route_metrics', 'locate_stack_trace', 'incidents', 'diagnose']);
    assert.deepEqual(toolDefinitions({ allowActions: true }).filter((d) => d.write).map((d) => d.name), ['acknowledge_incident', 'create_silence']);
    assert.match(await failure(run(fakeHost(), 'create_silence', { alertId: 'a', durationMinutes: 5, comment: 'x' })), /allow-actions/);
  });

  it('refuses wrong arguments with what to pass instead', async () => {
    const host = fakeHost();
    assert.match(await failure(run(host, 'service_health', [])), /JSON object/);
    assert.match(await failure(run(host, 'service_health', { sevrice: 'api' })), /Unknown argument "sevrice".*service, file, refresh/);
    assert.match(await failure(run(host, 'route_metrics', { service: 'api', limit: 2.5 })), /"limit" must be an integer, not 2.5/);
    assert.match(await failure(run(host, 'route_metrics', { service: 'api', limit: 0 })), /between 1 and 50/);
    assert.match(await failure(run(host, 'route_metrics', { service: 42 })), /"service" must be a string, not 42/);
    assert.match(await failure(run(host, 'locate_stack_trace', { trace: '   ' })), /"trace" is empty/);
    assert.match(await failure(run(host, 'locate_stack_trace', { trace: 'Error\u0000 at x' })), /binary/);
    assert.match(await failure(run(host, 'production_errors', { service: 'api', startLine: 3 })), /need a "file"/);
    assert.match(await failure(run(host, 'production_errors', { file: 'api/src/orders.ts', startLine: 9, endLine: 3 })), /endLine is before startLine/);
  });

  it('keeps paths inside the workspace', async () => {
    assert.equal(workspacePath('./api\\src\\orders.ts'), 'api/src/orders.ts');
    for (const bad of ['/etc/passwd', 'C:\\Users\\x.ts', 'file:///etc/passwd']) assert.throws(() => workspacePath(bad), /relative to the workspace root/);
    for (const bad of ['../secrets.ts', 'api/../../x.ts', 'api\\..\\..\\x']) assert.throws(() => workspacePath(bad), /inside the workspace/);
    assert.match(await failure(run(fakeHost(), 'route_metrics', { file: 'api/src/nope.ts' })), /No file "api\/src\/nope.ts"/);
  });

  it('finds the service by name, by file, or as the only one; says what to do otherwise', async () => {
    assert.match(await failure(run(fakeHost(), 'incidents', {})), /several services: pass "service" \(one of api, web\)/);
    assert.match(await failure(run(fakeHost(), 'incidents', { service: 'shop' })), /Unknown service "shop"\. Services in this workspace: api, web/);
    assert.match(await failure(run(fakeHost({ services: [] }), 'incidents', {})), /No service found.*diagnose/);
    const host = fakeHost();
    await success(run(host, 'incidents', { file: 'web/src/app.ts' }));
    await success(run(fakeHost({ services: [SERVICES[0]] }), 'incidents', {}));
    assert.deepEqual(host.snapshotCalls, [{ service: 'web', refresh: false }]);
  });

  it('production_errors keeps the groups of the file, range and function, crash frame first', async () => {
    const host = fakeHost({ snapshot: withErrors });
    const inFile = await success(run(host, 'production_errors', { file: 'api/src/orders.ts' }));
    const items = inFile.items as { id: string; at: string; frames: { at?: string; library?: boolean }[] }[];
    assert.deepEqual(items.map((i) => i.id), ['1']);
    assert.equal(items[0].frames[0].at, 'api/src/orders.ts:19');
    assert.equal(items[0].frames[1].library, true);
    assert.equal((await success(run(host, 'production_errors', { file: 'api/src/orders.ts', startLine: 20, endLine: 40 }))).total, 0);
    assert.equal((await success(run(host, 'production_errors', { file: 'api/src/orders.ts', function: 'placeOrder' }))).total, 1);
    assert.equal((await success(run(host, 'production_errors', { file: 'api/src/orders.ts', function: 'other' }))).total, 0);
    const paged = await success(run(host, 'production_errors', { service: 'api', limit: 1 }));
    assert.equal(paged.nextCursor, 'p1');
    assert.deepEqual(((await success(run(host, 'production_errors', { service: 'api', cursor: 'p1' }))).items as { id: string }[]).map((i) => i.id), ['2']);
    assert.deepEqual(host.snapshotCalls.at(-1), { service: 'api', refresh: false });
    await success(run(host, 'production_errors', { service: 'api', refresh: true }));
    assert.deepEqual(host.snapshotCalls.at(-1), { service: 'api', refresh: true });
  });

  it('is an error when no backend has answered, an answer with ages when one has', async () => {
    const down = (): HealthSnapshot => ({ ...emptySnapshot(), backends: [{ kind: 'prometheus', state: 'error', error: 'Prometheus at http://x cannot be reached' }, { kind: 'sentry', state: 'error', error: 'Sentry refused the token' }] });
    assert.match(await failure(run(fakeHost({ snapshot: down }), 'service_health', { service: 'api' })), /No backend of api answered \(Prometheus: .*cannot be reached; Sentry: Sentry refused the token\).*refresh: true/);
    const stale = (): HealthSnapshot => ({ ...down(), backends: [{ kind: 'prometheus', state: 'error', error: 'down', dataAt: NOW - 90_000 }] });
    const health = await success(run(fakeHost({ snapshot: stale }), 'service_health', { service: 'api' }));
    assert.deepEqual(health.sources, [{ backend: 'prometheus', state: 'error', ageSeconds: 90, untrusted: { error: 'down' } }]);
  });

  it('acknowledges only a triggered PagerDuty incident the latest refresh shows, after a refresh', async () => {
    const incident = (status: Incident['status']): Incident => ({ id: 'PABC1', source: 'pagerduty', kind: 'incident', title: 't', severity: 'critical', status, startedAt: '2026-12-01T10:00:00Z' });
    let status: Incident['status'] = 'acknowledged';
    const host = fakeHost({ snapshot: () => ({ ...emptySnapshot(), backends: [{ kind: 'pagerduty', state: 'ok', dataAt: NOW }], incidents: [incident(status)] }) });
    const acked: string[] = [];
    const actions: AgentActions = {
      acknowledge: (_s, i) => (acked.push(i.id), Promise.resolve({ status: 'acknowledged', actor: 'me@example.com' })),
      silence: () => Promise.reject(new Error('not here')),
    };
    host.actions = actions;
    assert.match(await failure(run(host, 'acknowledge_incident', { incidentId: 'PZZZ9', service: 'api' }, true)), /no incident "PZZZ9" for api now/);
    assert.match(await failure(run(host, 'acknowledge_incident', { incidentId: 'PABC1', service: 'api' }, true)), /is acknowledged: only triggered/);
    assert.match(await failure(run(host, 'acknowledge_incident', { incidentId: 'x y', service: 'api' }, true)), /not an incident or alert id/);
    status = 'triggered';
    assert.deepEqual(await success(run(host, 'acknowledge_incident', { incidentId: 'PABC1', service: 'api' }, true)), { incidentId: 'PABC1', status: 'acknowledged', actor: 'me@example.com' });
    assert.deepEqual(acked, ['PABC1']);
    assert.equal(host.snapshotCalls.at(-1)?.refresh, true, 'checked against a fresh answer, not the cache');
  });
});

describe('AgentSnapshotCache', () => {
  it('refreshes on the first call, serves the cache inside the interval, refreshes after it or when forced', async () => {
    let now = NOW;
    const refreshed: string[] = [];
    let current: HealthSnapshot | undefined = { ...emptySnapshot(), fetchedAt: NOW - 1_000 };
    const service = SERVICES[0];
    const refresh = {
      snapshot: () => current,
      refresh: () => {
        refreshed.push(service.name);
        current = { ...emptySnapshot(), fetchedAt: now };
        return Promise.resolve(current);
      },
    };
    const cache = new AgentSnapshotCache(refresh, () => 60_000, () => now);
    await cache.get(service, false);
    assert.equal(refreshed.length, 1, 'a snapshot restored from disk is not served as current');
    now += 59_000;
    await cache.get(service, false);
    assert.equal(refreshed.length, 1);
    await cache.get(service, true);
    assert.equal(refreshed.length, 2);
    now += 60_000;
    await cache.get(service, false);
    assert.equal(refreshed.length, 3);
    cache.invalidate(service.name);
    await cache.get(service, false);
    assert.equal(refreshed.length, 4);
  });
});
