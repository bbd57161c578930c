// Django URL patterns resolved to their views, over a small project laid out as real ones are
// (test/fixtures/mapping/django): function views, class-based views, include() with a prefix, a view re-exported
// by a package, re_path, a one-file service, and a view two files could be. Every expected line is found in the
// fixture's text, so editing a fixture moves the expectation with it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { HealthSnapshot, RouteMetrics } from '../../../src/core/model';
import type { RouteDefinition } from '../../../src/core/mapping/routes/types';
import { mapSnapshot } from '../../../src/services/signalMapper';
import { loadSourceTree, routesOfTree } from './sourceTree';
import { FIXTURES } from './workspaces';

const tree = loadSourceTree(path.join(FIXTURES, 'django'), ['site']);
const routes = routesOfTree(tree);

/** 1-based line of the first line of `file` containing `needle` at or after line `from`. */
function lineOf(file: string, needle: string, from = 1): number {
  const lines = (tree.texts.get(file) as string).split('\n');
  const i = lines.findIndex((l, k) => k >= from - 1 && l.includes(needle));
  assert.ok(i >= 0, `${needle} not in ${file}`);
  return i + 1;
}

/** The range from the line holding `start` to the line holding `end` (searched after it). */
function rangeOf(file: string, start: string, end: string): { startLine: number; endLine: number } {
  const startLine = lineOf(file, start);
  return { startLine, endLine: lineOf(file, end, startLine) };
}

const route = (p: string): RouteDefinition => {
  const found = routes.filter((r) => r.path === p);
  assert.equal(found.length, 1, `${p}: ${found.length} routes`);
  return found[0];
};

const VIEWS = 'site/orders/views.py';
const URLS = 'site/orders/urls.py';

describe('mapping/routes: Django URL patterns resolved to their views', () => {
  // [path as served, file, range start (the def/class line), range end, dotted view]
  const cases: [string, string, string, string, string][] = [
    ['/api/orders/<int:pk>/', VIEWS, 'def detail(', 'return JsonResponse({"id": pk})', 'orders.views.detail'],
    ['/api/orders/', VIEWS, 'class OrderView(', 'return inner', 'orders.views.OrderView'],
    ['/api/orders/<int:pk>/refund/', VIEWS, 'def refund(', 'return JsonResponse({"refunded": pk})', 'orders.views.refund'],
    ['/api/legacy/orders/<pk>/', VIEWS, 'def legacy_detail(', 'return detail(request, pk)', 'orders.views.legacy_detail'],
    ['/api/orders/export/', VIEWS, 'class ExportView(', 'return JsonResponse({})', 'orders.views.ExportView'],
    ['/products/<slug:slug>/', 'site/catalog/views/products.py', 'def product_detail(', 'return JsonResponse({"slug": slug})', 'catalog.views.products.product_detail'],
    ['/api/users/<int:user_id>', 'site/tiny/app.py', 'def user_detail(', 'return JsonResponse({"id": user_id})', 'app.user_detail'],
  ];
  for (const [served, file, start, end, dotted] of cases) {
    it(`${served} → ${dotted}`, () => {
      const r = route(served);
      const range = rangeOf(file, start, end);
      assert.equal(`${r.file}:${r.line}`, `${file}:${range.startLine}`);
      assert.deepEqual(r.range, range);
      assert.equal(`${r.view?.module}.${r.view?.name}`, dotted);
      assert.ok(r.definedAt, 'the URL pattern is remembered');
    });
  }

  it('a class-based view knows its get and post, not a nested helper named get', () => {
    const methods = route('/api/orders/').view?.methods ?? {};
    assert.deepEqual(Object.keys(methods).sort(), ['GET', 'POST']);
    const get = rangeOf(VIEWS, 'def get(self', 'return JsonResponse({"orders": []})');
    const post = rangeOf(VIEWS, 'def post(self', 'status=201)');
    assert.deepEqual(methods.GET, { line: get.startLine, range: get });
    assert.deepEqual(methods.POST, { line: post.startLine, range: post });
  });

  it('the URL pattern stays the declaration site of a resolved view', () => {
    assert.deepEqual(route('/api/orders/<int:pk>/').definedAt, { file: URLS, line: lineOf(URLS, 'views.detail') });
  });

  it('a view two workspace files could be stays on its URL pattern, unresolved', () => {
    const r = route('/healthz');
    assert.equal(`${r.file}:${r.line}`, `site/project/urls.py:${lineOf('site/project/urls.py', 'path("healthz"')}`);
    assert.equal(r.range, undefined);
    assert.equal(r.view, undefined);
  });
});

