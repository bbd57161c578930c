// Composition root: creates every service and feature, wires them, and disposes them in reverse order.
// The constructor only builds objects; everything that touches the disk or network starts in `start()`,
// which activation schedules after it returns.
import * as vscode from 'vscode';
import { MANIFEST_GLOB } from './core/detect/manifests';
import { ServiceRegistry } from './services/serviceRegistry';
import { Configuration } from './host/configuration';
import { OutputLog } from './host/log';
import { TokenStore } from './host/secrets';
import { toRelative, VsCodeWorkspaceAccess } from './host/workspaceAccess';
import { CodeIndex } from './services/codeIndex';
import { Commands, ContextKeys, Views } from './host/ids';
import { ActiveService } from './app/activeService';
import { BackendOverview } from './app/backendOverview';
import { StatusBarController } from './features/statusBar/statusBarController';
import { BackendsTreeProvider } from './features/sidebar/backendsTree';
import { ErrorsTreeProvider } from './features/sidebar/errorsTree';
import { IncidentsTreeProvider } from './features/sidebar/incidentsTree';
import { RefreshSnapshotSource } from './features/sidebar/snapshotSource';
import { RefreshController } from './app/refreshController';
import { WorkingCopyVersions } from './app/workingCopyVersions';
import type { RefreshService } from './services/refreshService';
import type { SourceFactory } from './services/sourceFactory';
import { caFileReader, createPipeline } from './services/pipeline';
import { VsCodeSnapshotStore } from './host/snapshotStore';
import { fireAndLog } from './core/async';
import { importDemoTokens } from './host/demoTokens';
import { AnnotationController } from './features/annotations/annotationController';
import { ErrorHoverProvider } from './features/hovers/errorHoverProvider';
import { RouteLensProvider } from './features/codeLens/routeLensProvider';
import { IncidentNotifier } from './features/notifications/incidentNotifier';
import { ProblemsController } from './features/problems/problemsController';
import { HealthViewProvider } from './features/sidebar/healthView';
import { registerCommands } from './features/commands';
import { StackTraceController, traceContextFor } from './features/stackTrace/stackTraceController';
import { ConfigRefusalNotice } from './features/config/configRefusalNotice';
import { createTestApi, type ProdlensTestApi } from './testApi';

export type { ProdlensTestApi } from './testApi';

const REDETECT_DELAY_MS = 500;

export class Container implements vscode.Disposable {
  readonly config = new Configuration();
  readonly output = new OutputLog(() => this.config.logLevel);
  readonly log = this.output.logger;
  readonly tokens: TokenStore;
  private readonly workspaceAccess = new VsCodeWorkspaceAccess();
  readonly registry = new ServiceRegistry(this.workspaceAccess, this.log);
  readonly code = new CodeIndex(this.workspaceAccess, this.log);
  readonly active: ActiveService;
  readonly overview: BackendOverview;
  readonly refresh: RefreshService;
  readonly sources: SourceFactory;
  readonly refreshController: RefreshController;
  /** Production's lines translated to the working copy through local git. */
  private readonly versions: WorkingCopyVersions;
  readonly statusBar: StatusBarController;
  readonly health: HealthViewProvider;
  readonly trees: { incidents: IncidentsTreeProvider; errors: ErrorsTreeProvider; backends: BackendsTreeProvider };
  readonly annotations: AnnotationController;
  readonly codeLens: RouteLensProvider;
  readonly notifier: IncidentNotifier;
  readonly problems: ProblemsController;
  /** Open Stack Trace, its view and highlights, and the terminal links. */
  readonly stackTrace: StackTraceController;
  private readonly disposables: vscode.Disposable[] = [];
  /** Time spent in activate() itself, for `npm run bench`. */
  activationMs = 0;
  private redetectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.tokens = new TokenStore(context.secrets, context.globalState);
    this.active = this.track(new ActiveService(this.registry, this.config, context.workspaceState));
    this.overview = this.track(new BackendOverview(this.registry, this.config, this.tokens, this.log));
    const proxy = this.config.proxy;
    // Relative `tls.caFile` paths start at the first workspace folder (read when a backend first needs them).
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    this.versions = this.track(new WorkingCopyVersions(this.registry, this.log));
    ({ sources: this.sources, refresh: this.refresh } = createPipeline({
      proxy: { url: proxy.url, noProxy: proxy.noProxy },
      readCaFile: caFileReader(root),
      tokens: (kind, url) => this.tokens.get(kind, url),
      backendDefaults: () => this.config.backendDefaults,
      settings: () => ({ window: this.config.timeWindow, environment: this.config.environment }),
      store: new VsCodeSnapshotStore(context.globalStorageUri),
      log: this.log,
      code: this.code,
      services: () => this.registry.services,
      versions: this.versions.service,
    }));
    this.refreshController = this.track(new RefreshController(this.refresh, this.active, this.overview, this.config, this.log));
    this.statusBar = this.track(new StatusBarController(this.active, this.overview, this.refresh, this.config));
    const snapshots = this.track(new RefreshSnapshotSource(this.refresh));
    this.health = this.track(new HealthViewProvider(context.extensionUri, this.active, this.overview, this.refresh, this.config, this.log));

