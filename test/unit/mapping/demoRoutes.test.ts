// The bundled demo workspace, read from disk as it ships: every route the demo production reports must land
// on its handler. checkout-api mounts its routers in src/server.ts (`app.use('/api/orders', ordersRouter)`), so
// this only holds when prefixes are combined across files; billing is a one-file Flask app.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { HealthSnapshot, RouteMetrics } from '../../../src/core/model';
import { matchRoute } from '../../../src/core/mapping/routes/match';
import { CodeIndex } from '../../../src/services/codeIndex';
import { codeMapperFor } from '../../../src/services/signalMapper';
import { REPO, loadSourceTree, routesOfTree } from './sourceTree';

const DEMO = path.join(REPO, 'demo');
const CHECKOUT = 'services/checkout-api';
const BILLING = 'services/billing';

// [observed route, the handler it must map to]
const OBSERVED: [string, string, string][] = [
  [CHECKOUT, 'GET /api/orders/:id', `${CHECKOUT}/src/routes/orders.ts:7`],
  [CHECKOUT, 'POST /api/orders', `${CHECKOUT}/src/routes/orders.ts:16`],
  [CHECKOUT, 'GET /api/cart', `${CHECKOUT}/src/routes/cart.ts:6`],
  [CHECKOUT, 'PUT /api/cart/items/:sku', `${CHECKOUT}/src/routes/cart.ts:13`],
  [CHECKOUT, 'POST /api/payments/:orderId/capture', `${CHECKOUT}/src/routes/payments.ts:6`],
  [CHECKOUT, 'GET /health', `${CHECKOUT}/src/server.ts:14`],
  [BILLING, 'GET /invoices/<int:invoice_id>', `${BILLING}/billing/app.py:9`],
  [BILLING, 'GET /health', `${BILLING}/billing/app.py:14`],
];

describe('mapping/routes: the demo workspace', () => {
  const tree = loadSourceTree(DEMO);
  const routes = routesOfTree(tree);

  for (const [service, observed, expected] of OBSERVED) {
    it(`${observed} maps to ${expected}`, () => {
      const m = matchRoute(observed, routes, { preferFolders: [service] });
      assert.equal(m.route ? `${m.route.file}:${m.route.line}` : null, expected, m.reason);
      assert.equal(m.ambiguous, false);
    });
  }

  it('checkout-api routes carry their mount prefix and keep the handler range', () => {
    const get = routes.find((r) => r.file.endsWith('routes/orders.ts') && r.method === 'GET')!;
    assert.equal(get.path, '/api/orders/:id');
    assert.deepEqual(get.range, { startLine: 7, endLine: 14 });
    assert.equal(matchRoute('GET /api/orders/:id', routes).reason.startsWith('same template'), true, 'a full match, not the end-of-route fallback');
  });

  it('/health is in both services: each service finds its own', () => {
    const m = matchRoute('GET /health', routes);
    assert.equal(m.ambiguous, true, 'without a service folder the two are a tie');
  });

  it('through CodeIndex and the signal mapper, as the extension and the CLI run it', async () => {
    const code = new CodeIndex({ listFiles: async () => tree.files, readText: async (p) => tree.texts.get(p) }, { error() {}, warn() {}, info() {}, debug() {} });
    const services = [{ name: 'checkout-api', folders: [CHECKOUT] }, { name: 'billing', folders: [BILLING] }];
    const mapToCode = codeMapperFor(code, () => services);
    for (const service of services) {
      const observed = OBSERVED.filter(([s]) => s === service.folders[0]);
      const routeMetrics: RouteMetrics[] = observed.map(([, o]) => ({ kind: 'route', method: o.split(' ')[0], name: o.split(' ')[1], latency: {} }));
      const snapshot = { service: service.name, window: '1h', fetchedAt: 0, status: 'ok', statusReasons: [], current: { latency: {} }, series: {}, routes: routeMetrics, errors: [], incidents: [], deploys: [], backends: [], stale: false } as unknown as HealthSnapshot;
      const mapped = await mapToCode(service, snapshot, new AbortController().signal);
      assert.deepEqual(mapped.routes.map((r) => (r.location ? `${r.location.file}:${r.location.line}` : null)), observed.map(([, , e]) => e));
    }
  });
});
