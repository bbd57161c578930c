// The Health view: a webview with a strict CSP (nonce, no inline style, no remote resources) that renders
// the active service's state from typed messages. All text is set with textContent inside the webview.
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import type { Configuration } from '../../host/configuration';
import { Commands } from '../../host/ids';
import type { ActiveService } from '../activeService';
import type { BackendOverview } from '../backendOverview';

/** The view state posted to the webview. Only plain data: the webview escapes by construction. */
export interface HealthViewState {
  service: string | undefined;
  environment: string;
  window: string;
  evidence: string[];
  backends: { kind: string; origin: string; token: string }[];
  servicesDetected: number;
}

type FromWebview = { type: 'ready' } | { type: 'run'; command: string };

/** The only commands the webview may ask for; anything else it sends is ignored. */
const ALLOWED_COMMANDS: readonly string[] = [Commands.createConfig, Commands.showDiagnostics, Commands.selectService, Commands.refresh];

export class HealthViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The last state posted, for tests and for re-posting when the view becomes visible again. */
  lastPosted: HealthViewState | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly active: ActiveService,
    private readonly overview: BackendOverview,
    private readonly config: Configuration,
  ) {
    this.disposables.push(active.onDidChange(() => this.post()), overview.onDidChange(() => this.post()));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
    view.webview.html = this.html(view.webview, media);
    this.disposables.push(
      view.webview.onDidReceiveMessage((msg: FromWebview) => this.onMessage(msg)),
      view.onDidChangeVisibility(() => view.visible && this.post()),
      view.onDidDispose(() => (this.view = undefined)),
    );
  }

  private onMessage(msg: FromWebview): void {
    if (msg?.type === 'ready') this.post();
    else if (msg?.type === 'run' && ALLOWED_COMMANDS.includes(msg.command)) void vscode.commands.executeCommand(msg.command);
  }

  state(): HealthViewState {
    const service = this.active.current;
    return {
      service: service?.name,
      environment: this.config.environment,
      window: this.config.timeWindow.label,
      evidence: service?.evidence.map((e) => `${e.source}: ${e.detail}`) ?? [],
      backends: service ? this.overview.forService(service.name).map((b) => ({
        kind: b.kind,
        origin: b.url,
        token: b.hasToken ? 'token set' : b.tokenOptional ? 'no token (optional)' : 'no token',
      })) : [],
      servicesDetected: this.overview ? Object.keys(this.overview.all).length : 0,
    };
  }

  private post(): void {
    if (!this.view) return;
    this.lastPosted = this.state();
    void this.view.webview.postMessage({ type: 'state', state: this.lastPosted });
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const css = webview.asWebviewUri(vscode.Uri.joinPath(media, 'health.css'));
    const js = webview.asWebviewUri(vscode.Uri.joinPath(media, 'health.js'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>ProdLens Health</title>
</head>
<body>
<main id="root" aria-live="polite"><p class="muted">Loading…</p></main>
<script nonce="${nonce}" src="${js}"></script>
</body>
</html>`;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
