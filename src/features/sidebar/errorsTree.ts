// The Errors view: the active service's error groups by count. A group expands to its stack (crashing frame
// first); a mapped frame opens its file at the line, library frames are dimmed, and a group that could not
// be placed says why and offers the diagnosis.
import * as vscode from 'vscode';
import { formatAgo, formatCount } from '../../core/format';
import { groupMapping } from '../../core/mapping/groupMapping';
import type { ErrorGroup } from '../../core/model';
import { Commands } from '../../host/ids';
import { toUri } from '../../host/workspaceAccess';
import { label, plainTooltip } from '../shared/treeText';
import { backendLabel } from '../../core/labels';
import { locationVersionText, suspectTextLines } from '../../core/versions/versionText';
import { SnapshotTree } from './snapshotTree';

export type ErrorNode =
  | { kind: 'group'; group: ErrorGroup }
  | { kind: 'frame'; group: ErrorGroup; index: number }
  | { kind: 'why'; group: ErrorGroup };

const MAX_FRAMES = 50;

export class ErrorsTreeProvider extends SnapshotTree<ErrorNode> {
  getChildren(node?: ErrorNode): ErrorNode[] {
    if (!node) {
      const service = this.active.current;
      if (!service) return [];
      return [...this.source.errors(service.name)].sort((a, b) => b.count - a.count).map((group) => ({ kind: 'group', group }));
    }
    if (node.kind !== 'group') return [];
    const children: ErrorNode[] = [];
    if (!node.group.location) children.push({ kind: 'why', group: node.group });
    const frames = node.group.frames ?? [];
    for (let i = frames.length - 1; i >= 0 && frames.length - i <= MAX_FRAMES; i--) children.push({ kind: 'frame', group: node.group, index: i });
    return children;
  }

  getParent(node: ErrorNode): ErrorNode | undefined {
    return node.kind === 'group' ? undefined : { kind: 'group', group: node.group };
  }

  getTreeItem(node: ErrorNode): vscode.TreeItem {
    if (node.kind === 'group') return this.groupItem(node.group);
    if (node.kind === 'why') return this.whyItem(node.group);
    return this.frameItem(node.group, node.index);
  }

  private groupItem(group: ErrorGroup): vscode.TreeItem {
    const hasChildren = (group.frames?.length ?? 0) > 0 || !group.location;
    const item = new vscode.TreeItem(label(group.title), hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `${group.source}:${group.id}`;
    // Production's line on the working copy: said in the description when it is not the code production ran.
    const version = group.location?.version;
    const mark = version?.status === 'unverified' ? ' · version not verified' : version?.state === 'changed' ? ` · changed since ${label(version.version, 40)}` : '';
    item.description = `${formatCount(group.count)}×${group.location ? ` · ${group.location.file}:${group.location.line}${mark}` : ' · not in this workspace'}`;
    const last = group.lastSeen ? Date.parse(group.lastSeen) : NaN;
    item.tooltip = plainTooltip([
      group.title,
      group.message && !group.title.includes(group.message) ? group.message : undefined,
      `${group.count} events${group.userCount !== undefined ? ` · ${group.userCount} users` : ''}${Number.isFinite(last) ? ` · last seen ${formatAgo(Date.now() - last)}` : ''}`,
      group.location ? `${group.location.file}:${group.location.line} (${group.location.reason})` : groupMapping(group)?.explanation,
      locationVersionText(version),
      ...(group.suspects ? suspectTextLines(group.suspects) : []),
      `From ${backendLabel(group.source)}`,
    ]);
    item.iconPath = new vscode.ThemeIcon('bug', new vscode.ThemeColor(group.level === 'warning' || group.level === 'info' ? 'problemsWarningIcon.foreground' : 'problemsErrorIcon.foreground'));
    item.contextValue = group.permalink ? 'prodlens.errorGroup.linked' : 'prodlens.errorGroup';
    if (group.location) item.command = openCommand(group.location.file, group.location.line);
    return item;
  }

  private whyItem(group: ErrorGroup): vscode.TreeItem {
    const mapping = groupMapping(group);
    const item = new vscode.TreeItem(label(`Not placed: ${mapping?.explanation ?? 'no mapping was attempted'}`, 300), vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('question');
    item.tooltip = plainTooltip([mapping?.explanation, ...(mapping?.candidates?.length ? [`Candidates: ${mapping.candidates.join(', ')}`] : []), mapping?.removed ? `Click to read the file as ${mapping.removed.version} had it.` : 'Click for the diagnosis.']);
    // Code removed since the deployed version: the click shows it as production ran it, not the diagnosis.
    item.command = mapping?.removed
      ? { command: Commands.openDeployedVersion, title: `Open ${mapping.removed.version}'s version`, arguments: [mapping.removed] }
      : { command: Commands.showDiagnostics, title: 'Show Diagnostics' };
    return item;
  }

  private frameItem(group: ErrorGroup, index: number): vscode.TreeItem {
    const frame = group.frames?.[index];
    const mapping = group.frameMappings?.[index];
    const fn = frame?.function ?? '(anonymous)';
    const item = new vscode.TreeItem(label(fn, 120), vscode.TreeItemCollapsibleState.None);
    const deployed = `${frame?.deployedPath ?? frame?.module ?? '?'}${frame?.line ? `:${frame.line}` : ''}`;
    if (mapping?.location) {
      item.description = `${mapping.location.file}:${mapping.location.line}`;
      item.iconPath = new vscode.ThemeIcon('debug-stackframe');
      item.command = openCommand(mapping.location.file, mapping.location.line);
      item.tooltip = plainTooltip([`${fn}`, `${deployed} → ${mapping.location.file}:${mapping.location.line}`, mapping.location.reason]);
    } else if (mapping?.unmapped === 'library') {
      item.description = `${label(deployed, 120)} · library`;
      item.iconPath = new vscode.ThemeIcon('library', new vscode.ThemeColor('disabledForeground'));
      item.tooltip = plainTooltip([fn, deployed, mapping.explanation]);
    } else {
      item.description = `${label(deployed, 120)} · ${mapping?.unmapped ?? 'not mapped'}`;
      item.iconPath = new vscode.ThemeIcon('question');
      item.tooltip = plainTooltip([fn, deployed, mapping?.explanation, mapping?.candidates?.length ? `Candidates: ${mapping.candidates.join(', ')}` : undefined]);
    }
    item.id = `${group.source}:${group.id}:frame:${index}`;
    return item;
  }
}

function openCommand(file: string, line: number): vscode.Command | undefined {
  const uri = toUri(file);
  if (!uri) return undefined;
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  return { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: new vscode.Range(position, position) }] };
}
