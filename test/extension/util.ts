import * as vscode from 'vscode';
import type { ProdlensTestApi } from '../../src/container';

export const EXTENSION_ID = 'prodlens.prodlens';

export async function activateExtension(): Promise<ProdlensTestApi> {
  const ext = vscode.extensions.getExtension<ProdlensTestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const api = await ext.activate();
  if (!api) throw new Error('activate() returned no test API (is the extension running in production mode?)');
  return api;
}

/**
 * Resolves when `condition` holds, re-checking it every 50 ms (much workbench state has no event to wait on).
 * Fails with `what` after `timeoutMs`: a readiness wait, never a fixed sleep before an assertion.
 */
export async function until<T>(condition: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('The extension tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}
