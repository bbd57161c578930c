// The Stack Trace view: every frame of the loaded trace in the order the runtime printed it, under its
// exception or goroutine when there are several. Mapped frames open their line, library frames are dimmed,
// unmapped frames say why, ambiguous frames expand to their candidates. All text from the trace is untrusted.
import * as vscode from 'vscode';
import type { MappingResult } from '../../core/model';
import { deployedWhere, frameName, groupsInPrintedOrder, groupTitle, type LocatedTrace } from '../../services/traceLocator';
import { toUri } from '../../host/workspaceAccess';
import { label, plainTooltip } from '../shared/treeText';

export type StackNode =
  | { kind: 'group'; group: number }
  | { kind: 'frame'; index: number }
  | { kind: 'candidate'; index: number; file: string }
  | { kind: 'elided'; group: number; count: number }
  | { kind: 'unparsed' };

/** What an unmapped frame shows beside its deployed path: the reason in a few words. */
export const UNMAPPED_LABEL: Record<NonNullable<MappingResult['unmapped']>, string> = {
  library: 'library',
  ambiguous: 'ambiguous',
  nomatch: 'not in this workspace',
  nolocation: 'no file or line',
  unparsed: 'unreadable',
};

export class StackTraceTreeProvider implements vscode.TreeDataProvider<StackNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private located: LocatedTrace | undefined;
  /** Changes with every trace, so item ids (and their expanded state) never leak from one trace to the next. */
  private generation = 0;

  show(located: LocatedTrace | undefined): void {
    this.located = located;
    this.generation++;
    this.changed.fire();
  }

  get trace(): LocatedTrace | undefined {
    return this.located;
  }

  /** The node of a frame, for `reveal`. */
  frameNode(index: number): StackNode {
    return { kind: 'frame', index };
  }

  private grouped(): boolean {
    return (this.located?.trace.groups.length ?? 0) > 1;
  }

  getChildren(node?: StackNode): StackNode[] {
    const located = this.located;
    if (!located) return [];
    const { trace } = located;
    if (!node) {
      if (trace.frames.length === 0) return [{ kind: 'unparsed' }];
      if (this.grouped()) {
        const ungrouped = trace.frames.map((_, i) => i).filter((i) => trace.frames[i].group === undefined);
        return [...groupsInPrintedOrder(trace).map((group): StackNode => ({ kind: 'group', group })), ...ungrouped.map((index): StackNode => ({ kind: 'frame', index }))];
      }
      const children: StackNode[] = trace.frames.map((_, index) => ({ kind: 'frame', index }));
      const elided = trace.groups[0]?.elided;
      if (elided) children.push({ kind: 'elided', group: 0, count: elided });
      return children;
    }
    if (node.kind === 'group') {
      const group = trace.groups[node.group];
      if (!group) return [];
      const children: StackNode[] = group.frames.map((index) => ({ kind: 'frame', index }));
      if (group.elided) children.push({ kind: 'elided', group: node.group, count: group.elided });
      return children;
    }
    if (node.kind === 'frame') {
      const result = located.results[node.index];
      if (result?.unmapped !== 'ambiguous') return [];
      return (result.candidates ?? []).map((file) => ({ kind: 'candidate', index: node.index, file }));
    }
    return [];
  }

  getParent(node: StackNode): StackNode | undefined {
    if (node.kind === 'candidate') return { kind: 'frame', index: node.index };
    if (!this.grouped()) return undefined;
    if (node.kind === 'elided') return { kind: 'group', group: node.group };
    if (node.kind === 'frame') {
      const group = this.located?.trace.frames[node.index]?.group;
      return group === undefined ? undefined : { kind: 'group', group };
    }
    return undefined;
  }

  getTreeItem(node: StackNode): vscode.TreeItem {
    const id = (suffix: string) => `${this.generation}:${suffix}`;
    const located = this.located;
    if (!located || node.kind === 'unparsed') {
      const item = new vscode.TreeItem(label(`No stack frame found: ${located?.unparsed ?? 'nothing loaded'}`, 300));
      item.iconPath = new vscode.ThemeIcon('warning');
      item.tooltip = plainTooltip([located?.unparsed, 'Supported: Node, Python, Java/Kotlin, Go, .NET, Ruby and PHP traces, Sentry events and OpenTelemetry records (JSON).']);
      item.id = id('unparsed');
      return item;
    }
    if (node.kind === 'group') return this.groupItem(located, node.group, id(`group:${node.group}`));
    if (node.kind === 'elided') {
      const item = new vscode.TreeItem(`… ${node.count} more frame${node.count === 1 ? '' : 's'} not printed`);
      item.iconPath = new vscode.ThemeIcon('ellipsis', new vscode.ThemeColor('disabledForeground'));
      item.tooltip = plainTooltip(['The runtime left these frames out: they repeat the frames of the enclosing exception.']);
      item.id = id(`elided:${node.group}`);
      return item;
    }
    if (node.kind === 'candidate') {
      const frame = located.trace.frames[node.index];
      const item = new vscode.TreeItem(label(node.file, 300));
      item.description = frame?.line !== undefined ? `line ${frame.line}` : undefined;
      item.iconPath = vscode.ThemeIcon.File;
      item.resourceUri = toUri(node.file);
      item.command = openCommand(node.file, frame?.line ?? 1, frame?.column);
      item.tooltip = plainTooltip([`One of the files this frame may stand for: ${node.file}`]);
      item.id = id(`frame:${node.index}:candidate:${node.file}`);
      return item;
    }
    return this.frameItem(located, node.index, id(`frame:${node.index}`));
  }

  private groupItem(located: LocatedTrace, group: number, id: string): vscode.TreeItem {
    const g = located.trace.groups[group];
    const item = new vscode.TreeItem(label(groupTitle(located.trace, group)), vscode.TreeItemCollapsibleState.Expanded);
    const mapped = g.frames.filter((i) => located.results[i]?.location).length;
    item.description = `${g.frames.length} frame${g.frames.length === 1 ? '' : 's'} · ${mapped} in this workspace`;
    item.iconPath = new vscode.ThemeIcon(g.kind === 'goroutine' ? 'symbol-event' : 'error');
    item.tooltip = plainTooltip([groupTitle(located.trace, group), g.elided ? `${g.elided} more frames were not printed.` : undefined]);
    item.id = id;
    return item;
  }

  private frameItem(located: LocatedTrace, index: number, id: string): vscode.TreeItem {
    const frame = located.trace.frames[index];
    const result = located.results[index];
    const name = frameName(frame);
    const deployed = deployedWhere(frame);
    const ambiguous = result?.unmapped === 'ambiguous' && (result.candidates?.length ?? 0) > 0;
    const item = new vscode.TreeItem(label(name, 120), ambiguous ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = id;
    const loc = result?.location;
    if (loc) {
      const crash = located.crashFrame === index;
      item.description = `${loc.file}:${loc.line}`;
      item.iconPath = new vscode.ThemeIcon(crash ? 'debug-stackframe-focused' : 'debug-stackframe');
      item.command = openCommand(loc.file, loc.line, loc.column);
      item.tooltip = plainTooltip([name, `${deployed} → ${loc.file}:${loc.line}`, loc.reason, crash ? 'The deepest frame of your code: where the error was raised.' : undefined]);
      item.contextValue = 'prodlens.stackFrame.mapped';
      return item;
    }
    const reason = result?.unmapped ?? 'unparsed';
    const why = ambiguous ? `${result.candidates?.length} candidates` : UNMAPPED_LABEL[reason];
    item.description = frame.deployedPath || frame.module ? `${label(deployed, 120)} · ${why}` : why;
    if (reason === 'library') {
      item.iconPath = new vscode.ThemeIcon('library', new vscode.ThemeColor('disabledForeground'));
    } else {
      item.iconPath = new vscode.ThemeIcon(ambiguous ? 'files' : 'question');
    }
    item.tooltip = plainTooltip([name, deployed, result?.explanation, ambiguous ? 'Expand to pick the file.' : undefined]);
    item.contextValue = `prodlens.stackFrame.${reason}`;
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** `vscode.open` at a 1-based line (and column), like the other views. */
export function openCommand(file: string, line: number, column?: number | null): vscode.Command | undefined {
  const uri = toUri(file);
  if (!uri) return undefined;
  const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, (column ?? 1) - 1));
  return { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: new vscode.Range(position, position) }] };
}
