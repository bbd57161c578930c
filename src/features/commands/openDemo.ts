// "ProdLens: Open Demo": starts the bundled demo production (real Prometheus and Alertmanager when they are
// installed, plus the Sentry/PagerDuty stand-in) and opens the demo workspace in a new window, so anyone can
// see ProdLens without an account. The production runs detached until "ProdLens: Stop Demo".
import { spawn } from 'child_process';
import * as vscode from 'vscode';
import { Commands } from '../../host/ids';
import type { CommandDeps } from './deps';

const DEMO_PID_KEY = 'prodlens.demoPid';
/** What dist/demo.js listens on by default, and its token (see src/demo/production.ts and fixtures.ts). */
const DEFAULT_URLS = { prometheus: 'http://127.0.0.1:39090', alertmanager: 'http://127.0.0.1:39093', sentry: 'http://127.0.0.1:39000', pagerduty: 'http://127.0.0.1:39000' };
const DEMO_TOKEN = 'prodlens-demo-token';
const READY_TIMEOUT_MS = 60_000;

export interface DemoInfo {
  urls: { prometheus: string; alertmanager: string; sentry: string; pagerduty: string };
  token: string;
  pid?: number;
}

/** Runs dist/demo.js with the extension host's Node (Electron runs as Node with ELECTRON_RUN_AS_NODE). */
function startDemo(extensionUri: vscode.Uri): Promise<DemoInfo> {
  return new Promise((resolve, reject) => {
    const script = vscode.Uri.joinPath(extensionUri, 'dist', 'demo.js').fsPath;
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error('the demo production did not start within a minute')), READY_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      resolve({ ...(JSON.parse(line) as DemoInfo), pid: child.pid });
    });
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(err.trim().split('\n').pop() || `the demo production exited with code ${code}`));
    });
  });
}

export function registerOpenDemo(deps: CommandDeps, context: vscode.ExtensionContext): vscode.Disposable {
  /** Hands the demo token to its loopback origins, copies the demo workspace and opens it. */
  const openWorkspace = async (info: DemoInfo, openFolder: boolean) => {
    await deps.tokens.set('sentry', info.urls.sentry, info.token);
    await deps.tokens.set('pagerduty', info.urls.pagerduty, info.token);
    const workspace = vscode.Uri.joinPath(context.globalStorageUri, 'demo-workspace');
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(context.extensionUri, 'demo'), workspace, { overwrite: true });
    deps.log.info(`Demo production running${info.pid ? ` (pid ${info.pid})` : ''}; demo workspace at ${workspace.fsPath}.`);
    if (openFolder) await vscode.commands.executeCommand('vscode.openFolder', workspace, { forceNewWindow: true });
    return { ...info, workspace: workspace.fsPath };
  };

  const open = vscode.commands.registerCommand(Commands.openDemo, async (options?: { openFolder?: boolean }) => {
    const openFolder = options?.openFolder !== false;
    try {
      const info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'ProdLens: starting the demo production…' }, () => startDemo(context.extensionUri));
      await context.globalState.update(DEMO_PID_KEY, info.pid);
      return await openWorkspace(info, openFolder);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // A demo production already runs (npm run demo, or an earlier Open Demo): use it.
      if (/EADDRINUSE/.test(message)) return openWorkspace({ urls: DEFAULT_URLS, token: DEMO_TOKEN }, openFolder);
      deps.log.warn(`Open Demo: ${message}`);
      vscode.window.showErrorMessage(`ProdLens: the demo could not start: ${message}`, { modal: true });
      return undefined;
    }
  });

  const stop = vscode.commands.registerCommand(Commands.stopDemo, async () => {
    const pid = context.globalState.get<number>(DEMO_PID_KEY);
    if (!pid) {
      vscode.window.showInformationMessage('ProdLens: no demo production started by this editor is running.');
      return false;
    }
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await context.globalState.update(DEMO_PID_KEY, undefined);
    vscode.window.showInformationMessage('ProdLens: the demo production was stopped.');
    return true;
  });
  return vscode.Disposable.from(open, stop);
}