describe('mapping/routes: Django rows (route and view labels) land on the view', () => {
  const row = (name: string, method?: string): RouteMetrics => ({ kind: 'route', name, ...(method ? { method } : {}), throughput: 1, latency: {} });
  const mapRows = (rows: RouteMetrics[]) => {
    const snapshot = { errors: [], incidents: [], routes: rows } as unknown as HealthSnapshot;
    return mapSnapshot(snapshot, { index: tree.index, folders: ['site'], pathMappings: [], routes }).routes;
  };
  const at = (r: RouteMetrics) => (r.location ? `${r.location.file}:${r.location.line}` : null);

  // [label as the metrics library writes it, method, expected file, text of the expected line]
  const cases: [string, string | undefined, string, string][] = [
    ['orders:order-detail', 'GET', VIEWS, 'def detail('],
    ['/api/orders/<int:pk>/', 'GET', VIEWS, 'def detail('],
    // OpenTelemetry's Django instrumentation: the pattern as Django keeps it, without the leading slash.
    ['api/orders/<int:pk>/refund/', 'POST', VIEWS, 'def refund('],
    ['orders:orders', 'GET', VIEWS, 'def get(self'],
    ['orders:orders', 'POST', VIEWS, 'def post(self'],
    ['orders:orders', 'HEAD', VIEWS, 'def get(self'],
    ['orders:orders', 'DELETE', VIEWS, 'class OrderView('],
    ['orders.views.legacy_detail', 'GET', VIEWS, 'def legacy_detail('],
    ['orders.views.ExportView', 'GET', VIEWS, 'class ExportView('],
    ['product-detail', 'GET', 'site/catalog/views/products.py', 'def product_detail('],
    ['user-detail', 'GET', 'site/tiny/app.py', 'def user_detail('],
  ];
  for (const [label, method, file, line] of cases) {
    it(`${method ?? ''} ${label} → ${file} (${line})`, () => {
      const [mapped] = mapRows([row(label, method)]);
      assert.equal(at(mapped), `${file}:${lineOf(file, line)}`, mapped.location?.reason);
      assert.ok(mapped.location?.range, 'with the range of the function');
      assert.ok(mapped.location.range.startLine === mapped.location.line);
    });
  }

  it('the reason names the view and the URL pattern it was declared by', () => {
    const [detail, get] = mapRows([row('orders:order-detail', 'GET'), row('orders:orders', 'GET')]);
    assert.equal(detail.location?.reason, `Django view orders.views.detail for /api/orders/<int:pk>/ (${URLS}:${lineOf(URLS, 'views.detail')}), by URL name orders:order-detail`);
    assert.equal(get.location?.reason, `Django view orders.views.OrderView.get for /api/orders/ (${URLS}:${lineOf(URLS, 'OrderView.as_view()')}), by URL name orders:orders`);
  });

  it('a URL name two patterns share is ambiguous without its namespace, never a guess', () => {
    const [bare, namespaced] = mapRows([row('orders', 'GET'), row('orders:orders', 'GET')]);
    assert.equal(bare.location, undefined);
    assert.equal(at(namespaced), `${VIEWS}:${lineOf(VIEWS, 'def get(self')}`);
  });

  it('an unresolved view stays on its pattern with a reason that says so; <unnamed view> maps nowhere', () => {
    const [health, unnamed] = mapRows([row('/healthz', 'GET'), row('<unnamed view>', 'GET')]);
    assert.equal(at(health), `site/project/urls.py:${lineOf('site/project/urls.py', 'path("healthz"')}`);
    assert.match(health.location?.reason ?? '', /^Django URL pattern \/healthz .*its view health could not be followed to one definition/);
    assert.equal(unnamed.location, undefined);
  });
});
