import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileIndex } from '../../../src/core/mapping/fileIndex';
import { matchRoute, parseObservedRoute, routeSegments } from '../../../src/core/mapping/routes/match';
import { resolveRouteHandlers } from '../../../src/core/mapping/routes/resolve';
import { mayDefineRoutes, scanRoutes } from '../../../src/core/mapping/routes/scan';
import type { RouteDefinition } from '../../../src/core/mapping/routes/types';
import { FIXTURES } from './workspaces';
import { withCpuMs } from '../../builders/cpuTime';

const ROUTES = path.join(FIXTURES, 'routes');
const read = (file: string) => fs.readFileSync(path.join(ROUTES, file), 'utf8');
const scan = (file: string) => scanRoutes(file, read(file));

/** `METHOD path @line[-end] handler` — compact enough to keep a whole file's routes in one expectation. */
function show(r: RouteDefinition): string {
  return `${r.method} ${r.path} @${r.line}${r.range ? `-${r.range.endLine}` : ''}${r.handler ? ` ${r.handler}` : ''}`;
}

const EXPECTED: Record<string, { framework: string; routes: string[] }> = {
  'express/orders.router.ts': {
    framework: 'express',
    routes: [
      'GET /api/orders @8-11',
      'GET /api/orders/:id @24-28 getOrder',
      'POST /api/orders @14 orders.create',
      'DELETE /api/orders/:id(\\d+) @15-17',
      'GET /api/orders/export @18 exportOrders',
      'GET /api/books/:isbn @21',
      'PUT /api/books/:isbn @22',
    ],
  },
  'koa/items.ts': { framework: 'koa', routes: ['GET /items/:id @5-7', 'POST /items @9 createItem'] },
  'fastify/server.js': {
    framework: 'fastify',
    routes: ['GET /health @3', 'POST /api/stock @14-17', 'GET /api/stock/:sku @5-12', 'HEAD /api/stock/:sku @5-12'],
  },
  'nest/orders.controller.ts': {
    framework: 'nestjs',
    routes: ['GET /orders @10-12 findAll', 'GET /orders/:id @16-18 findOne', 'POST /orders @21-23 create'],
  },
  'flask/views.py': {
    framework: 'flask',
    routes: [
      'GET /orders @10-11 list_orders',
      'GET /orders/<int:order_id> @16-19 order_detail',
      'DELETE /orders/<int:order_id> @16-19 order_detail',
      'POST /orders/<int:order_id>/refund @23-24 refund',
    ],
  },
  'flask/app.py': { framework: 'flask', routes: ['GET /users/<int:id> @7-8 show_user'] },
  'fastapi/items.py': {
    framework: 'fastapi',
    routes: ['GET /health @8-9 health', 'GET /items/{item_id} @13-15 read_item', 'POST /items @19-23 create_item'],
  },
  'django/shop/urls.py': {
    framework: 'django',
    routes: [
      '* /orders/ @8 views.order_list',
      '* /orders/<int:pk>/ @9 views.order_detail',
      '* /orders/<pk>/invoice.pdf @10 views.invoice_pdf',
      '* /stats/ @12 views.StatsView',
    ],
  },
  'spring/OrderController.java': {
    framework: 'spring',
    routes: [
      'GET /api/orders/{id} @18-22 get',
      'POST /api/orders @26-28 create',
      'POST /api/orders/{id}/cancel @31-33 cancel',
      'DELETE /api/orders/{id} @36-36 delete',
      'DELETE /api/orders/by-ref/{ref} @36-36 delete',
    ],
  },
  'spring/InvoiceController.kt': {
    framework: 'spring',
    routes: ['GET /api/invoices/{id} @10 get', 'POST /api/invoices/{id}/send @13-15 send'],
  },
  'jaxrs/StockResource.java': { framework: 'jaxrs', routes: ['GET /stock/{sku} @11-13 get', 'POST /stock @16-19 add'] },
  'go/routes.go': {
    framework: 'gin',
    routes: ['GET /health @6-8', 'GET /api/v1/items/:id @16-24 s.getItem', 'POST /api/v1/items @11 s.createItem', 'DELETE /api/v1/admin/items/:id @13 s.deleteItem'],
  },
  'go/main.go': { framework: 'net/http', routes: ['GET /orders/{id} @19-22 getOrder', '* /healthz @12-14', '* /metrics @15'] },
  'go/chi.go': { framework: 'chi', routes: ['GET /users/{id} @11 getUser', 'POST /users @12 createUser', 'PATCH /users/{id} @13'] },
  'go/gorilla.go': { framework: 'gorilla', routes: ['GET /articles/{id} @6 ArticleHandler', 'PUT /articles/{id} @6 ArticleHandler'] },
  'go/echo.go': { framework: 'echo', routes: ['GET /users/:id @9 getUser', 'PUT /admin/users/:id @11 updateUser', 'DELETE /admin/users/:id @12-14'] },
  'aspnet/OrdersController.cs': {
    framework: 'aspnet',
    routes: ['GET /api/Orders/{id:int} @17-21 Get', 'POST /api/Orders @24 Create', 'DELETE /api/Orders/{id} @28-31 Delete'],
  },
  'aspnet/Program.cs': { framework: 'aspnet', routes: ['GET /health @4', 'GET /api/v2/orders/{id} @7-10', 'POST /api/v2/orders/ @11'] },
  'rails/config/routes.rb': {
    framework: 'rails',
    routes: [
      'GET / @2 home#index',
      'GET /health @3 health#show',
      'GET /orders @5 orders#index',
      'POST /orders @5 orders#create',
      'GET /orders/:id @5 orders#show',
      'GET /orders/:order_id/line_items @6 line_items#index',
      'GET /api/v1/orders/:id @11 api/v1/orders#show',
      'GET /reports/:year @15 admin/reports#show',
      'POST /webhooks/stripe @16 webhooks#stripe',
      'PUT /webhooks/stripe @16 webhooks#stripe',
    ],
  },
};

