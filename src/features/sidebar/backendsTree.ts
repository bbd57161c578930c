// The Backends view: each backend of the active service, where its URL came from, and whether a token is set.
import * as vscode from 'vscode';
import type { BackendFacts } from '../../core/diagnostics/report';
import { Commands } from '../../host/ids';
import type { ActiveService } from '../activeService';
import type { BackendOverview } from '../backendOverview';

const LABEL: Record<BackendFacts['kind'], string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  sentry: 'Sentry',
  pagerduty: 'PagerDuty',
};

export class BackendsTreeProvider implements vscode.TreeDataProvider<BackendFacts>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly active: ActiveService,
    private readonly overview: BackendOverview,
  ) {
    this.disposables.push(active.onDidChange(() => this.changed.fire()), overview.onDidChange(() => this.changed.fire()));
  }

  getChildren(element?: BackendFacts): BackendFacts[] {
    if (element) return [];
    const service = this.active.current;
    return service ? this.overview.forService(service.name) : [];
  }

  getTreeItem(backend: BackendFacts): vscode.TreeItem {
    const item = new vscode.TreeItem(LABEL[backend.kind], vscode.TreeItemCollapsibleState.None);
    const origin = safeOrigin(backend.url);
    const tokenText = backend.hasToken ? 'token set' : backend.tokenOptional ? 'no token (optional)' : 'no token';
    item.description = `${origin} · ${tokenText}`;
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.isTrusted = false;
    tooltip.appendText(`${LABEL[backend.kind]}: ${backend.url}\nFrom: ${backend.from}\n${tokenText}`);
    item.tooltip = tooltip;
    const needsToken = !backend.hasToken && !backend.tokenOptional;
    item.iconPath = new vscode.ThemeIcon(needsToken ? 'warning' : 'plug', needsToken ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
    item.contextValue = 'prodlens.backend';
    item.id = `${backend.kind}:${backend.url}`;
    if (needsToken) {
      item.command = { command: Commands.setBackendToken, title: 'Set Backend Token', arguments: [{ kind: backend.kind, url: backend.url }] };
    }
    return item;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
