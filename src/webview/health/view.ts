// The Health view as data: `renderHealth(state, sortBy)` returns a tree of plain objects (elements, text, and
// the actions their clicks and keys trigger) that dom.ts turns into DOM nodes. Pure, so the whole layout is
// tested in plain Node (test/unit/webview/). Production strings only ever become text nodes or attribute
// values here; dom.ts never parses markup.
import type { HealthRow, HealthViewRequest, HealthViewState } from '../../core/healthViewState';

export const SORT_KEYS = ['errors', 'latency', 'traffic'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** What a click (or Enter/Space on a focusable row) does: tell the extension, or re-sort the table here. */
export type ViewAction = { kind: 'post'; message: HealthViewRequest } | { kind: 'sort'; by: SortKey };

export interface ViewElement {
  tag: string;
  /** An SVG element (created in the SVG namespace). */
  svg?: true;
  /** Attribute values, set with setAttribute: never parsed as markup. */
  attrs?: Readonly<Record<string, string>>;
  /** Strings become text nodes. */
  children?: readonly ViewNode[];
  onClick?: ViewAction;
  /** Enter or Space on the (focusable) element: rows behave like links for the keyboard. */
  onEnterOrSpace?: ViewAction;
  /** Scrolled to the middle of the view once mounted (the row a CodeLens click revealed). */
  scrollIntoView?: true;
}

export type ViewNode = ViewElement | string;

function el(tag: string, className?: string, children: readonly ViewNode[] = [], attrs: Record<string, string> = {}): ViewElement {
  return { tag, attrs: className ? { class: className, ...attrs } : attrs, children };
}

function button(label: string, command: string, secondary = false): ViewElement {
  return { ...el('button', secondary ? 'secondary' : undefined, [label]), onClick: { kind: 'post', message: { type: 'run', command } } };
}

function svg(tag: string, attrs: Record<string, string | number>, children: readonly ViewNode[] = []): ViewElement {
  return { tag, svg: true, attrs: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v)])), children };
}

const SPARK_WIDTH = 240;
const SPARK_HEIGHT = 36;

/** One chart's line over the window, its area, and a marker per deploy inside the window. */
export function sparkline(points: HealthViewState['charts'][number]['points'], deploys: HealthViewState['deploys']): ViewElement {
  const [width, height] = [SPARK_WIDTH, SPARK_HEIGHT];
  const attrs = { viewBox: `0 0 ${width} ${height}`, class: 'spark', role: 'img', preserveAspectRatio: 'none' };
  if (points.length < 2) return svg('svg', attrs);
  const t0 = points[0].t;
  const t1 = points[points.length - 1].t;
  const max = Math.max(...points.map((p) => p.v), 0);
  const x = (t: number) => (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * width);
  const y = (v: number) => height - 2 - (max === 0 ? 0 : (v / max) * (height - 4));
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  const markers = deploys
    .filter((dep) => dep.t >= t0 && dep.t <= t1)
    .map((dep) => svg('line', { x1: x(dep.t), x2: x(dep.t), y1: 0, y2: height, class: 'deploy' }, [svg('title', {}, [`deploy ${dep.version}`])]));
  return svg('svg', attrs, [
    svg('path', { d: `${d} L${width},${height} L0,${height} Z`, class: 'spark-area' }),
    svg('path', { d, class: 'spark-line' }),
    ...markers,
  ]);
}

function header(state: HealthViewState): ViewNode[] {
  const head = el('div', 'head', [el('h2', undefined, [state.service ?? ''])]);
  if (state.status) {
    const badge = el('span', `badge status-${state.status}${state.stale ? ' stale' : ''}`, [state.stale ? `${state.status} · stale` : state.status]);
    head.children = [...(head.children ?? []), badge];
  }
  const meta = [state.environment, `last ${state.window}`];
  if (state.age) meta.push(state.loading ? 'refreshing…' : `updated ${state.age === 'just now' ? 'just now' : `${state.age} ago`}`);
  else if (state.loading) meta.push('loading…');
  return [head, el('p', 'muted', [meta.join(' · ')]), ...state.statusReasons.map((reason) => el('p', 'reason', [reason]))];
}

function charts(state: HealthViewState): ViewNode[] {
  if (state.charts.length === 0) return [];
  const cards = state.charts.map((chart) => {
    const top = el('div', 'chart-top', [el('span', 'chart-title', [chart.title]), el('span', 'chart-value', [chart.value])]);
    if (chart.change) top.children = [...(top.children ?? []), el('span', 'chart-change', [`${chart.change} vs prev.`])];
    return el('section', 'chart', [top, sparkline(chart.points, state.deploys)], { 'aria-label': `${chart.title} ${chart.value}` });
  });
  return [el('div', 'charts', cards)];
}

