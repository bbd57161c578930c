// The Health webview's layout, rendered to plain objects in Node (src/webview/health/view.ts): what the page
// shows for each state, the actions its clicks and keys send back, and that production text stays text.
import * as assert from 'node:assert/strict';
import type { HealthRow, HealthViewState } from '../../../src/core/healthViewState';
import { renderHealth, savedSort, sparkline, type ViewAction, type ViewElement, type ViewNode } from '../../../src/webview/health/view';

function row(overrides: Partial<HealthRow> & Pick<HealthRow, 'key' | 'name'>): HealthRow {
  return { kind: 'route', errorText: '–', p95Text: '–', throughputText: '–', ...overrides };
}

function state(overrides: Partial<HealthViewState> = {}): HealthViewState {
  return {
    service: 'checkout-api',
    environment: 'production',
    window: '1h',
    evidence: ['.prodlens.json: services[0]'],
    backends: [{ kind: 'prometheus', origin: 'https://prom.example.com', token: 'no token (optional)', state: 'ok' }],
    status: 'degraded',
    statusReasons: ['error ratio 3.2% over 1%'],
    stale: false,
    age: '2 min',
    loading: false,
    charts: [],
    deploys: [],
    rows: [],
    notes: [],
    ...overrides,
  };
}

const isElement = (node: ViewNode): node is ViewElement => typeof node !== 'string';

/** Every element of the tree, depth first. */
function elements(nodes: readonly ViewNode[]): ViewElement[] {
  return nodes.filter(isElement).flatMap((node) => [node, ...elements(node.children ?? [])]);
}

/** The text a node shows, as textContent would read it. */
function text(node: ViewNode): string {
  return typeof node === 'string' ? node : (node.children ?? []).map(text).join('');
}

function find(nodes: readonly ViewNode[], tag: string, className?: string): ViewElement[] {
  return elements(nodes).filter((e) => e.tag === tag && (className === undefined || (e.attrs?.class ?? '').split(' ').includes(className)));
}

const run = (command: string): ViewAction => ({ kind: 'post', message: { type: 'run', command } });

