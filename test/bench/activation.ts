// Loaded by the real extension host as `extensionTestsPath` for `npm run bench`: measures activation of
// the production bundle from inside the host, in a workspace that did not activate it at start-up.
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { ProdlensTestApi } from '../../src/container';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<ProdlensTestApi>('prodlens.prodlens');
  if (!ext) throw new Error('prodlens.prodlens is not loaded');
  if (ext.isActive) throw new Error('the extension was already active: the measurement would be meaningless');
  // Loading the bundle first splits the cost into module load and the host's activation path.
  const loadStarted = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point is to time the CommonJS load itself
  require(`${ext.extensionPath}/dist/extension.js`);
  const moduleLoadMs = performance.now() - loadStarted;
  const started = performance.now();
  const api = await ext.activate();
  const totalMs = performance.now() - started;
  const result = { totalMs, moduleLoadMs, activateBodyMs: api?.activationMs() ?? NaN };
  const out = process.env.PRODLENS_BENCH_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify(result));
}
