// Renders the Health view from the extension's `state` messages. Every string goes through textContent:
// service names and production text are never parsed as HTML.
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function button(label, command, secondary) {
    const b = el('button', label, secondary ? 'secondary' : undefined);
    b.addEventListener('click', () => vscode.postMessage({ type: 'run', command }));
    return b;
  }

  function render(state) {
    root.replaceChildren();
    if (!state.service) {
      root.append(el('h2', 'No service found'));
      root.append(el('p', 'ProdLens shows production health for the service whose code is open. It found no .prodlens.json or service manifest in this workspace.', 'muted'));
      const actions = el('div', undefined, 'actions');
      actions.append(button('Create .prodlens.json', 'prodlens.createConfig'), button('Why is nothing showing?', 'prodlens.showDiagnostics', true));
      root.append(actions);
      return;
    }
    const title = el('h2', state.service);
    root.append(title);
    root.append(el('p', `${state.environment} · last ${state.window}`, 'muted'));
    if (state.backends.length === 0) {
      root.append(el('p', 'No backend is connected for this service, so there is no production data to show yet.'));
    } else {
      root.append(el('h2', 'Backends'));
      const list = el('ul');
      for (const b of state.backends) list.append(el('li', `${b.kind}: ${b.origin} (${b.token})`));
      root.append(list);
    }
    if (state.evidence.length) {
      root.append(el('h2', 'Detected from'));
      const list = el('ul');
      for (const e of state.evidence) list.append(el('li', e));
      root.append(list);
    }
    const actions = el('div', undefined, 'actions');
    if (state.backends.length === 0) actions.append(button('Connect a backend', 'prodlens.createConfig'));
    actions.append(button('Select service', 'prodlens.selectService', true), button('Why is nothing showing?', 'prodlens.showDiagnostics', true));
    root.append(actions);
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (msg && msg.type === 'state' && msg.state) render(msg.state);
  });
  vscode.postMessage({ type: 'ready' });
})();