describe('webview/health view: the Health view as data', () => {
  it('without a service: says so and offers to create the config or explain', () => {
    const nodes = renderHealth(state({ service: undefined }), 'errors');
    assert.equal(text(find(nodes, 'h2')[0]), 'No service found');
    assert.deepEqual(find(nodes, 'button').map((b) => [text(b), b.onClick, b.attrs?.class]), [
      ['Create .prodlens.json', run('prodlens.createConfig'), undefined],
      ['Why is nothing showing?', run('prodlens.showDiagnostics'), 'secondary'],
    ]);
  });

  it('the header: service, a status badge marked stale, environment, window, age and the level\'s reasons', () => {
    const nodes = renderHealth(state({ stale: true }), 'errors');
    assert.equal(text(find(nodes, 'h2')[0]), 'checkout-api');
    const badge = find(nodes, 'span', 'badge')[0];
    assert.equal(text(badge), 'degraded · stale');
    assert.equal(badge.attrs?.class, 'badge status-degraded stale');
    assert.equal(text(find(nodes, 'p', 'muted')[0]), 'production · last 1h · updated 2 min ago');
    assert.deepEqual(find(nodes, 'p', 'reason').map(text), ['error ratio 3.2% over 1%']);
    assert.equal(text(find(renderHealth(state({ age: 'just now' }), 'errors'), 'p', 'muted')[0]), 'production · last 1h · updated just now');
    assert.equal(text(find(renderHealth(state({ loading: true }), 'errors'), 'p', 'muted')[0]), 'production · last 1h · refreshing…');
    assert.equal(text(find(renderHealth(state({ age: undefined, loading: true, status: undefined }), 'errors'), 'p', 'muted')[0]), 'production · last 1h · loading…');
    assert.equal(find(renderHealth(state({ status: undefined }), 'errors'), 'span', 'badge').length, 0);
  });

  it('charts: title, value and change, labelled for screen readers, with a sparkline and the deploys inside the window', () => {
    const chart = { id: 'errorRatio' as const, title: 'Error ratio', value: '3.2%', change: '+1.1 pt', points: [{ t: 0, v: 0 }, { t: 50, v: 2 }, { t: 100, v: 1 }] };
    const nodes = renderHealth(state({ charts: [chart], deploys: [{ t: 50, version: 'v2' }, { t: 500, version: 'later' }] }), 'errors');
    const card = find(nodes, 'section', 'chart')[0];
    assert.equal(card.attrs?.['aria-label'], 'Error ratio 3.2%');
    assert.deepEqual(find([card], 'span').map(text), ['Error ratio', '3.2%', '+1.1 pt vs prev.']);
    const paths = find([card], 'path');
    assert.deepEqual(paths.map((p) => p.attrs?.d), ['M0.0,34.0 L120.0,2.0 L240.0,18.0 L240,36 L0,36 Z', 'M0.0,34.0 L120.0,2.0 L240.0,18.0']);
    assert.ok(elements([card]).filter((e) => e.tag !== 'section' && e.tag !== 'div' && e.tag !== 'span').every((e) => e.svg), 'the chart is SVG');
    const deploys = find([card], 'line');
    assert.deepEqual(deploys.map((l) => [l.attrs?.x1, text(l)]), [['120', 'deploy v2']], 'only the deploy inside the window, titled with its version');
  });

  it('a sparkline of fewer than two points is an empty box; a flat zero line lies on the bottom', () => {
    assert.deepEqual(sparkline([{ t: 1, v: 5 }], []).children, []);
    assert.equal(find([sparkline([{ t: 0, v: 0 }, { t: 10, v: 0 }], [])], 'path')[1].attrs?.d, 'M0.0,34.0 L240.0,34.0');
  });

  it('the table: sorted by the chosen figure (rows without it last), the focused row highlighted and scrolled to', () => {
    const rows = [
      row({ key: 'a', name: '/a', errorRatio: 0.01, p95: 0.9, throughput: 1, file: 'src/a.ts', line: 4 }),
      row({ key: 'b', name: '/b', errorRatio: 0.2, p95: 0.1, throughput: 9, notCode: 'requests no route matched' }),
      row({ key: 'c', name: '/c', method: 'POST' }),
    ];
    const order = (sortBy: 'errors' | 'latency' | 'traffic') => find(renderHealth(state({ rows, focusRow: 'a' }), sortBy), 'tr').slice(1).map((tr) => tr.attrs?.['data-key']);
    assert.deepEqual(order('errors'), ['b', 'a', 'c']);
    assert.deepEqual(order('latency'), ['a', 'b', 'c']);
    assert.deepEqual(order('traffic'), ['b', 'a', 'c']);
    const nodes = renderHealth(state({ rows, focusRow: 'a' }), 'latency');
    assert.deepEqual(find(nodes, 'th').map(text), ['Route', 'err', 'p95', 'rate']);
    assert.equal(text(find(nodes, 'div', 'sortbar')[0].children![0]), 'Routes, by');
    const sorts = find(nodes, 'button', 'sort');
    assert.deepEqual(sorts.map((b) => [text(b), b.attrs?.['aria-pressed'], b.onClick]), [
      ['errors', 'false', { kind: 'sort', by: 'errors' }],
      ['latency', 'true', { kind: 'sort', by: 'latency' }],
      ['traffic', 'false', { kind: 'sort', by: 'traffic' }],
    ]);
    const [a, b, c] = find(nodes, 'tr').slice(1);
    assert.equal(a.attrs?.class, 'focused');
    assert.equal(a.scrollIntoView, true);
    assert.equal(b.scrollIntoView, undefined);
    assert.deepEqual([a, b, c].map((tr) => tr.attrs?.title), ['src/a.ts:4', 'Not code: requests no route matched', 'Open its code']);
    assert.deepEqual(find([b], 'td').map((td) => td.attrs?.class), ['name', 'num bad', 'num', 'num']);
    assert.deepEqual(find([c], 'span', 'method').map(text), ['POST']);
    assert.equal(text(find([c], 'td')[0]), 'POST/c');
  });

  it('rows are links for mouse and keyboard: focusable, and click or Enter/Space asks the extension to open the row', () => {
    const tr = find(renderHealth(state({ rows: [row({ key: 'route GET /a', name: '/a', kind: 'function' })] }), 'errors'), 'tr')[1];
    assert.equal(tr.attrs?.tabindex, '0');
    assert.equal(tr.attrs?.role, 'link');
    const open: ViewAction = { kind: 'post', message: { type: 'openRow', key: 'route GET /a' } };
    assert.deepEqual([tr.onClick, tr.onEnterOrSpace], [open, open]);
  });

  it('notes, backends (an error under its backend), evidence and the actions', () => {
    const nodes = renderHealth(state({
      notes: ['Note: data for 20 min of 1h.'],
      backends: [{ kind: 'sentry', origin: 'https://sentry.io', token: 'no token', state: 'error', error: 'refused the token' }],
    }), 'errors');
    assert.deepEqual(find(nodes, 'p', 'note').map(text), ['Note: data for 20 min of 1h.']);
    const li = find(nodes, 'ul', 'backends')[0].children![0] as ViewElement;
    assert.equal(li.attrs?.class, 'bad');
    assert.equal(text(li), 'sentry: https://sentry.io (no token)refused the token');
    assert.deepEqual(find(nodes, 'h3').map(text), ['Backends', 'Detected from']);
    assert.deepEqual(find(nodes, 'div', 'actions')[0].children!.map((b) => [text(b), (b as ViewElement).onClick]), [
      ['Refresh', run('prodlens.refresh')],
      ['Why is nothing showing?', run('prodlens.showDiagnostics')],
    ]);
    const bare = renderHealth(state({ backends: [], evidence: [] }), 'errors');
    assert.ok(elements(bare).some((e) => text(e) === 'No backend is connected for this service, so there is no production data to show yet.'));
    assert.deepEqual(find(bare, 'h3'), []);
    assert.deepEqual(find(bare, 'div', 'actions')[0].children!.map(text), ['Connect a backend', 'Why is nothing showing?']);
  });

  it('production strings stay text: markup in any field becomes a text node, never an element or an event', () => {
    const hostile = '<img src=x onerror="alert(1)"><script>fetch(1)</script>';
    const nodes = renderHealth(state({
      service: hostile, environment: hostile, window: hostile, status: hostile, statusReasons: [hostile], notes: [hostile], evidence: [hostile],
      backends: [{ kind: hostile, origin: hostile, token: hostile, state: 'error', error: hostile }],
      charts: [{ id: 'p95', title: hostile, value: hostile, change: hostile, points: [{ t: 0, v: 1 }, { t: 1, v: 2 }] }],
      deploys: [{ t: 0, version: hostile }],
      rows: [row({ key: hostile, name: hostile, method: hostile, errorText: hostile, p95Text: hostile, throughputText: hostile, file: hostile, line: 1 })],
    }), 'errors');
    const tags = new Set(elements(nodes).map((e) => e.tag));
    assert.deepEqual([...tags].filter((t) => !/^(h2|h3|p|div|span|section|svg|path|line|title|table|thead|tbody|tr|th|td|ul|li|button)$/.test(t)), []);
    for (const e of elements(nodes)) {
      assert.ok(Object.keys(e.attrs ?? {}).every((name) => !/^on/i.test(name)), `an event attribute on ${e.tag}`);
    }
    const strings = elements(nodes).flatMap((e) => (e.children ?? []).filter((c): c is string => typeof c === 'string'));
    assert.ok(strings.filter((s) => s.includes(hostile)).length >= 15, 'the hostile text is shown, as text');
  });

  it('the saved sort is used only when it is one the view knows', () => {
    assert.equal(savedSort({ sortBy: 'latency' }), 'latency');
    assert.equal(savedSort({ sortBy: 'toString' }), 'errors');
    assert.equal(savedSort(undefined), 'errors');
    assert.equal(savedSort('traffic'), 'errors');
  });
});