    this.trees = {
      incidents: this.track(new IncidentsTreeProvider(this.active, snapshots)),
      errors: this.track(new ErrorsTreeProvider(this.active, snapshots)),
      backends: this.track(new BackendsTreeProvider(this.active, this.overview, this.refresh)),
    };
    const trees: Record<string, vscode.TreeDataProvider<unknown>> = { [Views.incidents]: this.trees.incidents, [Views.errors]: this.trees.errors, [Views.backends]: this.trees.backends };
    for (const [id, provider] of Object.entries(trees)) {
      this.track(vscode.window.createTreeView(id, { treeDataProvider: provider, showCollapseAll: false }));
    }
    this.annotations = this.track(new AnnotationController(context.extensionUri, this.registry, this.refresh, this.config));
    this.track(vscode.languages.registerHoverProvider({ scheme: 'file' }, new ErrorHoverProvider(this.annotations)));
    this.codeLens = this.track(new RouteLensProvider(this.registry, this.refresh, this.config));
    this.track(vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this.codeLens));
    this.track(vscode.commands.registerCommand(Commands.revealRoute, (key: string) => this.health.reveal(key)));
    this.notifier = this.track(new IncidentNotifier(this.refresh, this.config, this.log));
    this.problems = this.track(new ProblemsController(this.registry, this.refresh, this.config));
    this.stackTrace = this.track(new StackTraceController(traceContextFor(this.code, this.registry, this.active), this.log));
    this.track(vscode.window.registerWebviewViewProvider(Views.health, this.health, { webviewOptions: { retainContextWhenHidden: false } }));
    this.track(registerCommands({
      registry: this.registry,
      active: this.active,
      overview: this.overview,
      config: this.config,
      tokens: this.tokens,
      log: this.log,
      refreshActive: (force) => this.refreshController.refreshActive(force),
      production: { snapshot: (name) => this.refresh.snapshot(name), fileIndex: () => this.code.fileIndex() },
      activeSnapshot: () => (this.active.current ? this.refresh.snapshot(this.active.current.name) : undefined),
      sourcesFor: (service) => this.sources.sourcesFor(service),
    }, context));
    this.track(new ConfigRefusalNotice(this.registry, this.log));
    this.track(this.registry.onDidChange((result) => {
      fireAndLog(vscode.commands.executeCommand('setContext', ContextKeys.hasService, result.services.length > 0), this.log, 'Setting the hasService context');
    }));
  }

  /** The first work that touches the workspace: service detection, then keeping it current. */
  start(): void {
    const watcher = this.track(vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB));
    const schedule = () => {
      clearTimeout(this.redetectTimer);
      this.redetectTimer = setTimeout(() => this.detect(), REDETECT_DELAY_MS);
    };
    this.track(watcher.onDidCreate(schedule));
    this.track(watcher.onDidChange(schedule));
    this.track(watcher.onDidDelete(schedule));
    this.track(vscode.workspace.onDidChangeWorkspaceFolders(schedule));
    // Keeps the file index (for mapping stack frames) and the route cache current without rescanning.
    const files = this.track(vscode.workspace.createFileSystemWatcher('**/*'));
    this.track(files.onDidCreate((uri) => this.code.fileCreated(toRelative(uri))));
    this.track(files.onDidDelete((uri) => this.code.fileDeleted(toRelative(uri))));
    this.track(files.onDidChange((uri) => this.code.fileChanged(toRelative(uri))));
    this.track(vscode.workspace.onDidOpenTextDocument((doc) => {
      if (doc.uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(doc.uri)) this.code.fileSeen(toRelative(doc.uri));
    }));
    importDemoTokens(process.env, this.tokens, this.log).catch((err) => this.log.warn('Demo tokens:', err));
    this.detect();
    this.versions.start(this.refresh);
    this.refreshController.start();
  }

  private detect(): void {
    fireAndLog(this.registry.detect(), this.log, 'Service detection');
  }

  private track<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  /** What the extension-host tests and the bench may see and do: visible state and a few actions (src/testApi.ts). */
  testApi(): ProdlensTestApi {
    return createTestApi(this, this.context);
  }

  dispose(): void {
    clearTimeout(this.redetectTimer);
    for (const d of this.disposables.reverse()) {
      try {
        d.dispose();
      } catch {
        // keep disposing the rest
      }
    }
    this.refresh.dispose();
    this.registry.dispose();
    this.output.dispose();
    this.config.dispose();
    void this.context;
  }
}
