// The Backends view: each backend of the active service, where its URL came from, and whether a token is set.
import * as vscode from 'vscode';
import type { BackendFacts } from '../../core/diagnostics/report';
import type { BackendStatus } from '../../core/model';
import type { RefreshService } from '../../services/refreshService';
import { Commands } from '../../host/ids';
import type { ActiveService } from '../../app/activeService';
import type { BackendOverview } from '../../app/backendOverview';
import { BACKEND_LABEL } from '../../core/labels';
import { backendItemText } from './backendText';
import { plainTooltip } from '../shared/treeText';

/** A notice row: backends of `.prodlens.json` ignored because the workspace is not trusted. */
export interface TrustNotice {
  ignored: number;
}

export type BackendNode = BackendFacts | TrustNotice;

export class BackendsTreeProvider implements vscode.TreeDataProvider<BackendNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly active: ActiveService,
    private readonly overview: BackendOverview,
    private readonly refresh: RefreshService,
  ) {
    this.disposables.push(
      active.onDidChange(() => this.changed.fire()),
      overview.onDidChange(() => this.changed.fire()),
      refresh.onDidChange((service) => service === this.active.current?.name && this.changed.fire()),
    );
  }

  private status(backend: BackendFacts): BackendStatus | undefined {
    const service = this.active.current;
    return service ? this.refresh.snapshot(service.name)?.backends.find((b) => b.kind === backend.kind && b.url === backend.url) : undefined;
  }

  getChildren(element?: BackendNode): BackendNode[] {
    if (element) return [];
    const service = this.active.current;
    if (!service) return [];
    const ignored = this.overview.ignoredUntilTrusted(service.name);
    return [...(ignored ? [{ ignored }] : []), ...this.overview.forService(service.name)];
  }

  getTreeItem(node: BackendNode): vscode.TreeItem {
    if ('ignored' in node) {
      const item = new vscode.TreeItem(`Workspace not trusted: ${node.ignored} backend(s) of .prodlens.json ignored`, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('shield');
      item.tooltip = 'ProdLens does not use backend URLs written in an untrusted workspace, so a cloned repository cannot choose where requests and tokens go. Trust the workspace to use them.';
      item.command = { command: 'workbench.trust.manage', title: 'Manage Workspace Trust' };
      return item;
    }
    return this.backendItem(node);
  }

  private backendItem(backend: BackendFacts): vscode.TreeItem {
    const item = new vscode.TreeItem(BACKEND_LABEL[backend.kind], vscode.TreeItemCollapsibleState.None);
    const status = this.status(backend);
    const { description, tooltip, needsToken } = backendItemText(backend, status, Date.now());
    item.description = description;
    item.tooltip = plainTooltip(tooltip);
    const failing = status?.state === 'error';
    item.iconPath = failing ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'))
      : needsToken ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : new vscode.ThemeIcon(status?.state === 'ok' ? 'pass' : 'plug', status?.state === 'ok' ? new vscode.ThemeColor('testing.iconPassed') : undefined);
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