describe('mapping/routes: scanning', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${expected.framework}: ${file} yields every route with its handler line`, () => {
      const routes = scan(file);
      assert.deepEqual(routes.map(show), expected.routes);
      for (const r of routes) {
        assert.equal(r.framework, expected.framework);
        assert.equal(r.file, file);
      }
    });
  }

  it('express: HTTP client calls, cache lookups and option objects are not routes', () => {
    const paths = scan('express/orders.router.ts').map((r) => r.path);
    assert.ok(!paths.includes('/api/orders/1'));
    assert.ok(!paths.includes('/internal/health'));
  });

  it('express: a named handler keeps where the route was declared', () => {
    const route = scan('express/orders.router.ts').find((r) => r.handler === 'getOrder')!;
    assert.deepEqual(route.definedAt, { file: 'express/orders.router.ts', line: 13 });
  });

  it('django and rails: route names are kept for name-based matching', () => {
    assert.equal(scan('django/shop/urls.py')[1].name, 'order-detail');
    assert.equal(scan('rails/config/routes.rb').find((r) => r.path === '/reports/:year')!.name, 'yearly_report');
  });

  it('mayDefineRoutes picks source files and Rails route files only', () => {
    assert.ok(mayDefineRoutes('src/orders.ts'));
    assert.ok(mayDefineRoutes('config/routes.rb'));
    assert.ok(mayDefineRoutes('config/routes/admin.rb'));
    assert.ok(!mayDefineRoutes('app/models/order.rb'));
    assert.ok(!mayDefineRoutes('README.md'));
  });

  it('never throws and skips huge or unknown files', () => {
    assert.deepEqual(scanRoutes('x.ts', 'app.get(\'/a\', (req, res) => {'), []);
    assert.deepEqual(scanRoutes('x.py', '@app.route("/unterminated'), []);
    assert.deepEqual(scanRoutes('x.txt', 'app.get("/a", h)'), []);
    assert.deepEqual(scanRoutes('x.ts', `app.get('/a', h);\n${' '.repeat(1_100_000)}`), []);
    assert.deepEqual(scanRoutes('x.ts', undefined as unknown as string), []);
  });

  it('stays fast on pathological input', () => {
    const { ms } = withCpuMs(() => {
      scanRoutes('x.ts', `${'app.get(\'/'.repeat(20_000)}`);
      scanRoutes('x.java', `${'@GetMapping('.repeat(20_000)}`);
      scanRoutes('x.py', `${'@app.route("/x", methods=['.repeat(20_000)}`);
      scanRoutes('config/routes.rb', 'namespace :a do\n'.repeat(20_000));
    });
    assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms of CPU`);
  });
});

