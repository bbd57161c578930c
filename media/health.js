// Renders the Health view from the extension's `state` messages. Every string goes through textContent and
// every SVG attribute is a number computed here: production text is never parsed as HTML.
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');
  const SVG = 'http://www.w3.org/2000/svg';
  let lastState;
  let sortBy = (vscode.getState() && vscode.getState().sortBy) || 'errors';

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function button(label, command, secondary) {
    const b = el('button', label, secondary ? 'secondary' : undefined);
    b.addEventListener('click', () => vscode.postMessage({ type: 'run', command }));
    return b;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  }

  function sparkline(points, deploys) {
    const width = 240;
    const height = 36;
    const box = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'spark', role: 'img', preserveAspectRatio: 'none' });
    if (points.length < 2) return box;
    const t0 = points[0].t;
    const t1 = points[points.length - 1].t;
    const max = Math.max(...points.map((p) => p.v), 0);
    const x = (t) => (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * width);
    const y = (v) => height - 2 - (max === 0 ? 0 : (v / max) * (height - 4));
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
    box.append(svg('path', { d: `${d} L${width},${height} L0,${height} Z`, class: 'spark-area' }));
    box.append(svg('path', { d, class: 'spark-line' }));
    for (const dep of deploys) {
      if (dep.t < t0 || dep.t > t1) continue;
      const line = svg('line', { x1: x(dep.t), x2: x(dep.t), y1: 0, y2: height, class: 'deploy' });
      const title = svg('title', {});
      title.textContent = `deploy ${dep.version}`;
      line.append(title);
      box.append(line);
    }
    return box;
  }

  function header(state) {
    const head = el('div', undefined, 'head');
    const title = el('h2', state.service);
    head.append(title);
    if (state.status) {
      const badge = el('span', state.stale ? `${state.status} · stale` : state.status, `badge status-${state.status}${state.stale ? ' stale' : ''}`);
      head.append(badge);
    }
    root.append(head);
    const meta = [`${state.environment}`, `last ${state.window}`];
    if (state.age) meta.push(state.loading ? 'refreshing…' : `updated ${state.age === 'just now' ? 'just now' : `${state.age} ago`}`);
    else if (state.loading) meta.push('loading…');
    root.append(el('p', meta.join(' · '), 'muted'));
    for (const reason of state.statusReasons) root.append(el('p', reason, 'reason'));
  }

  function charts(state) {
    if (state.charts.length === 0) return;
    const grid = el('div', undefined, 'charts');
    for (const chart of state.charts) {
      const card = el('section', undefined, 'chart');
      card.setAttribute('aria-label', `${chart.title} ${chart.value}`);
      const top = el('div', undefined, 'chart-top');
      top.append(el('span', chart.title, 'chart-title'), el('span', chart.value, 'chart-value'));
      if (chart.change) top.append(el('span', `${chart.change} vs prev.`, 'chart-change'));
      card.append(top, sparkline(chart.points, state.deploys));
      grid.append(card);
    }
    root.append(grid);
  }

  const SORTS = {
    errors: (a, b) => (b.errorRatio ?? -1) - (a.errorRatio ?? -1),
    latency: (a, b) => (b.p95 ?? -1) - (a.p95 ?? -1),
    traffic: (a, b) => (b.throughput ?? -1) - (a.throughput ?? -1),
  };

  function table(state) {
    if (state.rows.length === 0) return;
    const kind = state.rows[0].kind === 'function' ? 'Function' : 'Route';
    const wrap = el('section', undefined, 'routes');
    const bar = el('div', undefined, 'sortbar');
    bar.append(el('span', `${kind}s, by`, 'muted'));
    for (const key of Object.keys(SORTS)) {
      const b = el('button', key, key === sortBy ? 'sort active' : 'sort');
      b.setAttribute('aria-pressed', String(key === sortBy));
      b.addEventListener('click', () => {
        sortBy = key;
        vscode.setState({ sortBy });
        render(lastState);
      });
      bar.append(b);
    }
    wrap.append(bar);
    const t = el('table');
    const headRow = el('tr');
    for (const h of [kind, 'err', 'p95', 'rate']) headRow.append(el('th', h));
    const head = el('thead');
    head.append(headRow);
    t.append(head);
    const body = el('tbody');
    for (const row of [...state.rows].sort(SORTS[sortBy])) {
      const tr = el('tr', undefined, row.key === state.focusRow ? 'focused' : undefined);
      tr.tabIndex = 0;
      tr.setAttribute('role', 'link');
      tr.dataset.key = row.key;
      tr.title = row.file ? `${row.file}:${row.line}` : row.notCode ? `Not code: ${row.notCode}` : 'Open its code';
      const name = el('td', undefined, 'name');
      if (row.method) name.append(el('span', row.method, 'method'));
      name.append(document.createTextNode(row.name));
      tr.append(name, el('td', row.errorText, row.errorRatio > 0 ? 'num bad' : 'num'), el('td', row.p95Text, 'num'), el('td', row.throughputText, 'num'));
      const open = () => vscode.postMessage({ type: 'openRow', key: row.key });
      tr.addEventListener('click', open);
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      });
      body.append(tr);
    }
    t.append(body);
    wrap.append(t);
    root.append(wrap);
    const focused = body.querySelector('tr.focused');
    if (focused) focused.scrollIntoView({ block: 'center' });
  }

  function backends(state) {
    if (state.backends.length === 0) {
      root.append(el('p', 'No backend is connected for this service, so there is no production data to show yet.'));
      return;
    }
    const list = el('ul', undefined, 'backends');
    for (const b of state.backends) {
      const li = el('li', `${b.kind}: ${b.origin} (${b.token})`, b.state === 'error' ? 'bad' : undefined);
      if (b.error) li.append(el('div', b.error, 'muted'));
      list.append(li);
    }
    root.append(el('h3', 'Backends'), list);
  }

  function render(state) {
    lastState = state;
    root.replaceChildren();
    if (!state.service) {
      root.append(el('h2', 'No service found'));
      root.append(el('p', 'ProdLens shows production health for the service whose code is open. It found no .prodlens.json or service manifest in this workspace.', 'muted'));
      const actions = el('div', undefined, 'actions');
      actions.append(button('Create .prodlens.json', 'prodlens.createConfig'), button('Why is nothing showing?', 'prodlens.showDiagnostics', true));
      root.append(actions);
      return;
    }
    header(state);
    charts(state);
    table(state);
    for (const note of state.notes) root.append(el('p', note, 'note'));
    backends(state);
    if (state.evidence.length) {
      root.append(el('h3', 'Detected from'));
      const list = el('ul');
      for (const e of state.evidence) list.append(el('li', e));
      root.append(list);
    }
    const actions = el('div', undefined, 'actions');
    if (state.backends.length === 0) actions.append(button('Connect a backend', 'prodlens.createConfig'));
    else actions.append(button('Refresh', 'prodlens.refresh'));
    actions.append(button('Why is nothing showing?', 'prodlens.showDiagnostics', true));
    root.append(actions);
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (msg && msg.type === 'state' && msg.state) render(msg.state);
  });
  vscode.postMessage({ type: 'ready' });
})();
