// The Health webview's script (bundled by esbuild.js into dist/webview/health.js, loaded with the page's nonce):
// renders each `state` message from the extension and sends clicks back as typed requests.
import type { HealthStateMessage, HealthViewRequest, HealthViewState } from '../../core/healthViewState';
import { mount } from './dom';
import { renderHealth, savedSort, type SortKey, type ViewAction } from './view';

interface VsCodeApi {
  postMessage(message: HealthViewRequest): void;
  getState(): unknown;
  setState(state: { sortBy: SortKey }): void;
}

/** Given to the page by VS Code; callable once. */
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
let sortBy = savedSort(vscode.getState());
let lastState: HealthViewState | undefined;

function render(state: HealthViewState): void {
  lastState = state;
  if (root) mount(root, renderHealth(state, sortBy), onAction);
}

function onAction(action: ViewAction): void {
  if (action.kind === 'post') {
    vscode.postMessage(action.message);
    return;
  }
  sortBy = action.by;
  vscode.setState({ sortBy });
  if (lastState) render(lastState);
}

window.addEventListener('message', (event: MessageEvent<Partial<HealthStateMessage> | null>) => {
  const msg = event.data;
  if (msg?.type === 'state' && msg.state) render(msg.state);
});
vscode.postMessage({ type: 'ready' });
