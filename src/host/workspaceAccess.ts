// Gives the pure service detection read access to the workspace through VS Code's file system API,
// so it also works in remote, WSL and container workspaces.
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../core/config/prodlensConfig';
import { MANIFEST_GLOB } from '../core/detect/manifests';
import type { WorkspaceAccess } from '../services/serviceRegistry';
import type { CodeAccess } from '../services/codeIndex';
import { toCancellationToken } from './cancellation';

const EXCLUDE = '{**/node_modules/**,**/.git/**,**/vendor/**,**/dist/**,**/out/**,**/target/**,**/.venv/**,**/venv/**}';
const MAX_MANIFESTS = 2000;
const MAX_CONFIGS = 200;
const MAX_FILES = 200_000;

export class VsCodeWorkspaceAccess implements WorkspaceAccess, CodeAccess {
  /** Every file, honouring the user's `files.exclude` (passing no exclude pattern applies it). */
  async listFiles(signal?: AbortSignal): Promise<string[]> {
    if (!vscode.workspace.workspaceFolders?.length) return [];
    const uris = await vscode.workspace.findFiles('**/*', undefined, MAX_FILES, toCancellationToken(signal));
    return uris.map((uri) => toRelative(uri));
  }

  async findManifestFiles(signal?: AbortSignal): Promise<string[]> {
    if (!vscode.workspace.workspaceFolders?.length) return [];
    const token = toCancellationToken(signal);
    // Config files are looked for on their own: in a big monorepo the manifest search can hit its cap first,
    // and a missed .prodlens.json (valid or refused) would let manifests decide instead.
    const [configs, manifests] = await Promise.all([
      vscode.workspace.findFiles(`**/${CONFIG_FILE_NAME}`, EXCLUDE, MAX_CONFIGS, token),
      vscode.workspace.findFiles(MANIFEST_GLOB, EXCLUDE, MAX_MANIFESTS, token),
    ]);
    return [...new Set([...configs, ...manifests].map((uri) => toRelative(uri)))];
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
