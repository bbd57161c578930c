// App state (src/app/): imports vscode for its events, the active editor and workspace state; features read
// it, none owns it.
// Which service the user is looking at: the owner of the active editor's file, else the service they chose,
// else the only one. Everything that shows "the current service" listens to this one source.
import * as vscode from 'vscode';
import type { DetectedService } from '../core/detect/services';
import type { ServiceRegistry } from '../services/serviceRegistry';
import type { Configuration } from '../host/configuration';
import { toRelative } from '../host/workspaceAccess';

const SELECTED_KEY = 'prodlens.selectedService';

export class ActiveService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DetectedService | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private currentName: string | undefined;

  constructor(
    private readonly registry: ServiceRegistry,
    private readonly config: Configuration,
    private readonly state: vscode.Memento,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      this.registry.onDidChange(() => this.update(true)),
      this.config.onDidChange(() => this.update()),
    );
  }

  get current(): DetectedService | undefined {
    return this.currentName ? this.registry.find(this.currentName) : undefined;
  }

  /** Workspace-relative path of the active editor's file, when it is a workspace file. */
  get activeFile(): string | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(uri)) return undefined;
    return toRelative(uri);
  }

  async select(name: string | undefined): Promise<void> {
    await this.state.update(SELECTED_KEY, name);
    this.update();
  }

  get selectedName(): string | undefined {
    return this.config.serviceOverride || this.state.get<string>(SELECTED_KEY);
  }

  private resolve(): DetectedService | undefined {
    const file = this.activeFile;
    const owner = file !== undefined ? this.registry.ownerOf(file) : undefined;
    if (owner) return owner;
    const selected = this.selectedName;
    const chosen = selected ? this.registry.find(selected) : undefined;
    if (chosen) return chosen;
    return this.registry.services.length >= 1 ? this.registry.services[0] : undefined;
  }

  /** `force` re-announces the same service, e.g. after its configuration changed. */
  update(force = false): void {
    const next = this.resolve();
    if (!force && next?.name === this.currentName) return;
    this.currentName = next?.name;
    this.changed.fire(next);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
