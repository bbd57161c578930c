// Hot error lines in visible editors: a gutter icon by severity, an end-of-line note, and a background for
// the hottest few. Decoration types are created once; everything is computed from the cached snapshot,
// and recomputation while typing waits until the user pauses.
import * as vscode from 'vscode';
import type { RefreshService } from '../../services/refreshService';
import type { ServiceRegistry } from '../../services/serviceRegistry';
import type { Configuration } from '../../host/configuration';
import { toRelative } from '../../host/workspaceAccess';
import { hotLinesOf, type HotLine } from '../../core/hotLines';
import type { RenderedLines } from '../shared/renderedLines';

const TYPING_DELAY_MS = 500;
const BACKGROUND_TOP = 3;

export class AnnotationController implements vscode.Disposable {
  private readonly error: vscode.TextEditorDecorationType;
  private readonly warning: vscode.TextEditorDecorationType;
  private readonly hottest: vscode.TextEditorDecorationType;
  private readonly disposables: vscode.Disposable[] = [];
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly rendered = new vscode.EventEmitter<RenderedLines<HotLine>>();
  /** After an editor's decorations are set: the lines they show (the workbench gives no way to read them back). */
  readonly onDidRender = this.rendered.event;

  constructor(
    extensionUri: vscode.Uri,
    private readonly registry: ServiceRegistry,
    private readonly refresh: RefreshService,
    private readonly config: Configuration,
  ) {
    const after = { color: new vscode.ThemeColor('prodlens.hotLineForeground'), margin: '0 0 0 2em', fontStyle: 'italic' };
    this.error = vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'gutter-error.svg'),
      gutterIconSize: '80%',
      overviewRulerColor: new vscode.ThemeColor('prodlens.hotLineRuler'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
      after,
      isWholeLine: true,
    });
    this.warning = vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'gutter-warning.svg'),
      gutterIconSize: '80%',
      after,
      isWholeLine: true,
    });
    this.hottest = vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('prodlens.hotLineBackground'),
      isWholeLine: true,
    });
    this.disposables.push(
      this.rendered,
      this.error,
      this.warning,
      this.hottest,
      vscode.window.onDidChangeVisibleTextEditors(() => this.renderAll()),
      refresh.onDidChange(() => this.renderAll()),
      registry.onDidChange(() => this.renderAll()),
      config.onDidChange(() => this.renderAll()),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
    );
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0 || !vscode.window.visibleTextEditors.some((ed) => ed.document === e.document)) return;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.renderAll(), TYPING_DELAY_MS);
  }

  renderAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.render(editor);
  }

  /** Hot lines of a document from the cache (no I/O). */
  hotLines(document: vscode.TextDocument): HotLine[] {
    if (!this.config.annotationsEnabled || document.uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(document.uri)) return [];
    const file = toRelative(document.uri);
    const service = this.registry.ownerOf(file);
    if (!service) return [];
    return hotLinesOf(this.refresh.snapshot(service.name), file).filter((l) => l.line <= document.lineCount);
  }

  private render(editor: vscode.TextEditor): void {
    const lines = this.hotLines(editor.document);
    const options = (l: HotLine): vscode.DecorationOptions => {
      const textLine = editor.document.lineAt(l.line - 1);
      return { range: textLine.range, renderOptions: { after: { contentText: l.note } } };
    };
    editor.setDecorations(this.error, lines.filter((l) => l.severity === 'critical' || l.severity === 'error').map(options));
    editor.setDecorations(this.warning, lines.filter((l) => l.severity === 'warning' || l.severity === 'info').map(options));
    editor.setDecorations(this.hottest, lines.filter((l) => l.rank < BACKGROUND_TOP).map((l) => ({ range: editor.document.lineAt(l.line - 1).range })));
    this.rendered.fire({ uri: editor.document.uri, lines });
  }

  dispose(): void {
    clearTimeout(this.typingTimer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
