// The Incidents & Alerts and Errors views. They render the active service's latest snapshot from memory;
// with no snapshot they stay empty so the contributed welcome content explains what to do.
import * as vscode from 'vscode';
import type { ErrorGroup, Incident } from '../../core/model';
import type { ActiveService } from '../activeService';

/** Where the trees read production data from; the refresh service implements it. */
export interface SnapshotSource {
  readonly onDidChange: vscode.Event<void>;
  incidents(service: string): readonly Incident[];
  errors(service: string): readonly ErrorGroup[];
}

/** Until a backend adapter delivers data, nothing is shown (and the welcome content says why). */
export const emptySnapshotSource: SnapshotSource = {
  onDidChange: new vscode.EventEmitter<void>().event,
  incidents: () => [],
  errors: () => [],
};

abstract class SignalTree<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    protected readonly active: ActiveService,
    protected readonly source: SnapshotSource,
  ) {
    this.disposables.push(active.onDidChange(() => this.changed.fire()), source.onDidChange(() => this.changed.fire()));
  }

  getChildren(element?: T): T[] {
    if (element) return [];
    const service = this.active.current;
    return service ? [...this.items(service.name)] : [];
  }

  abstract items(service: string): readonly T[];
  abstract getTreeItem(element: T): vscode.TreeItem;

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Production text is untrusted: tree labels are plain text, tooltips untrusted markdown built with appendText. */
function plainTooltip(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendText(text);
  return md;
}

export class IncidentsTreeProvider extends SignalTree<Incident> {
  items(service: string): readonly Incident[] {
    return this.source.incidents(service);
  }

  getTreeItem(incident: Incident): vscode.TreeItem {
    const item = new vscode.TreeItem(incident.title.slice(0, 200), vscode.TreeItemCollapsibleState.None);
    item.description = `${incident.status} · ${incident.source}`;
    item.tooltip = plainTooltip(`${incident.title}\n${incident.summary ?? ''}`.slice(0, 2000));
    item.iconPath = new vscode.ThemeIcon(incident.severity === 'critical' || incident.severity === 'error' ? 'error' : 'warning');
    item.contextValue = `prodlens.${incident.kind}.${incident.source}`;
    return item;
  }
}

export class ErrorsTreeProvider extends SignalTree<ErrorGroup> {
  items(service: string): readonly ErrorGroup[] {
    return [...this.source.errors(service)].sort((a, b) => b.count - a.count);
  }

  getTreeItem(group: ErrorGroup): vscode.TreeItem {
    const item = new vscode.TreeItem(group.title.slice(0, 200), vscode.TreeItemCollapsibleState.None);
    item.description = `${group.count}×${group.location ? ` · ${group.location.file}:${group.location.line}` : ''}`;
    item.tooltip = plainTooltip(`${group.title}\n${group.culprit ?? ''}`.slice(0, 2000));
    item.iconPath = new vscode.ThemeIcon('bug');
    item.contextValue = 'prodlens.errorGroup';
    return item;
  }
}
