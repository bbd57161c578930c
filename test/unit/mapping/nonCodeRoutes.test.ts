// Rows that are not code ((no route), unmatched labels, raw paths, an undeclared root, the whole service) get their
// own reason from the mapper, their own doctor finding with no fix, and their own Health view tooltip; routes that
// may be code and did not map keep the "folders" advice.
import * as assert from 'node:assert/strict';
import { diagnose, type MappingFacts } from '../../../src/core/diagnostics/report';
import { detectServices } from '../../../src/core/detect/services';
import { FileIndex, type RouteDefinition } from '../../../src/core/mapping';
import { nonCodeRoute } from '../../../src/core/mapping/routes/nonCode';
import type { HealthSnapshot, RouteMetrics } from '../../../src/core/model';
import { healthRows } from '../../../src/features/sidebar/healthState';
import { mappingStats, mapSnapshot } from '../../../src/services/signalMapper';

const row = (name: string, method?: string): RouteMetrics => ({ kind: 'route', name, method, throughput: 1, errorRatio: 0, latency: {} });

const ROWS = [
  row('/api/orders/:id', 'GET'),
  row('/api/refunds', 'POST'),
  row('(no route)', 'GET'),
  row('unmatched', 'GET'),
  row('<unnamed view>', 'GET'),
  // A raw path no template matches (one that matches, such as /api/orders/42, maps to its handler).
  row('/api/invoices/8c1f6f9e-5a0b-4f7e-9d55-3d2b1a0c9e11', 'GET'),
  row('/', 'GET'),
  row('(all)'),
];

function snapshotOf(routes: RouteMetrics[]): HealthSnapshot {
  return { service: 'api', window: '1h', fetchedAt: 0, status: 'ok', statusReasons: [], current: { latency: {} }, series: {}, routes, errors: [], incidents: [], deploys: [], backends: [], stale: false };
}

const defs: RouteDefinition[] = [{ framework: 'express', method: 'GET', path: '/api/orders/:id', file: 'api/src/orders.ts', line: 7 }];
const inputs = (routes: RouteDefinition[]) => ({ index: new FileIndex(['api/src/orders.ts']), folders: ['api'], pathMappings: [], routes });

describe('route rows that are not code', () => {
  it('nonCodeRoute: what each kind of row is; templates and named views may be code', () => {
    assert.match(nonCodeRoute('(no route)') ?? '', /^requests that carry no route label: no route matched them/);
    assert.match(nonCodeRoute('unmatched') ?? '', /labels "unmatched"/);
    assert.match(nonCodeRoute('<unnamed view>') ?? '', /labels "<unnamed view>"/);
    assert.match(nonCodeRoute('/api/orders/12345') ?? '', /^a raw request path/);
    assert.match(nonCodeRoute('GET /api/orders/12345') ?? '', /^a raw request path/);
    assert.match(nonCodeRoute('/') ?? '', /^the root path "\/"/);
    assert.match(nonCodeRoute('(all)') ?? '', /^the whole service/);
    for (const maybeCode of ['/api/orders/:id', '/api/orders/{id}', '/users/<int:user_id>', 'order-detail', 'shop.views.detail', '/api/v2/items', '/api/orders/#val']) {
      assert.equal(nonCodeRoute(maybeCode), undefined, maybeCode);
    }
  });

  it('the mapper gives unmatched non-code rows their reason; real routes map or stay unmapped with none; a declared "/" maps', () => {
    const mapped = mapSnapshot(snapshotOf(ROWS), inputs(defs)).routes;
    assert.equal(mapped[0].location?.file, 'api/src/orders.ts');
    assert.equal(mapped[0].notCode, undefined);
    assert.equal(mapped[1].location, undefined);
    assert.equal(mapped[1].notCode, undefined, 'a route that may be code keeps the usual advice');
    assert.deepEqual(mapped.slice(2).map((r) => r.notCode !== undefined), [true, true, true, true, true, true]);
    const withRoot = mapSnapshot(snapshotOf([row('/', 'GET')]), inputs([...defs, { framework: 'express', method: 'GET', path: '/', file: 'api/src/orders.ts', line: 3 }])).routes[0];
    assert.equal(withRoot.location?.line, 3);
    assert.equal(withRoot.notCode, undefined);
    const raw = mapSnapshot(snapshotOf([row('/api/orders/42', 'GET')]), inputs(defs)).routes[0];
    assert.equal(raw.location?.line, 7, 'a raw path that a template matches is code');
    assert.equal(raw.notCode, undefined);
    // With no route definitions scanned at all, a (no route) row is still not code.
    assert.ok(mapSnapshot(snapshotOf([row('(no route)')]), inputs([])).routes[0].notCode);
  });

  it('doctor: mapping.routes lists only routes that may be code; mapping.notCode explains the rest with no fix', () => {
    const mapping: MappingFacts = mappingStats(mapSnapshot(snapshotOf(ROWS), inputs(defs)));
    assert.deepEqual(mapping.routesUnmapped, ['POST /api/refunds']);
    assert.equal(mapping.routesNotCode?.length, 6);
    const detection = detectServices([{ path: '.prodlens.json', text: JSON.stringify({ services: [{ name: 'api', folders: ['api'] }] }) }]);
    const d = diagnose({ workspaceFolders: ['ws'], detection, backendsByService: {}, surface: 'cli', runtime: { api: { snapshot: snapshotOf([]), mapping } } });
    const routes = d.findings.find((f) => f.code === 'mapping.routes');
    assert.equal(routes?.detail, 'POST /api/refunds');
    assert.match(routes?.fix ?? '', /include the code that defines these routes/);
    const notCode = d.findings.find((f) => f.code === 'mapping.notCode');
    assert.ok(notCode);
    assert.equal(notCode.fix, undefined);
    assert.equal(notCode.level, 'info');
    assert.equal(notCode.title, '"api": 6 row(s) with traffic are not code, so they have no handler to show');
    assert.match(notCode.detail ?? '', /^GET \(no route\): requests that carry no route label/);
    assert.match(notCode.detail ?? '', /\nGET <unnamed view>: requests no route matched, which the instrumentation labels "<unnamed view>"/);
    assert.match(d.findings.find((f) => f.code === 'mapping.summary')?.title ?? '', /1 of 2 route\(s\) \(and 6 row\(s\) that are not code\)$/);
  });

  it('Health view: a non-code row carries what it is (its tooltip), a real unmapped route does not', () => {
    const rows = healthRows(mapSnapshot(snapshotOf(ROWS), inputs(defs)));
    assert.equal(rows[1].notCode, undefined);
    assert.match(rows[2].notCode ?? '', /^requests that carry no route label/);
    assert.equal(rows[0].notCode, undefined);
  });
});
