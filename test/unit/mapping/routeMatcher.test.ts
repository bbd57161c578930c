// RouteMatcher indexes the scanned definitions so a refresh does not score every observed route against every
// definition; the answers must stay exactly those of scoring them all.
import * as assert from 'node:assert/strict';
import { RouteMatcher, matchRoute } from '../../../src/core/mapping/routes/match';
import type { ObservedRoute, RouteDefinition } from '../../../src/core/mapping/routes/types';

let line = 0;
const def = (method: string, path: string, file = 'svc/routes.ts'): RouteDefinition => ({ framework: 'express', method, path, file, line: ++line });
const at = (r: RouteDefinition | null) => (r ? `${r.method} ${r.path}` : null);

const many: RouteDefinition[] = [];
for (const resource of ['orders', 'carts', 'payments', 'refunds']) {
  for (const suffix of ['', '/:id', '/:id/items', '/:id/items/:itemId', '/search']) {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) many.push(def(method, `/api/v1/${resource}${suffix}`));
  }
}
const special = [
  def('GET', '/static/*'),
  def('GET', '/files/:name'),
  def('*', '/health'),
  def('GET', '/items/{id}', 'svc/a.ts'),
  def('GET', '/items/<int:id>', 'svc/b.ts'),
  def('GET', '/'),
  // Mounted under a prefix in another file (`app.use('/api/v2', router)`): matched by the end of the route.
  def('GET', '/invoices/:id'),
];
const all = [...many, ...special];

const cases: (string | ObservedRoute)[] = [
  { route: '/api/v1/orders/:id', method: 'GET' },
  { route: '/api/v1/orders/{id}/items', method: 'POST' },
  { route: '/api/v1/payments/42/items/7', method: 'DELETE' },
  { route: '/api/v1/refunds/search', method: 'GET' },
  { route: '/api/v1/:version/orders', method: 'GET' },
  'GET /static/css/app.css',
  'GET /files/{*path}',
  'HEAD /health',
  { route: '/items/:id', method: 'GET' },
  { route: '/', method: 'GET' },
  { route: '/api/v2/invoices/9', method: 'GET' },
  { route: '/nothing/here', method: 'GET' },
  { name: 'orders.show' },
];

describe('core/mapping RouteMatcher', () => {
  it('finds the definition of each observed route among many', () => {
    const matcher = new RouteMatcher(all);
    for (const d of many) {
      const m = matcher.match({ route: d.path.replace(/:(\w+)/g, '{$1}'), method: d.method });
      assert.equal(m.route, d, m.reason);
    }
  });

  it('answers as scoring every definition does: rest segments, mounted prefixes, ties, misses', () => {
    const matcher = new RouteMatcher(all);
    for (const observed of cases) {
      for (const options of [{}, { preferFolders: ['svc'] }]) {
        assert.deepEqual(matcher.match(observed, options), matchRoute(observed, all, options), JSON.stringify(observed));
      }
    }
    assert.equal(at(matcher.match('GET /static/css/app.css').route), 'GET /static/*');
    assert.equal(at(matcher.match('GET /files/{*path}').route), 'GET /files/:name');
    assert.equal(at(matcher.match({ route: '/api/v2/invoices/9', method: 'GET' }).route), 'GET /invoices/:id');
    assert.equal(matcher.match({ route: '/api/v1/:version/orders', method: 'GET' }).route, null);
    assert.equal(matcher.match({ route: '/items/:id', method: 'GET' }).ambiguous, true);
  });

  it('does not depend on the order definitions were indexed in', () => {
    const reversed = new RouteMatcher([...all].reverse());
    for (const observed of cases) assert.deepEqual(reversed.match(observed), matchRoute(observed, [...all].reverse()));
  });

  it('remembers its answers: the next refresh asks the same questions and gets the same objects', () => {
    const matcher = new RouteMatcher(all);
    const first = cases.map((c) => matcher.match(c, { preferFolders: ['svc'] }));
    const again = cases.map((c) => matcher.match(c, { preferFolders: ['svc'] }));
    again.forEach((answer, i) => assert.equal(answer, first[i], JSON.stringify(cases[i])));
    // Another question (other method, other folders) is answered on its own, not from a neighbour's answer.
    assert.equal(at(matcher.match({ route: '/api/v1/orders', method: 'POST' }).route), 'POST /api/v1/orders');
    assert.equal(at(matcher.match({ route: '/api/v1/orders', method: 'GET' }).route), 'GET /api/v1/orders');
    assert.deepEqual(matcher.match({ route: '/items/:id', method: 'GET' }, { preferFolders: ['nowhere'] }), matchRoute({ route: '/items/:id', method: 'GET' }, all, { preferFolders: ['nowhere'] }));
  });
});
