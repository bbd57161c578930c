// The Incidents & Alerts and Errors views. They render the active service's latest snapshot from memory;
// with no snapshot they stay empty so the contributed welcome content explains what to do.
import * as vscode from 'vscode';
import { formatAge, formatCount } from '../../core/format';
import type { ErrorGroup, Incident, Severity } from '../../core/model';
import type { ActiveService } from '../activeService';

/** Where the trees read production data from; the refresh service implements it. */
export interface SnapshotSource {
  readonly onDidChange: vscode.Event<void>;
  incidents(service: string): readonly Incident[];
  errors(service: string): readonly ErrorGroup[];
}

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

const SOURCE: Record<string, string> = { prometheus: 'Prometheus', alertmanager: 'Alertmanager', sentry: 'Sentry', pagerduty: 'PagerDuty' };

const SEVERITY_ICON: Record<Severity, vscode.ThemeIcon> = {
  critical: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

/** Labels are one line: control characters, bidi overrides and zero-width characters from production text are dropped. */
function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
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
    const item = new vscode.TreeItem(oneLine(incident.title, 200), vscode.TreeItemCollapsibleState.None);
    const started = Date.parse(incident.startedAt);
    const age = Number.isFinite(started) ? `${formatAge(Date.now() - started)} · ` : '';
    item.description = `${age}${incident.status} · ${SOURCE[incident.source] ?? incident.source}`;
    item.tooltip = plainTooltip([incident.title, incident.summary, `${incident.severity} · ${incident.status} · since ${incident.startedAt}`, incident.assignee ? `Assigned to ${incident.assignee}` : undefined]
      .filter(Boolean).join('\n').slice(0, 4000));
    item.iconPath = SEVERITY_ICON[incident.severity];
    item.id = `${incident.source}:${incident.id}`;
    item.contextValue = `prodlens.${incident.kind}.${incident.source}`;
    return item;
  }
}

export class ErrorsTreeProvider extends SignalTree<ErrorGroup> {
  items(service: string): readonly ErrorGroup[] {
    return [...this.source.errors(service)].sort((a, b) => b.count - a.count);
  }

  getTreeItem(group: ErrorGroup): vscode.TreeItem {
    const item = new vscode.TreeItem(oneLine(group.title, 200), vscode.TreeItemCollapsibleState.None);
    item.description = `${formatCount(group.count)}×${group.location ? ` · ${group.location.file}:${group.location.line}` : ''}`;
    item.id = `${group.source}:${group.id}`;
    item.tooltip = plainTooltip(`${group.title}\n${group.culprit ?? ''}`.slice(0, 2000));
    item.iconPath = new vscode.ThemeIcon('bug');
    item.contextValue = 'prodlens.errorGroup';
    return item;
  }
}
