// What the extension-host tests (and `npm run bench`) see of ProdLens: activate() returns this outside
// production mode. Queries of what the user sees, and a few actions; never the container, so a test
// states behaviour, not wiring. Thin on purpose, since it ships in the bundle: each query reads state the
// features keep anyway, the only state of its own is the record of what the decorations show.
import * as vscode from 'vscode';
import type { Container } from './container';
import type { BackendFacts } from './core/diagnostics/report';
import type { HotLine } from './core/hotLines';
import type { DetectedService } from './core/detect/services';
import type { HealthSnapshot, Incident } from './core/model';
import type { BackendSource } from './services/sources/types';
import type { LocatedTrace } from './services/traceLocator';
import type { RenderedLines } from './features/shared/renderedLines';
import type { BackendNode } from './features/sidebar/backendsTree';
import type { ErrorNode } from './features/sidebar/errorsTree';
import type { HealthViewState } from './features/sidebar/healthView';
import type { StackNode } from './features/stackTrace/stackTraceTree';
import type { TraceTerminalLinkProvider } from './features/stackTrace/terminalLinkProvider';
import type { HighlightedLine } from './features/stackTrace/traceHighlights';
import type { StatusBarState } from './features/statusBar/statusBarController';

/** A tree view's contents, through its provider's public methods (the workbench has no command to read them). */
export interface TreeContents<T> {
  getChildren(node?: T): T[];
  getTreeItem(node: T): vscode.TreeItem;
}

/** An inline annotation as the user sees it: the line (1-based), its end-of-line note and its gutter severity. */
export type DecoratedLine = Pick<HotLine, 'line' | 'note' | 'severity'>;

export interface ProdlensTestApi {
  statusBar(): StatusBarState;
  /** The Health view's state computed now. */
  healthState(): HealthViewState;
  /** What the Health webview was last sent (undefined until the view is shown). */
  healthPosted(): HealthViewState | undefined;
  services(): readonly DetectedService[];
  backends(service: string): BackendFacts[];
  ignoredUntilTrusted(service: string): number;
  /** Where a refresh of the service would send requests: one entry per backend source. */
  requestTargets(service: string): { kind: string; url: string }[];
  snapshot(service: string): HealthSnapshot | undefined;
  isRefreshing(service: string): boolean;
  /** Refreshes a detected service now, bypassing the poll interval, and resolves with its snapshot. */
  refreshNow(service: string): Promise<HealthSnapshot>;
  /** The inline annotations of a document shown in a visible editor; undefined when no visible editor shows it. */
  decorationsOf(uri: vscode.Uri): readonly DecoratedLine[] | undefined;
  /** Stack-trace highlights of each visible editor that has some (document URI → frame lines). */
  traceHighlights(): ReadonlyMap<string, readonly HighlightedLine[]>;
  /** The loaded stack trace and its view. */
  stackTrace(): { located: LocatedTrace | undefined; message: string | undefined; visible: boolean };
  trees(): { incidents: TreeContents<Incident>; errors: TreeContents<ErrorNode>; backends: TreeContents<BackendNode>; stackTrace: TreeContents<StackNode> };
  terminalLinks(): Pick<TraceTerminalLinkProvider, 'provideTerminalLinks' | 'handleTerminalLink'>;
  tokens(): { get(kind: string, url: string): Promise<string | undefined>; set(kind: string, url: string, token: string): Promise<void>; delete(kind: string, url: string): Promise<void> };
  /** Writes a warning through the ProdLens logger (the tests prove tokens are scrubbed from the log). */
  logWarning(message: string): void;
  /** Runs service detection now and waits for the backend overview it drives. */
  detect(): Promise<void>;
  activationMs(): number;
  /** Where the extension keeps things, for the tests that prove no token is among them. */
  storage(): { logUri: vscode.Uri; globalStorageUri: vscode.Uri; globalState: vscode.Memento; workspaceState: vscode.Memento };
  /** For `npm run bench`: serve a service from the given sources instead of its backends, until disposed. */
  useSources(service: string, sources: BackendSource[]): vscode.Disposable;
  /** For `npm run bench`, which times the annotation work itself (the object is the controller: wrapping `renderAll` wraps its renders). */
  annotationRenderer(): { hotLines(document: vscode.TextDocument): HotLine[]; renderAll(): void };
}

