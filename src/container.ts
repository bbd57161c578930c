// Composition root: creates every service and feature, wires them, and disposes them in reverse order.
// The constructor only builds objects; everything that touches the disk or network starts in `start()`,
// which activation schedules after it returns.
import * as vscode from 'vscode';
import { MANIFEST_GLOB } from './core/detect/manifests';
import { ServiceRegistry } from './services/serviceRegistry';
import { Configuration } from './host/configuration';
import { OutputLog } from './host/log';
import { TokenStore } from './host/secrets';
import { VsCodeWorkspaceAccess } from './host/workspaceAccess';
import { ContextKeys, Views } from './host/ids';
import { ActiveService } from './features/activeService';
import { BackendOverview } from './features/backendOverview';
import { StatusBarController, type StatusBarState } from './features/statusBar/statusBarController';
import { BackendsTreeProvider } from './features/sidebar/backendsTree';
import { emptySnapshotSource, ErrorsTreeProvider, IncidentsTreeProvider } from './features/sidebar/signalTrees';
import { HealthViewProvider, type HealthViewState } from './features/sidebar/healthView';
import { registerCommands } from './features/commands';

const REDETECT_DELAY_MS = 500;

export class Container implements vscode.Disposable {
  readonly config = new Configuration();
  readonly output = new OutputLog(() => this.config.logLevel);
  readonly log = this.output.logger;
  readonly tokens: TokenStore;
  readonly registry = new ServiceRegistry(new VsCodeWorkspaceAccess(), this.log);
  readonly active: ActiveService;
  readonly overview: BackendOverview;
  readonly statusBar: StatusBarController;
  readonly health: HealthViewProvider;
  private readonly disposables: vscode.Disposable[] = [];
  /** Time spent in activate() itself, for `npm run bench`. */
  activationMs = 0;
  private redetectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.tokens = new TokenStore(context.secrets);
    this.active = this.track(new ActiveService(this.registry, this.config, context.workspaceState));
    this.overview = this.track(new BackendOverview(this.registry, this.config, this.tokens));
    this.statusBar = this.track(new StatusBarController(this.active, this.overview, this.config));
    this.health = this.track(new HealthViewProvider(context.extensionUri, this.active, this.overview, this.config));

    const trees = {
      [Views.incidents]: this.track(new IncidentsTreeProvider(this.active, emptySnapshotSource)),
      [Views.errors]: this.track(new ErrorsTreeProvider(this.active, emptySnapshotSource)),
      [Views.backends]: this.track(new BackendsTreeProvider(this.active, this.overview)),
    };
    for (const [id, provider] of Object.entries(trees)) {
      this.track(vscode.window.createTreeView(id, { treeDataProvider: provider as vscode.TreeDataProvider<unknown>, showCollapseAll: false }));
    }
    this.track(vscode.window.registerWebviewViewProvider(Views.health, this.health, { webviewOptions: { retainContextWhenHidden: false } }));
    this.track(registerCommands({
      registry: this.registry,
      active: this.active,
      overview: this.overview,
      config: this.config,
      tokens: this.tokens,
      log: this.log,
    }));
    this.track(this.registry.onDidChange((result) => {
      void vscode.commands.executeCommand('setContext', ContextKeys.hasService, result.services.length > 0);
    }));
  }

  /** The first work that touches the workspace: service detection, then keeping it current. */
  start(): void {
    const watcher = this.track(vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB));
    const schedule = () => {
      clearTimeout(this.redetectTimer);
      this.redetectTimer = setTimeout(() => void this.detect(), REDETECT_DELAY_MS);
    };
    this.track(watcher.onDidCreate(schedule));
    this.track(watcher.onDidChange(schedule));
    this.track(watcher.onDidDelete(schedule));
    this.track(vscode.workspace.onDidChangeWorkspaceFolders(schedule));
    void this.detect();
  }

  private async detect(): Promise<void> {
    try {
      await this.registry.detect();
    } catch (err) {
      this.log.error('Service detection failed:', err);
    }
  }

  private track<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  /** State for the extension-host tests, which cannot read the workbench's status bar or webviews. */
  testApi(): ProdlensTestApi {
    return {
      container: this,
      statusBar: () => this.statusBar.state,
      healthState: () => this.health.state(),
      detect: () => this.registry.detect().then(() => this.overview.recompute()),
      activationMs: () => this.activationMs,
    };
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
    this.registry.dispose();
    this.output.dispose();
    this.config.dispose();
    void this.context;
  }
}

export interface ProdlensTestApi {
  container: Container;
  statusBar(): StatusBarState;
  healthState(): HealthViewState;
  detect(): Promise<void>;
  activationMs(): number;
}