/** Highest first; a row without the figure sorts last. */
const SORTS: Record<SortKey, (a: HealthRow, b: HealthRow) => number> = {
  errors: (a, b) => (b.errorRatio ?? -1) - (a.errorRatio ?? -1),
  latency: (a, b) => (b.p95 ?? -1) - (a.p95 ?? -1),
  traffic: (a, b) => (b.throughput ?? -1) - (a.throughput ?? -1),
};

function rowTitle(row: HealthRow): string {
  if (row.file) return `${row.file}:${row.line}`;
  return row.notCode ? `Not code: ${row.notCode}` : 'Open its code';
}

function tableRow(row: HealthRow, focusRow: string | undefined): ViewElement {
  const focused = row.key === focusRow;
  const open: ViewAction = { kind: 'post', message: { type: 'openRow', key: row.key } };
  const name = el('td', 'name', [...(row.method ? [el('span', 'method', [row.method])] : []), row.name]);
  const cells = [name, el('td', (row.errorRatio ?? 0) > 0 ? 'num bad' : 'num', [row.errorText]), el('td', 'num', [row.p95Text]), el('td', 'num', [row.throughputText])];
  const tr = el('tr', focused ? 'focused' : undefined, cells, { tabindex: '0', role: 'link', 'data-key': row.key, title: rowTitle(row) });
  return { ...tr, onClick: open, onEnterOrSpace: open, ...(focused ? { scrollIntoView: true as const } : {}) };
}

function table(state: HealthViewState, sortBy: SortKey): ViewNode[] {
  if (state.rows.length === 0) return [];
  const kind = state.rows[0].kind === 'function' ? 'Function' : 'Route';
  const sorts = SORT_KEYS.map((key): ViewElement => ({
    ...el('button', key === sortBy ? 'sort active' : 'sort', [key], { 'aria-pressed': String(key === sortBy) }),
    onClick: { kind: 'sort', by: key },
  }));
  const bar = el('div', 'sortbar', [el('span', 'muted', [`${kind}s, by`]), ...sorts]);
  const head = el('thead', undefined, [el('tr', undefined, [kind, 'err', 'p95', 'rate'].map((h) => el('th', undefined, [h])))]);
  const body = el('tbody', undefined, [...state.rows].sort(SORTS[sortBy]).map((row) => tableRow(row, state.focusRow)));
  return [el('section', 'routes', [bar, el('table', undefined, [head, body])])];
}

function backends(state: HealthViewState): ViewNode[] {
  if (state.backends.length === 0) return [el('p', undefined, ['No backend is connected for this service, so there is no production data to show yet.'])];
  const items = state.backends.map((b) => el('li', b.state === 'error' ? 'bad' : undefined, [`${b.kind}: ${b.origin} (${b.token})`, ...(b.error ? [el('div', 'muted', [b.error])] : [])]));
  return [el('h3', undefined, ['Backends']), el('ul', 'backends', items)];
}

function noService(): ViewNode[] {
  return [
    el('h2', undefined, ['No service found']),
    el('p', 'muted', ['ProdLens shows production health for the service whose code is open. It found no .prodlens.json or service manifest in this workspace.']),
    el('div', 'actions', [button('Create .prodlens.json', 'prodlens.createConfig'), button('Why is nothing showing?', 'prodlens.showDiagnostics', true)]),
  ];
}

/** The whole view for one state, with the table sorted by `sortBy`. */
export function renderHealth(state: HealthViewState, sortBy: SortKey): ViewNode[] {
  if (!state.service) return noService();
  const evidence = state.evidence.length ? [el('h3', undefined, ['Detected from']), el('ul', undefined, state.evidence.map((e) => el('li', undefined, [e])))] : [];
  const primary = state.backends.length === 0 ? button('Connect a backend', 'prodlens.createConfig') : button('Refresh', 'prodlens.refresh');
  return [
    ...header(state),
    ...charts(state),
    ...table(state, sortBy),
    ...state.notes.map((note) => el('p', 'note', [note])),
    ...backends(state),
    ...evidence,
    el('div', 'actions', [primary, button('Why is nothing showing?', 'prodlens.showDiagnostics', true)]),
  ];
}

/** The sort kept in the webview's saved state, when it is one we know. */
export function savedSort(saved: unknown): SortKey {
  const sortBy = typeof saved === 'object' && saved !== null ? (saved as { sortBy?: unknown }).sortBy : undefined;
  return SORT_KEYS.find((key) => key === sortBy) ?? 'errors';
}
