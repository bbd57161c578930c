// The Incidents & Alerts view: open PagerDuty incidents and active alerts of the active service, most severe
// first, with their age and source; actions (open, acknowledge, silence, copy) come from the context menu.
import * as vscode from 'vscode';
import { formatAge } from '../../core/format';
import { incidentStateText } from '../../core/statusSummary';
import type { Incident, Severity } from '../../core/model';
import { SnapshotTree } from './snapshotTree';
import { label, plainTooltip } from '../shared/treeText';
import { backendLabel } from '../../core/labels';

const SEVERITY_ICON: Record<Severity, vscode.ThemeIcon> = {
  critical: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

/** Silenced or inhibited: muted, whatever the alert's severity, so it never reads as an active incident. */
const QUIET_ICON = new vscode.ThemeIcon('bell-slash', new vscode.ThemeColor('disabledForeground'));

export class IncidentsTreeProvider extends SnapshotTree<Incident> {
  getChildren(element?: Incident): Incident[] {
    if (element) return [];
    const service = this.active.current;
    return service ? [...this.source.incidents(service.name)] : [];
  }

  getTreeItem(incident: Incident): vscode.TreeItem {
    const item = new vscode.TreeItem(label(incident.title), vscode.TreeItemCollapsibleState.None);
    const started = Date.parse(incident.startedAt);
    const age = Number.isFinite(started) ? `${formatAge(Date.now() - started)} · ` : '';
    const state = incidentStateText(incident);
    item.description = `${age}${state} · ${backendLabel(incident.source)}`;
    item.tooltip = plainTooltip([
      incident.title,
      incident.summary,
      `${incident.severity} · ${state} · since ${incident.startedAt}`,
      incident.status === 'suppressed' ? 'Not counted in the health level while Alertmanager silences or inhibits it.' : undefined,
      incident.assignee ? `Assigned to ${(incident.assignees ?? [incident.assignee]).join(', ')}` : undefined,
      incident.location ? `Code: ${incident.location.file}:${incident.location.line}` : undefined,
    ]);
    item.iconPath = incident.status === 'suppressed' ? QUIET_ICON : SEVERITY_ICON[incident.severity];
    item.id = `${incident.source}:${incident.id}`;
    // Menus key off the context value: acknowledge only for triggered PagerDuty incidents, silence for alerts.
    const parts = ['prodlens.incident', incident.source, incident.status];
    if (incident.url) parts.push('linked');
    item.contextValue = parts.join('.');
    return item;
  }
}
