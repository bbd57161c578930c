// @ts-check
// One entry point for extension-host tests: @vscode/test-electron's runTests(), pointed at the
// code-server shim (scripts/vscode-shim.mjs) here, or at a desktop VS Code where one exists.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const SHIM = fileURLToPath(new URL('../vscode-shim.mjs', import.meta.url));

/**
 * @param {{ extensionDevelopmentPath: string, extensionTestsPath: string, workspace?: string,
 *   env?: Record<string, string | undefined>, launchArgs?: string[] }} options
 *   `env` reaches the extension host as process.env; `PRODLENS_VSCODE_EXECUTABLE` selects a desktop `code`.
 * @returns {Promise<number>} the exit code of the run: 0 when every test passed
 */
export async function runExtensionTests({ extensionDevelopmentPath, extensionTestsPath, workspace, env = {}, launchArgs = [] }) {
  const desktop = process.env.PRODLENS_VSCODE_EXECUTABLE;
  const vscodeExecutablePath = desktop || SHIM;
  // A git checkout or an unzip can drop the executable bit, and spawn() needs it.
  if (!desktop) await fs.chmod(SHIM, 0o755).catch(() => {});
  // Fresh profile dirs per run: test-electron's default (.vscode-test/user-data) is shared by every
  // run in the checkout, so two runs at once would share settings, storage and sockets.
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'prodlens-ext-tests-'));
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: path.resolve(extensionDevelopmentPath),
      extensionTestsPath: path.resolve(extensionTestsPath),
      extensionTestsEnv: env,
      launchArgs: [
        ...(workspace ? [path.resolve(workspace)] : []),
        '--disable-extensions', // other installed extensions would make a desktop run depend on the machine
        `--user-data-dir=${path.join(profile, 'user-data')}`,
        `--extensions-dir=${path.join(profile, 'extensions')}`,
        ...launchArgs,
      ],
    });
  } catch (err) {
    // runTests rejects for a failing run; callers want the code, as from a process.
    const code = /** @type {{ code?: number, signal?: string }} */ (err);
    if (typeof code.code === 'number') return code.code;
    if (code.signal) return 1;
    console.error(`[extension-tests] ${err instanceof Error ? err.message : err}`);
    return 1;
  } finally {
    await fs.rm(profile, { recursive: true, force: true });
  }
}
