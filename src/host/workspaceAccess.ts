// Gives the pure service detection read access to the workspace through VS Code's file system API,
// so it also works in remote, WSL and container workspaces.
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../core/config/prodlensConfig';
import { MANIFEST_GLOB } from '../core/detect/manifests';
import { isWalkedPath, WALK_EXCLUDE_GLOB, WALK_LIMITS } from '../core/detect/walkPolicy';
import type { WorkspaceAccess } from '../services/serviceRegistry';
import type { CodeAccess } from '../services/codeIndex';
import { toCancellationToken } from './cancellation';

export class VsCodeWorkspaceAccess implements WorkspaceAccess, CodeAccess {
  /**
   * Every file outside the folders the walk policy excludes, as the CLI lists them. The glob replaces the
   * user's `files.exclude` here: the code index must see what `prodlens` sees, and it leaves out what
   * .gitignore names on its own.
   */
  async listFiles(signal?: AbortSignal): Promise<string[]> {
    return this.find('**/*', WALK_LIMITS.maxFiles, toCancellationToken(signal));
  }

  async findManifestFiles(signal?: AbortSignal): Promise<string[]> {
    const token = toCancellationToken(signal);
    // Config files are looked for on their own: in a big monorepo the manifest search can hit its cap first,
    // and a missed .prodlens.json (valid or refused) would let manifests decide instead.
    const [configs, manifests] = await Promise.all([
      this.find(`**/${CONFIG_FILE_NAME}`, WALK_LIMITS.maxConfigs, token),
      this.find(MANIFEST_GLOB, WALK_LIMITS.maxManifests, token),
    ]);
    return [...new Set([...configs, ...manifests])];
  }

  private async find(include: string, max: number, token: vscode.CancellationToken | undefined): Promise<string[]> {
    if (!vscode.workspace.workspaceFolders?.length) return [];
    const uris = await vscode.workspace.findFiles(include, WALK_EXCLUDE_GLOB, max, token);
    // The depth limit the glob cannot say, checked as the CLI's walk does: from the file's own workspace folder.
    return uris.filter((uri) => isWalkedPath(vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/'))).map((uri) => toRelative(uri));
  }

  async readText(path: string): Promise<string | undefined> {
    const uri = toUri(path);
    if (!uri) return undefined;
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }
}

/** Workspace-relative path with forward slashes; in a multi-root workspace it starts with the folder's name. */
export function toRelative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1).replace(/\\/g, '/');
}

export function toUri(path: string): vscode.Uri | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return undefined;
  if (folders.length === 1) return vscode.Uri.joinPath(folders[0].uri, path);
  const [head, ...rest] = path.split('/');
  const folder = folders.find((f) => f.name === head);
  return folder ? vscode.Uri.joinPath(folder.uri, ...rest) : undefined;
}
