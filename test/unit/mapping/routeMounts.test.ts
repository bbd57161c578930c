// Prefixes mounted in another file, per framework, over small apps laid out as real projects are
// (test/fixtures/mapping/mounts/<framework>): each route's full path and its handler's file:line.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { matchRoute } from '../../../src/core/mapping/routes/match';
import type { RouteDefinition } from '../../../src/core/mapping/routes/types';
import { MOUNTS, listing, loadSourceTree, routesOfTree } from './sourceTree';

const routesOf = (framework: string): RouteDefinition[] => routesOfTree(loadSourceTree(path.join(MOUNTS, framework)));

const EXPECTED: Record<string, { what: string; routes: string[] }> = {
  express: {
    what: 'app.use and router.use chains, require/import, default/named/barrel exports, factories, registration functions',
    routes: [
      'GET /api/orders src/routes/orders.js:6',
      'GET /api/orders/:id src/routes/orders.js:12',
      'GET /api/v2/orders src/routes/orders.js:6',
      'GET /api/v2/orders/:id src/routes/orders.js:12',
      'GET /api/users/:id src/routes/users.ts:5',
      'DELETE /admin/cache src/routes/admin.js:5',
      'GET /healthz src/app.js:15',
      // Mounted at a prefix read from configuration: kept as scanned.
      'GET /orders/:id src/routes/legacy.js:3',
      'GET /reports/daily/:date ts/routes/reports.ts:5',
      'GET /billing/invoices/:id ts/routes/invoices.ts:5',
      'POST /billing/refunds ts/routes/refunds.ts:5',
      'POST /v1/webhooks/stripe ts/webhooks.ts:4',
    ],
  },
  koa: {
    what: 'a prefixed router nesting another with router.use(path, other.routes())',
    routes: ['GET /api/status app.ts:9', 'GET /api/v1/items/:id items.ts:5', 'DELETE /api/v1/items/:id items.ts:11'],
  },
  fastify: {
    what: 'register with a prefix: required, named, anonymous, inline and nested plugins; fastify-plugin left alone',
    routes: [
      'GET /api/stock/:sku routes/stock.js:2',
      'POST /api/stock routes/stock.js:6',
      'GET /api/orders/:id routes/orders.js:6',
      'POST /api/orders/:id/refunds routes/orders.js:2',
      'GET /internal/ping server.js:7',
      'GET /metrics routes/metrics.js:4',
    ],
  },
  nest: {
    what: 'setGlobalPrefix in main.ts with an exclusion; another app whose prefix is not a literal',
    routes: ['GET /api/orders/:id src/orders/orders.controller.ts:6', 'GET /health src/health.controller.ts:6', 'GET /users/:id apps/admin/src/users.controller.ts:6'],
  },
  flask: {
    what: 'blueprints registered in an app factory (url_prefix replacing the blueprint\'s own) and nested in a blueprint',
    routes: [
      'GET /shop/orders/<int:order_id> shop/orders.py:7',
      'POST /shop/orders shop/orders.py:12',
      'GET /api/status shop/api/__init__.py:10',
      'GET /api/v1/invoices/<int:invoice_id> shop/api/v1.py:7',
    ],
  },
  fastapi: {
    what: 'include_router with and without a prefix, APIRouter(prefix=...), a prefix from settings',
    routes: ['GET / app/main.py:16', 'GET /items/{item_id} app/routers/items.py:7', 'GET /api/users/{user_id} app/routers/users.py:7', 'POST /reindex app/internal/admin.py:7'],
  },
  django: {
    what: 'include() by dotted string and by imported module, path and re_path; an include two apps could satisfy',
    routes: [
      '* /shop/orders/ mysite/shop/views.py:4',
      '* /shop/orders/<int:pk>/ mysite/shop/views.py:8',
      '* /api/orders/<int:pk>/ mysite/shop/views.py:12',
      '* /admin/ mysite/mysite/urls.py:7',
      // `include("orders.urls")`: apps/orders and legacy/orders both fit, neither is importable from mysite: not guessed.
      '* /history/ mysite/apps/orders/urls.py:6',
      '* /history/ mysite/legacy/orders/urls.py:6',
    ],
  },
  go: {
    what: 'chi Mount of package functions, same-package functions and a method; chi Route closures; gin groups handed to Register',
    routes: [
      'GET /health cmd/server/main.go:27',
      'GET /api/orders/{id} cmd/server/main.go:31',
      'POST /api/admin/reindex cmd/server/admin.go:15',
      'GET /users/{id} internal/users/users.go:15',
      'GET /metrics internal/metrics/handler.go:19',
      'GET /api/v1/orders/:id internal/orders/routes.go:14',
      'POST /api/v1/orders internal/orders/routes.go:18',
    ],
  },
};

describe('mapping/routes: prefixes mounted in other files', () => {
  for (const [framework, expected] of Object.entries(EXPECTED)) {
    it(`${framework}: ${expected.what}`, () => {
      assert.deepEqual(listing(routesOf(framework)), [...expected.routes].sort());
    });
  }

  it('the handler keeps its line, range and declaration site', () => {
    const get = routesOf('express').find((r) => r.handler === 'getOrder' && r.path === '/api/orders/:id')!;
    assert.equal(get.line, 12);
    assert.deepEqual(get.range, { startLine: 12, endLine: 16 });
    assert.deepEqual(get.definedAt, { file: 'src/routes/orders.js', line: 10 });
  });

  it('a Fastify plugin file that never names fastify is reported as Fastify once registered', () => {
    const stock = routesOf('fastify').filter((r) => r.file === 'routes/stock.js');
    assert.deepEqual(stock.map((r) => r.framework), ['fastify', 'fastify']);
  });

  // [framework, observed, expected handler]
  const observed: [string, string, string][] = [
    ['express', 'GET /api/orders/42', 'src/routes/orders.js:12'],
    ['express', 'GET /api/v2/orders/:id', 'src/routes/orders.js:12'],
    ['express', 'POST /v1/webhooks/stripe', 'ts/webhooks.ts:4'],
    ['koa', 'DELETE /api/v1/items/:id', 'items.ts:11'],
    ['fastify', 'POST /api/orders/:id/refunds', 'routes/orders.js:2'],
    ['nest', 'GET /api/orders/:id', 'src/orders/orders.controller.ts:6'],
    ['flask', 'GET /api/v1/invoices/<int:invoice_id>', 'shop/api/v1.py:7'],
    ['fastapi', 'GET /api/users/{user_id}', 'app/routers/users.py:7'],
    ['django', 'GET /shop/orders/<int:pk>/', 'mysite/shop/views.py:8'],
    ['go', 'POST /api/admin/reindex', 'cmd/server/admin.go:15'],
    ['go', 'GET /api/v1/orders/:id', 'internal/orders/routes.go:14'],
  ];
  for (const [framework, route, expected] of observed) {
    it(`${framework}: ${route} is the same template as the combined definition`, () => {
      const m = matchRoute(route, routesOf(framework));
      assert.equal(m.route ? `${m.route.file}:${m.route.line}` : null, expected, m.reason);
      assert.match(m.reason, /^(same template|template with the observed values)/);
    });
  }

  it('a route left unmounted still maps by the end of the observed route', () => {
    const m = matchRoute('GET /legacy/orders/7', routesOf('express'));
    assert.equal(m.route ? `${m.route.file}:${m.route.line}` : null, 'src/routes/legacy.js:3');
    assert.match(m.reason, /prefix mounted elsewhere/);
  });
});