type Parts = Pick<Container, 'statusBar' | 'health' | 'registry' | 'overview' | 'sources' | 'refresh' | 'annotations' | 'stackTrace' | 'trees' | 'tokens' | 'log' | 'activationMs'>;

/** The last lines rendered per document, answered only for documents a visible editor shows now. */
function renderLog<T>(onDidRender: vscode.Event<RenderedLines<T>>, subscriptions: vscode.Disposable[]): () => Map<string, readonly T[]> {
  const last = new Map<string, readonly T[]>();
  subscriptions.push(onDidRender(({ uri, lines }) => last.set(uri.toString(), lines)));
  return () => {
    const visible = new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()));
    return new Map([...last].filter(([uri]) => visible.has(uri)));
  };
}

/**
 * Detection that sees the workspace as it is now, and the backend overview computed from it: a run already
 * in flight may have read the files before the caller changed them, and an overview computation may be
 * superseded by a newer one, which is then the one to wait for (only a computation that finishes fires).
 */
async function detectNow(c: Parts): Promise<void> {
  await c.registry.detect().catch(() => undefined);
  await c.registry.detect();
  await new Promise<void>((resolve, reject) => {
    const done = c.overview.onDidChange(() => {
      done.dispose();
      resolve();
    });
    c.overview.recompute().catch((err: unknown) => {
      done.dispose();
      reject(err);
    });
  });
}

export function createTestApi(c: Parts, context: vscode.ExtensionContext): ProdlensTestApi {
  const annotations = renderLog(c.annotations.onDidRender, context.subscriptions);
  const highlights = renderLog(c.stackTrace.highlights.onDidRender, context.subscriptions);
  const service = (name: string): DetectedService => {
    const found = c.registry.find(name);
    if (!found) throw new Error(`no detected service named ${name}`);
    return found;
  };
  return {
    statusBar: () => c.statusBar.state,
    healthState: () => c.health.state(),
    healthPosted: () => c.health.postedState(),
    services: () => c.registry.services,
    backends: (name) => c.overview.forService(name),
    ignoredUntilTrusted: (name) => c.overview.ignoredUntilTrusted(name),
    requestTargets: (name) => c.sources.sourcesFor(service(name)).map(({ kind, url }) => ({ kind, url })),
    snapshot: (name) => c.refresh.snapshot(name),
    isRefreshing: (name) => c.refresh.isRefreshing(name),
    refreshNow: (name) => c.refresh.refresh(service(name), { force: true }),
    decorationsOf: (uri) => annotations().get(uri.toString())?.map(({ line, note, severity }) => ({ line, note, severity })),
    traceHighlights: () => new Map([...highlights()].filter(([, lines]) => lines.length > 0)),
    stackTrace: () => ({ located: c.stackTrace.current, message: c.stackTrace.view.message, visible: c.stackTrace.view.visible }),
    trees: () => ({ ...c.trees, stackTrace: c.stackTrace.tree }),
    terminalLinks: () => c.stackTrace.terminalLinks,
    tokens: () => c.tokens,
    logWarning: (message) => c.log.warn(message),
    detect: () => detectNow(c),
    activationMs: () => c.activationMs,
    storage: () => ({ logUri: context.logUri, globalStorageUri: context.globalStorageUri, globalState: context.globalState, workspaceState: context.workspaceState }),
    useSources: (name, sources) => {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- put back on the same object; called with .call meanwhile
      const original = c.sources.sourcesFor;
      c.sources.sourcesFor = (s) => (s.name === name ? sources : original.call(c.sources, s));
      return new vscode.Disposable(() => (c.sources.sourcesFor = original));
    },
    annotationRenderer: () => c.annotations,
  };
}
