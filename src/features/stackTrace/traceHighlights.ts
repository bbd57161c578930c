// The lines of the loaded stack trace, highlighted in every visible editor until the trace is dismissed:
// the debugger's stack-frame colours (the theme already has them), the crash frame in the focused one.
// Decoration types are created once and reused.
import * as vscode from 'vscode';
import { frameName, type LocatedTrace } from '../../services/traceLocator';
import { toRelative } from '../../host/workspaceAccess';
import { oneLine } from '../../core/text';
import type { RenderedLines } from '../shared/renderedLines';

export interface HighlightedLine {
  /** 1-based. */
  line: number;
  frame: number;
  crash: boolean;
}

export class TraceHighlights implements vscode.Disposable {
  private readonly frameType: vscode.TextEditorDecorationType;
  private readonly crashType: vscode.TextEditorDecorationType;
  private readonly disposables: vscode.Disposable[] = [];
  /** Workspace file → its frame lines, from the loaded trace. */
  private byFile = new Map<string, HighlightedLine[]>();
  /** The end-of-line note of each frame. */
  private notes = new Map<number, string>();
  private readonly rendered = new vscode.EventEmitter<RenderedLines<HighlightedLine>>();
  /** After an editor's highlights are set: the frame lines they show (the workbench gives no way to read them back). */
  readonly onDidRender = this.rendered.event;

  constructor() {
    const after = { color: new vscode.ThemeColor('prodlens.hotLineForeground'), margin: '0 0 0 2em', fontStyle: 'italic' };
    this.frameType = vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('editor.stackFrameHighlightBackground'),
      overviewRulerColor: new vscode.ThemeColor('editor.stackFrameHighlightBackground'),
      overviewRulerLane: vscode.OverviewRulerLane.Center,
      isWholeLine: true,
      after,
    });
    this.crashType = vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('editor.focusedStackFrameHighlightBackground'),
      overviewRulerColor: new vscode.ThemeColor('prodlens.hotLineRuler'),
      overviewRulerLane: vscode.OverviewRulerLane.Center,
      isWholeLine: true,
      after,
    });
    this.disposables.push(this.rendered, this.frameType, this.crashType, vscode.window.onDidChangeVisibleTextEditors(() => this.renderAll()));
  }

  show(located: LocatedTrace | undefined): void {
    this.byFile = new Map();
    located?.results.forEach((result, frame) => {
      const loc = result.location;
      if (!loc) return;
      const lines = this.byFile.get(loc.file) ?? [];
      lines.push({ line: loc.line, frame, crash: located.crashFrame === frame });
      this.byFile.set(loc.file, lines);
    });
    this.notes = new Map(located ? located.trace.frames.map((f, i) => [i, oneLine(`◀ stack frame #${i} ${frameName(f)}`, 120)]) : []);
    this.renderAll();
  }

  renderAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.render(editor);
  }

  private render(editor: vscode.TextEditor): void {
    const document = editor.document;
    const lines = document.uri.scheme === 'file' && this.byFile.size > 0 ? (this.byFile.get(toRelative(document.uri)) ?? []).filter((l) => l.line >= 1 && l.line <= document.lineCount) : [];
    // Several frames on one line (recursion) show once, as the innermost.
    const first = new Map<number, HighlightedLine>();
    for (const l of lines) if (!first.has(l.line) || l.crash) first.set(l.line, l);
    const options = (l: HighlightedLine): vscode.DecorationOptions => ({
      range: document.lineAt(l.line - 1).range,
      renderOptions: { after: { contentText: this.notes.get(l.frame) ?? '' } },
    });
    const all = [...first.values()];
    editor.setDecorations(this.crashType, all.filter((l) => l.crash).map(options));
    editor.setDecorations(this.frameType, all.filter((l) => !l.crash).map(options));
    this.rendered.fire({ uri: document.uri, lines });
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
