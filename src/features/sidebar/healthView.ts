// The Health view: a webview with a strict CSP (nonce, no inline style, no remote resources) that renders
// the active service's snapshot from typed messages (core/healthViewState.ts, shared with the page's script in
// src/webview/health/, which builds every node without parsing markup).
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import type { RefreshService } from '../../services/refreshService';
import type { Configuration } from '../../host/configuration';
import { Commands } from '../../host/ids';
import { toUri } from '../../host/workspaceAccess';
import { fireAndLog } from '../../core/async';
import type { Logger } from '../../core/log';
import type { ActiveService } from '../../app/activeService';
import type { BackendOverview } from '../../app/backendOverview';
import type { HealthStateMessage, HealthViewRequest, HealthViewState } from '../../core/healthViewState';
import { healthCharts, healthNotes, healthRows, snapshotAge } from './healthState';

export type { HealthViewState } from '../../core/healthViewState';

/** Where esbuild.js writes the webview's bundle, relative to the extension. */
const SCRIPT_FOLDER = ['dist', 'webview'] as const;

/** The only commands the webview may ask for; anything else it sends is ignored. */
const ALLOWED_COMMANDS: readonly string[] = [Commands.createConfig, Commands.showDiagnostics, Commands.selectService, Commands.refresh, Commands.selectTimeWindow, Commands.setBackendToken];

export class HealthViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private focusRow: string | undefined;
  /** The last state posted: the rows a click in the webview refers to. */
  private posted: HealthViewState | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly active: ActiveService,
    private readonly overview: BackendOverview,
    private readonly refresh: RefreshService,
    private readonly config: Configuration,
    private readonly log: Logger,
  ) {
    this.disposables.push(
      active.onDidChange(() => this.post()),
      overview.onDidChange(() => this.post()),
      refresh.onDidChange((service) => service === this.active.current?.name && this.post()),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, ...SCRIPT_FOLDER)];
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: roots };
    view.webview.html = healthViewHtml(view.webview, this.extensionUri);
    this.disposables.push(
      view.webview.onDidReceiveMessage((msg: HealthViewRequest) => fireAndLog(this.onMessage(msg), this.log, 'A Health view action')),
      view.onDidChangeVisibility(() => view.visible && this.post()),
      view.onDidDispose(() => (this.view = undefined)),
    );
  }

  /** Reveals the view with one route or function row highlighted (CodeLens clicks land here). */
  async reveal(rowKey: string): Promise<void> {
    this.focusRow = rowKey;
    await vscode.commands.executeCommand('prodlens.health.focus');
    this.post();
  }

  private async onMessage(msg: HealthViewRequest): Promise<void> {
    if (msg?.type === 'ready') this.post();
    else if (msg?.type === 'run' && ALLOWED_COMMANDS.includes(msg.command)) await vscode.commands.executeCommand(msg.command);
    else if (msg?.type === 'openRow' && typeof msg.key === 'string') await this.openRow(msg.key);
  }

  private async openRow(key: string): Promise<void> {
    const row = this.posted?.rows.find((r) => r.key === key);
    if (!row) return;
    const uri = row.file ? toUri(row.file) : undefined;
    if (!uri || !row.line) {
      // Not code: say what the row is, with no diagnosis to chase.
      if (row.notCode) {
        vscode.window.showInformationMessage(`${row.method ? `${row.method} ` : ''}${row.name}: ${row.notCode}.`);
        return;
      }
      fireAndLog(vscode.window.showInformationMessage(`ProdLens could not find the code of ${row.method ? `${row.method} ` : ''}${row.name} in this workspace.`, 'Show Diagnostics')
        .then((choice) => choice && vscode.commands.executeCommand(Commands.showDiagnostics)), this.log, 'Show Diagnostics');
      return;
    }
    const position = new vscode.Position(row.line - 1, 0);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position) });
  }

  state(): HealthViewState {
    const service = this.active.current;
    const snapshot = service ? this.refresh.snapshot(service.name) : undefined;
    const statuses = new Map((snapshot?.backends ?? []).map((b) => [`${b.kind} ${b.url}`, b]));
    return {
      service: service?.name,
      environment: this.config.environment,
      window: snapshot?.window ?? this.config.timeWindow.label,
      evidence: service?.evidence.map((e) => `${e.source}: ${e.detail}`) ?? [],
      backends: service ? this.overview.forService(service.name).map((b) => {
        const status = statuses.get(`${b.kind} ${b.url}`);
        return {
          kind: b.kind,
          origin: b.url,
          token: b.hasToken ? 'token set' : b.tokenOptional ? 'no token (optional)' : 'no token',
          state: status?.state,
          error: status?.error,
        };
      }) : [],
      status: snapshot?.status,
      statusReasons: snapshot?.statusReasons ?? [],
      stale: snapshot?.stale ?? false,
      age: snapshot ? snapshotAge(snapshot, Date.now()) : undefined,
      loading: service ? this.refresh.isRefreshing(service.name) : false,
      charts: snapshot ? healthCharts(snapshot) : [],
      deploys: (snapshot?.deploys ?? []).map((d) => ({ t: Date.parse(d.finishedAt), version: d.version.slice(0, 80) })).filter((d) => Number.isFinite(d.t)),
      rows: snapshot ? healthRows(snapshot) : [],
      notes: healthNotes(snapshot, Date.now()),
      focusRow: this.focusRow,
    };
  }

  private post(): void {
    if (!this.view) return;
    this.posted = this.state();
    const message: HealthStateMessage = { type: 'state', state: this.posted };
    fireAndLog(this.view.webview.postMessage(message), this.log, 'Posting to the Health view');
  }

  /** What the webview was last sent (undefined until the view is resolved and first posted to). */
  postedState(): HealthViewState | undefined {
    return this.posted;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** The webview's bundled script (built from src/webview/health/main.ts). Exported for the tests. */
export function healthScriptUri(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, ...SCRIPT_FOLDER, 'health.js');
}

/** The view's page: a strict CSP (nothing by default, scripts only with this page's nonce) and no inline code. Exported for the tests. */
export function healthViewHtml(webview: Pick<vscode.Webview, 'cspSource' | 'asWebviewUri'>, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'health.css'));
  const js = webview.asWebviewUri(healthScriptUri(extensionUri));
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
<link rel="stylesheet" href="${css.toString()}">
<title>ProdLens Health</title>
</head>
<body>
<main id="root" aria-live="polite"><p class="muted">Loading…</p></main>
<script nonce="${nonce}" src="${js.toString()}"></script>
</body>
</html>`;
}
