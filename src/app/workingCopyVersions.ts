// Production's lines are lines of the deployed version; this keeps the editor's translation of them to the
// working copy current. It gives the refresh pipeline a VersionService over the workspace folders' git
// repositories, feeds it the unsaved text of open editors, and asks for a new translation (from cache, no
// backend request) when a file is saved or edited, or when HEAD or the refs move; opens a file as the deployed
// commit had it (read-only) for code removed since. Off in an untrusted workspace: git reads the repository's
// own configuration.
import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { createGitRunner } from '../services/git/gitRunner';
import { VersionLines } from '../services/git/versionLines';
import type { RefreshService } from '../services/refreshService';
import type { ServiceRegistry } from '../services/serviceRegistry';
import { VersionService, type VersionFolder } from '../services/versionService';
import { toRelative } from '../host/workspaceAccess';
import { Commands } from '../host/ids';

/** Typing pauses this long before the lines follow the unsaved text. */
const EDIT_DEBOUNCE_MS = 400;

/** Read-only documents of a file as it was in a deployed commit: `prodlens-deployed:/<file>?commit=…&version=…`. */
const DEPLOYED_SCHEME = 'prodlens-deployed';

/** What `prodlens.openDeployedVersion` takes: a group's `mapping.removed`. */
export interface DeployedPlace {
  version: string;
  commit: string;
  file: string;
  line: number;
}

function isDeployedPlace(value: unknown): value is DeployedPlace {
  const v = value as Partial<DeployedPlace> | undefined;
  return typeof v === 'object' && v !== null && typeof v.version === 'string' && typeof v.commit === 'string' && typeof v.file === 'string' && typeof v.line === 'number' && v.line >= 1;
}

export class WorkingCopyVersions implements vscode.Disposable {
  readonly service: VersionService;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly git = createGitRunner();
  /** One VersionLines per workspace folder, made on first use (its repository is discovered then, once). */
  private readonly byFolder = new Map<string, VersionLines>();
  private editTimer: NodeJS.Timeout | undefined;
  private refresh: RefreshService | undefined;

  constructor(private readonly registry: ServiceRegistry, private readonly log: Logger) {
    this.service = new VersionService({ folders: () => this.folders(), bufferOf: (file) => this.bufferOf(file) });
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(DEPLOYED_SCHEME, { provideTextDocumentContent: (uri, token) => this.deployedContent(uri, token) }),
      vscode.commands.registerCommand(Commands.openDeployedVersion, (place: unknown) => this.openDeployed(place)),
    );
  }

  /** Opens the file as the deployed commit had it, read-only, at the line production reported. */
  private async openDeployed(place: unknown): Promise<void> {
    if (!isDeployedPlace(place)) return;
    const uri = vscode.Uri.from({ scheme: DEPLOYED_SCHEME, path: `/${place.file}`, query: new URLSearchParams({ commit: place.commit, version: place.version }).toString() });
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const line = Math.min(place.line, doc.lineCount) - 1;
      await vscode.window.showTextDocument(doc, { preview: true, selection: new vscode.Range(line, 0, line, 0) });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.log.warn(`The deployed version of ${place.file} could not be read:`, reason);
      vscode.window.showWarningMessage(`ProdLens: the deployed version (${place.version}) of ${place.file} could not be read from git: ${reason}`);
    }
  }

  private async deployedContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const commit = new URLSearchParams(uri.query).get('commit') ?? '';
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    try {
      return await this.service.deployedText(uri.path.replace(/^\//, ''), commit, abort.signal);
    } finally {
      cancelled.dispose();
    }
  }

  /** Starts following saves, edits and HEAD; called once the refresh service exists (no I/O before `start`). */
  start(refresh: RefreshService): void {
    this.refresh = refresh;
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (doc.uri.scheme !== 'file') return;
        const file = toRelative(doc.uri);
        this.service.fileSaved(file);
        this.retranslate(file);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme !== 'file' || e.contentChanges.length === 0) return;
        const file = toRelative(e.document.uri);
        clearTimeout(this.editTimer);
        this.editTimer = setTimeout(() => this.retranslate(file), EDIT_DEBOUNCE_MS);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.retranslateAll()),
    );
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      // HEAD (checkout, commit), refs and packed refs (fetch, tag): the deployed commit or the base moved.
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.git/{HEAD,packed-refs,refs/**}'));
      const moved = () => {
        this.service.headChanged();
        this.retranslateAll();
      };
      this.disposables.push(watcher, watcher.onDidChange(moved), watcher.onDidCreate(moved), watcher.onDidDelete(moved));
    }
  }

  private folders(): VersionFolder[] {
    if (!vscode.workspace.isTrusted) return [];
    const folders = vscode.workspace.workspaceFolders ?? [];
    return folders.map((folder) => {
      let lines = this.byFolder.get(folder.uri.fsPath);
      if (!lines) {
        lines = new VersionLines(this.git, folder.uri.fsPath);
        this.byFolder.set(folder.uri.fsPath, lines);
      }
      // Paths are workspace-relative as toRelative writes them: prefixed by the folder's name in a multi-root workspace.
      return { prefix: folders.length > 1 ? folder.name : '', lines };
    });
  }

  /** The unsaved text of an open, modified editor of `file` (workspace-relative). */
  private bufferOf(file: string): string | undefined {
    const doc = vscode.workspace.textDocuments.find((d) => d.isDirty && d.uri.scheme === 'file' && toRelative(d.uri) === file);
    return doc?.getText();
  }

  /** A new translation for the service owning `file`, when its snapshot puts an error in it. */
  private retranslate(file: string): void {
    const service = this.registry.ownerOf(file);
    if (!service || !this.refresh) return;
    const snapshot = this.refresh.snapshot(service.name);
    const hot = snapshot?.errors.some((g) => g.location?.file === file || g.mapping?.removed?.file === file || g.location?.version?.deployedFile === file);
    if (hot) this.refresh.retranslate(service);
  }

  private retranslateAll(): void {
    if (!this.refresh) return;
    for (const service of this.registry.services) this.refresh.retranslate(service);
    this.log.debug('Working-copy lines: translating again after HEAD, refs or trust changed.');
  }

  dispose(): void {
    clearTimeout(this.editTimer);
    for (const d of this.disposables) d.dispose();
  }
}
