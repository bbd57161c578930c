// ProdLens: Open Stack Trace. Takes a pasted trace (selection, clipboard or input box), maps it with the same
// engine as everything else, opens the deepest frame of the user's code, lists every frame in the Stack Trace
// view and highlights their lines until the trace is dismissed. Also owns the terminal links, which map
// deployed paths through the same context.
import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import { fireAndLog } from '../../core/async';
import type { MappingContext } from '../../core/mapping';
import { Commands, ContextKeys, Views } from '../../host/ids';
import type { CodeIndex } from '../../services/codeIndex';
import type { ServiceRegistry } from '../../services/serviceRegistry';
import { locateTrace, traceMappingContext, type LocatedTrace } from '../../services/traceLocator';
import { oneLine } from '../../core/text';
import { openLocation } from '../shared/openLocation';
import { StackTraceTreeProvider, type StackNode } from './stackTraceTree';
import { TraceTerminalLinkProvider } from './terminalLinkProvider';
import { TraceHighlights } from './traceHighlights';
import { readTraceInput } from './traceInput';

export type TraceContextProvider = (signal?: AbortSignal) => Promise<MappingContext>;

/**
 * The mapping context of a pasted trace: the workspace index and every service's path mappings, the active
 * service's first. The shared index build is never given a caller's signal: a hover that moves on must not
 * cut the one build everybody waits for.
 */
export function traceContextFor(code: CodeIndex, registry: ServiceRegistry, active: { readonly current?: { name: string } }): TraceContextProvider {
  return async () => {
    if (!registry.result) await registry.detect().catch(() => undefined);
    const index = await code.fileIndex();
    return traceMappingContext(index, { services: registry.services, goModules: code.goModules, preferService: active.current?.name });
  };
}

export class StackTraceController implements vscode.Disposable {
  readonly tree = new StackTraceTreeProvider();
  readonly highlights = new TraceHighlights();
  readonly view: vscode.TreeView<StackNode>;
  readonly terminalLinks: TraceTerminalLinkProvider;
  private readonly disposables: vscode.Disposable[] = [];
  private loading: AbortController | undefined;

  constructor(
    private readonly mappingContext: TraceContextProvider,
    private readonly log: Logger,
  ) {
    this.view = vscode.window.createTreeView(Views.stackTrace, { treeDataProvider: this.tree, showCollapseAll: true });
    this.terminalLinks = new TraceTerminalLinkProvider(mappingContext);
    this.disposables.push(
      this.tree,
      this.highlights,
      this.view,
      vscode.commands.registerCommand(Commands.openStackTrace, (arg?: unknown) => this.open(arg)),
      vscode.commands.registerCommand(Commands.dismissStackTrace, () => this.dismiss()),
      vscode.window.registerTerminalLinkProvider(this.terminalLinks),
    );
  }

  get current(): LocatedTrace | undefined {
    return this.tree.trace;
  }

  /** The command. A string argument is the trace itself (keybindings, other extensions, tests). */
  async open(arg?: unknown): Promise<LocatedTrace | undefined> {
    const input = typeof arg === 'string' && arg.trim() !== '' ? arg : await readTraceInput();
    if (input === undefined) return undefined;
    this.loading?.abort();
    const request = (this.loading = new AbortController());
    let located: LocatedTrace;
    try {
      located = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'ProdLens: locating the stack trace' },
        async () => locateTrace(input, await this.mappingContext(request.signal)),
      );
    } catch (err) {
      this.log.error('Open Stack Trace failed:', err);
      vscode.window.showErrorMessage(`ProdLens: the stack trace could not be located (${err instanceof Error ? err.message : String(err)}).`);
      return undefined;
    }
    // A newer paste (or Dismiss) came in while this one was being located.
    if (request.signal.aborted) return undefined;
    await this.show(located);
    return located;
  }

  private async show(located: LocatedTrace): Promise<void> {
    this.tree.show(located);
    this.highlights.show(located);
    this.view.message = summary(located);
    await vscode.commands.executeCommand('setContext', ContextKeys.hasStackTrace, true);
    const crash = located.crashFrame;
    if (located.unparsed) {
      vscode.window.showWarningMessage(`ProdLens: no stack frame found (${oneLine(located.unparsed, 200)}).`);
    } else if (crash === undefined) {
      vscode.window.showInformationMessage('ProdLens: no frame of this trace is in the workspace. The Stack Trace view says why for each frame.');
    } else {
      const loc = located.results[crash].location;
      if (loc) {
        try {
          await openLocation(loc.file, loc.line, loc.column);
        } catch (err) {
          vscode.window.showErrorMessage(`ProdLens: could not open ${loc.file} (${err instanceof Error ? err.message : String(err)}).`);
        }
      }
    }
    // Show the view without taking the focus from the editor just opened.
    const node = located.trace.frames.length > 0 ? this.tree.frameNode(crash ?? 0) : undefined;
    if (node) this.view.reveal(node, { select: true, focus: false }).then(undefined, (err: unknown) => this.log.debug('Stack Trace view reveal:', err));
  }

  dismiss(): void {
    this.loading?.abort();
    this.loading = undefined;
    this.tree.show(undefined);
    this.highlights.show(undefined);
    this.view.message = undefined;
    fireAndLog(vscode.commands.executeCommand('setContext', ContextKeys.hasStackTrace, false), this.log, 'Clearing the Stack Trace context');
  }

  dispose(): void {
    this.loading?.abort();
    for (const d of this.disposables.reverse()) d.dispose();
  }
}

function summary(located: LocatedTrace): string {
  const total = located.trace.frames.length;
  if (total === 0) return 'No stack frame found in the pasted text.';
  const mapped = located.results.filter((r) => r.location).length;
  const exception = located.trace.exception;
  const what = exception ? [exception.type, exception.message].filter(Boolean).join(': ') : '';
  return oneLine(`${mapped} of ${total} frame${total === 1 ? '' : 's'} in this workspace${what ? ` · ${what}` : ''}`, 200);
}