describe('mapping/routes: resolving handlers in other files', () => {
  const djangoFiles: Record<string, string> = {
    'shop/urls.py': read('django/shop/urls.py'),
    'shop/views.py': read('django/shop/views.py'),
  };
  const railsFiles: Record<string, string> = {
    'config/routes.rb': read('rails/config/routes.rb'),
    'app/controllers/orders_controller.rb': read('rails/app/controllers/orders_controller.rb'),
    'app/controllers/api/v1/orders_controller.rb': read('rails/app/controllers/api/v1/orders_controller.rb'),
  };

  it('django: views.order_detail moves to the def in shop/views.py', () => {
    const sources = { index: new FileIndex(Object.keys(djangoFiles)), readFile: (p: string) => djangoFiles[p] };
    const routes = resolveRouteHandlers(scanRoutes('shop/urls.py', djangoFiles['shop/urls.py']), sources);
    const detail = routes.find((r) => r.name === 'order-detail')!;
    assert.equal(detail.file, 'shop/views.py');
    assert.equal(detail.line, 11);
    assert.deepEqual(detail.range, { startLine: 11, endLine: 13 });
    assert.deepEqual(detail.definedAt, { file: 'shop/urls.py', line: 9 });
    const stats = routes.find((r) => r.name === 'stats')!;
    assert.equal(`${stats.file}:${stats.line}`, 'shop/views.py:20');
  });

  it('django: a view that cannot be found stays on urls.py', () => {
    const sources = { index: new FileIndex(['shop/urls.py']), readFile: (p: string) => djangoFiles[p] };
    const routes = resolveRouteHandlers(scanRoutes('shop/urls.py', djangoFiles['shop/urls.py']), sources);
    assert.equal(routes[0].file, 'shop/urls.py');
    assert.equal(routes[0].line, 8);
  });

  it('rails: orders#show moves to def show in the controller, namespaces included', () => {
    const sources = { index: new FileIndex(Object.keys(railsFiles)), readFile: (p: string) => railsFiles[p] };
    const routes = resolveRouteHandlers(scanRoutes('config/routes.rb', railsFiles['config/routes.rb']), sources);
    const show = routes.find((r) => r.handler === 'orders#show')!;
    assert.equal(`${show.file}:${show.line}`, 'app/controllers/orders_controller.rb:6');
    assert.deepEqual(show.range, { startLine: 6, endLine: 8 });
    const api = routes.find((r) => r.handler === 'api/v1/orders#show')!;
    assert.equal(`${api.file}:${api.line}`, 'app/controllers/api/v1/orders_controller.rb:4');
    const health = routes.find((r) => r.handler === 'health#show')!;
    assert.equal(health.file, 'config/routes.rb', 'no health controller in the workspace: stays on routes.rb');
  });
});

