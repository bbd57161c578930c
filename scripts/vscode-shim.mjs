#!/usr/bin/env node
// @ts-check
// Stands in for the VS Code executable that @vscode/test-electron's runTests() launches, on machines
// where desktop VS Code cannot be downloaded: the same arguments run the same tests module in the real
// Node extension host of code-server, driven through headless Chromium. Exit code = the tests' result.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkbench, startCodeServer, stopAll } from './lib/code-server.mjs';

const TIMEOUT_MS = Number(process.env.PRODLENS_TEST_TIMEOUT_MS) || 10 * 60_000;
// Desktop flags that take their value as the next argument; anything else unknown is a bare switch.
const VALUE_FLAGS = new Set(['locale', 'log', 'profile', 'sync', 'crash-reporter-directory', 'inspect-extensions', 'inspect-brk-extensions']);
const say = (/** @type {string} */ line) => process.stderr.write(`[vscode-shim] ${line}\n`);

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ devPaths: string[], testsPath?: string, folder?: string, userDataDir?: string, extensionsDir?: string }} */
  const out = { devPaths: [] };
  const asPath = (/** @type {string} */ v) => path.resolve(v.startsWith('file:') ? fileURLToPath(v) : v);
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(argv[i]);
    if (!match) { out.folder ??= asPath(argv[i]); continue; }
    const [, name, inline] = match;
    const value = () => inline ?? argv[++i];
    if (name === 'extensionDevelopmentPath') out.devPaths.push(asPath(value()));
    else if (name === 'extensionTestsPath') out.testsPath = asPath(value());
    else if (name === 'user-data-dir') out.userDataDir = asPath(value());
    else if (name === 'extensions-dir') out.extensionsDir = asPath(value());
    else if (name === 'folder-uri') out.folder ??= asPath(value());
    else if (VALUE_FLAGS.has(name) && inline === undefined) i++;
    // Everything else (--no-sandbox, --disable-extensions, --disable-gpu-sandbox, ...) is for Electron
    // or is already how code-server is started; nothing to do.
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
if (!args.testsPath || args.devPaths.length === 0) {
  say('usage: vscode-shim.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER] [--user-data-dir=DIR] [--extensions-dir=DIR]');
  process.exit(2);
}

/** @type {Awaited<ReturnType<typeof startCodeServer>> | undefined} */ let server;
/** @type {Awaited<ReturnType<typeof openWorkbench>> | undefined} */ let workbench;
/** @type {Promise<never> | undefined} */ let finishing;

/** Every way out goes through here, so neither code-server nor Chromium outlives the run. */
function finish(/** @type {number} */ code, /** @type {string} */ why = '') {
  finishing ??= (async () => {
    clearTimeout(timer);
    if (why) say(why);
    let exitCode = code;
    try { await workbench?.close(); } catch (err) { say(`closing Chromium failed: ${err}`); exitCode ||= 1; }
    try { await server?.stop(); } catch (err) { say(`stopping code-server failed: ${err}`); exitCode ||= 1; }
    await stopAll(); // whatever was still starting when the run ended
    process.exit(exitCode);
  })();
  return finishing;
}

const timer = setTimeout(() => finish(1, `timed out after ${TIMEOUT_MS / 1000} s without a test result ` +
  '(raise PRODLENS_TEST_TIMEOUT_MS for longer suites)'), TIMEOUT_MS);
for (const [signal, code] of /** @type {const} */ ([['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]])) {
  process.on(signal, () => finish(code, `${signal}: stopping`));
}
process.on('uncaughtException', (err) => finish(1, `crashed: ${err.stack ?? err}`));
process.on('unhandledRejection', (err) => finish(1, `crashed: ${err instanceof Error ? err.stack : err}`));

try {
  const started = Date.now();
  // No `env`: code-server inherits this process's environment, which carries test-electron's
  // extensionTestsEnv, and the extension host inherits code-server's.
  server = await startCodeServer({
    workspace: args.folder,
    userDataDir: args.userDataDir,
    extensionsDir: args.extensionsDir,
    log: (line) => process.stderr.write(`${line}\n`),
    // PRODLENS_UNTRUSTED=1 opens the folder in restricted mode, to test what an untrusted workspace may do.
    trusted: process.env.PRODLENS_UNTRUSTED !== '1',
  });
  server.exited.then((code) => finish(1, `code-server exited unexpectedly (${code}) before the tests finished`));
  // The extension host runs in the server, so it addresses these paths through the remote authority.
  const remote = (/** @type {string} */ p) => `vscode-remote://127.0.0.1:${server?.port}${p}`;
  /** @type {[string, string][]} */
  const payload = [...args.devPaths.map((p) => /** @type {[string, string]} */ (['extensionDevelopmentPath', remote(p)])),
    ['extensionTestsPath', remote(args.testsPath)]];
  workbench = await openWorkbench({
    url: server.url, folder: args.folder, payload,
    log: (text, level) => (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${text}\n`),
    onExit: (code) => {
      say(`tests finished with exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      void finish(Number.isInteger(code) ? code : 1);
    },
  });
  workbench.page.on('crash', () => finish(1, 'the workbench page crashed'));
  workbench.browser.on('disconnected', () => finish(1, 'Chromium exited before the tests finished'));
} catch (err) {
  await finish(1, `could not start the test run: ${err instanceof Error ? err.message : err}`);
}
