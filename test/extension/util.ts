import * as vscode from 'vscode';
import type { HealthSnapshot } from '../../src/core/model';
import type { ProdlensTestApi } from '../../src/testApi';

export const EXTENSION_ID = 'prodlens.prodlens';

export async function activateExtension(): Promise<ProdlensTestApi> {
  const ext = vscode.extensions.getExtension<ProdlensTestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const api = await ext.activate();
  if (!api) throw new Error('activate() returned no test API (is the extension running in production mode?)');
  return api;
}

/**
 * Resolves with the first truthy value of `condition` (awaited when it returns a promise), checking it at
 * once and then every 50 ms: much workbench state has no event to wait on. Fails with `what` after
 * `timeoutMs`: a readiness wait, never a fixed sleep before an assertion.
 */
export async function until<T>(condition: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
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

/**
 * Opens a workspace file and waits until its service's snapshot is fresh with every backend ok and passes
 * `ready` too: the demo suites' common starting point, whatever ran before them.
 */
export async function openSettled(path: string, service: string, ready: (s: HealthSnapshot) => boolean = () => true) {
  const api = await activateExtension();
  const editor = await vscode.window.showTextDocument(workspaceUri(path));
  await until(() => {
    const s = api.snapshot(service);
    // Translated to the working copy too, when there is a version to translate from (lineVersions pending until git answered).
    return s && !s.stale && s.backends.length > 0 && s.backends.every((b) => b.state === 'ok') && s.lineVersions?.state !== 'pending' && ready(s);
  }, `a fresh snapshot of ${service} with every backend ok and its lines translated`, 25_000);
  return { api, editor };
}

/** Runs `run`, then puts back the value a `prodlens.*` setting had at that level before it (what a command under test may change). */
export async function restoringSetting<T>(key: string, target: vscode.ConfigurationTarget, run: () => Promise<T>): Promise<T> {
  const inspected = vscode.workspace.getConfiguration('prodlens').inspect(key);
  const before = target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue;
  try {
    return await run();
  } finally {
    await vscode.workspace.getConfiguration('prodlens').update(key, before, target);
  }
}

/** Sets a `prodlens.*` setting for the length of `run`, then puts back the value it had at that level. */
export function withSetting<T>(key: string, value: unknown, target: vscode.ConfigurationTarget, run: () => Promise<T>): Promise<T> {
  return restoringSetting(key, target, async () => {
    await vscode.workspace.getConfiguration('prodlens').update(key, value, target);
    return run();
  });
}