describe('mapping/routes: matching observed routes', () => {
  const all: RouteDefinition[] = Object.keys(EXPECTED).flatMap((f) => scan(f).map((r) => ({ ...r, file: `svc/${f}` })));
  const at = (r: RouteDefinition | null) => (r ? `${r.file}:${r.line}` : null);

  it('normalises parameter syntaxes to the same segments', () => {
    const forms = ['/api/orders/:id', '/api/orders/{id}', '/api/orders/<int:id>', '/api/orders/#val', '/api/orders/[id]', '/api/orders/{id:int}', 'GET /api/orders/{id}/'];
    const shapes = forms.map((f) => JSON.stringify(routeSegments(f)));
    assert.equal(new Set(shapes).size, 1, shapes.join('\n'));
  });

  it('parses a method prefix, a bare path, and a name', () => {
    assert.deepEqual(parseObservedRoute('GET /users/<int:id>'), { method: 'GET', route: '/users/<int:id>' });
    assert.deepEqual(parseObservedRoute('/items/{id}'), { route: '/items/{id}' });
    assert.deepEqual(parseObservedRoute('order-detail'), { name: 'order-detail' });
  });

  type Observed = string | { route?: string; method?: string; name?: string };
  // [name, observed, expected, the frameworks whose routes are in play (all when omitted)]
  const cases: [string, Observed, string | null, string[]?][] = [
    ['OTel http_route :id finds Spring {id}', { route: '/api/orders/:id', method: 'GET' }, 'svc/spring/OrderController.java:18', ['spring']],
    ['Flask syntax with a method prefix', 'GET /users/<int:id>', 'svc/flask/app.py:7', ['flask', 'fastapi', 'django']],
    ['FastAPI template with another parameter name', '/items/{id}', 'svc/fastapi/items.py:13', ['fastapi', 'flask']],
    ['express-prom-bundle #val with the method', { route: '/api/books/#val', method: 'PUT' }, 'svc/express/orders.router.ts:22'],
    ['a concrete path fills the parameter', { route: '/api/v1/items/42', method: 'GET' }, 'svc/go/routes.go:16'],
    ['a literal segment beats a parameter', { route: '/api/orders/export', method: 'GET' }, 'svc/express/orders.router.ts:18'],
    ['HEAD matches a GET-only route', { route: '/api/invoices/7', method: 'HEAD' }, 'svc/spring/InvoiceController.kt:10'],
    ['Rails optional format suffix', { route: '/webhooks/stripe(.:format)', method: 'PUT' }, 'svc/rails/config/routes.rb:16'],
    ['a route mounted under a prefix set elsewhere', { route: '/v1/stock/{sku}', method: 'GET' }, 'svc/jaxrs/StockResource.java:11'],
    ['ASP.NET [controller] token and route constraint', { route: '/api/orders/{id}', method: 'DELETE' }, 'svc/aspnet/OrdersController.cs:28', ['aspnet']],
    ['Go 1.22 method pattern', { route: '/orders/42', method: 'GET' }, 'svc/go/main.go:19', ['net/http', 'gin', 'chi']],
    ['Nest controller prefix', { route: '/orders/:id', method: 'GET' }, 'svc/nest/orders.controller.ts:16', ['nestjs']],
    ['Django URL pattern name', { name: 'order-detail' }, 'svc/django/shop/urls.py:9'],
    ['Flask endpoint label (view function name)', { name: 'list_orders' }, 'svc/flask/views.py:10'],
    ['Django dotted view label', { name: 'shop.views.order_list' }, 'svc/django/shop/urls.py:8'],
    ['nothing defines it', { route: '/nope/{x}', method: 'GET' }, null],
    ['method mismatch', { route: '/api/invoices/{id}', method: 'DELETE' }, null],
  ];
  for (const [name, observed, expected, frameworks] of cases) {
    it(`${name}`, () => {
      const routes = frameworks ? all.filter((r) => frameworks.includes(r.framework)) : all;
      const m = matchRoute(observed, routes);
      assert.equal(at(m.route), expected, m.reason);
      assert.equal(m.ambiguous, false);
      assert.ok(m.reason.length > 10);
    });
  }

  it('one template in three services (Express, Spring, ASP.NET) is ambiguous, never a guess', () => {
    const m = matchRoute({ route: '/api/orders/:id', method: 'GET' }, all);
    assert.equal(m.route, null);
    assert.equal(m.ambiguous, true);
    assert.deepEqual(m.candidates.map(at).sort(), ['svc/aspnet/OrdersController.cs:17', 'svc/express/orders.router.ts:24', 'svc/spring/OrderController.java:18']);
    assert.match(m.reason, /3 routes match equally well/);
  });

  it('the same template under two methods without a method is ambiguous, with both candidates', () => {
    const m = matchRoute('/api/orders/:id', all.filter((r) => r.framework === 'express'));
    assert.equal(m.route, null);
    assert.equal(m.ambiguous, true);
    assert.deepEqual(m.candidates.map(at).sort(), ['svc/express/orders.router.ts:15', 'svc/express/orders.router.ts:24']);
  });

  it('the same route in two services is ambiguous unless the service folder decides', () => {
    const twice = [...scan('koa/items.ts').map((r) => ({ ...r, file: `services/a/${r.file}` })), ...scan('koa/items.ts').map((r) => ({ ...r, file: `services/b/${r.file}` }))];
    const m = matchRoute({ route: '/items/:id', method: 'GET' }, twice);
    assert.equal(m.ambiguous, true);
    assert.equal(m.candidates.length, 2);
    const chosen = matchRoute({ route: '/items/:id', method: 'GET' }, twice, { preferFolders: ['services/b'] });
    assert.equal(at(chosen.route), 'services/b/koa/items.ts:5');
  });

  it('the same Rails action under PUT and PATCH is one answer', () => {
    const m = matchRoute('/webhooks/stripe', all.filter((r) => r.framework === 'rails'));
    assert.equal(m.ambiguous, false);
    assert.equal(at(m.route), 'svc/rails/config/routes.rb:16');
  });
});
