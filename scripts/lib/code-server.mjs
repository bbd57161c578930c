// @ts-check
// A real VS Code workbench for tests on machines where desktop VS Code cannot be downloaded:
// code-server (VS Code 1.100.3 as a server) plus Debian Chromium driven by playwright-core.
// The install steps replace code-server's postinstall, which cannot run here (see each step's comment).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { ensureAptPackages, installCommand } from './prereqs.mjs';

/** @typedef {(line: string, level?: string) => void} Log */

// 4.103+ needs Node 22; 4.100.3 is the newest that runs on Node 20 (VS Code 1.100.3).
export const CODE_SERVER_VERSION = '4.100.3';
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const INSTALL_DIR = path.join(REPO_ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
const PKG_DIR = path.join(INSTALL_DIR, 'node_modules', 'code-server');
const VSCODE_DIR = path.join(PKG_DIR, 'lib', 'vscode');
const ENTRY = path.join(PKG_DIR, 'out', 'node', 'entry.js');
// Written last, so a half-finished install (Ctrl+C, full disk) is redone instead of trusted; it names
// the Node ABI because the native modules only load in the Node they were compiled for.
const MARKER = path.join(INSTALL_DIR, '.prodlens-install-complete');
const MARKER_TEXT = `code-server ${CODE_SERVER_VERSION} for node ABI ${process.versions.modules} ${process.platform}-${process.arch}\n`;
const isInstalled = () => { try { return fs.readFileSync(MARKER, 'utf8') === MARKER_TEXT && fs.existsSync(ENTRY); } catch { return false; } };
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
/** @type {Log} */
const defaultLog = (line) => console.log(line);

/** @returns {string | undefined} where `bin` is found on PATH */
const onPath = (/** @type {string} */ bin) => (process.env.PATH ?? '').split(path.delimiter)
  .filter(Boolean).map((dir) => path.join(dir, bin)).find((file) => fs.existsSync(file));

/** @param {string[]} names apt package names: installed when root on Debian/Ubuntu, else named with the command */
function ensureSystemPackages(names) {
  const missing = ensureAptPackages(names);
  if (missing.length > 0) throw new Error(`[code-server] missing system packages: ${missing.join(' ')}. Install them with:\n  ${installCommand(missing)}`);
}

/** @returns {Promise<string>} combined output; rejects with its tail when the command fails */
const run = (/** @type {string} */ cmd, /** @type {string[]} */ args, /** @type {{cwd?: string, env?: NodeJS.ProcessEnv}} */ opts = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; }); child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject).on('close', (code) => code === 0 ? resolve(out) : reject(new Error(
      `[code-server] \`${cmd} ${args.join(' ')}\` failed (exit ${code}) in ${opts.cwd ?? process.cwd()}:\n${out.split('\n').slice(-40).join('\n')}`)));
  });

/**
 * Packages below `root` with a binding.gyp, no compiled addon of their own, and that fail to load
 * (loading is the real test: @parcel/watcher, for one, takes its addon from a platform package).
 */
async function unbuiltNativeModules(/** @type {string} */ root) {
  /** @type {string[]} */ const unbuilt = [];
  const hasAddon = (/** @type {string} */ dir) => fs.existsSync(dir) && fs.readdirSync(dir, { recursive: true })
    .some((f) => String(f).endsWith('.node'));
  const visit = (/** @type {string} */ nm) => {
    if (!fs.existsSync(nm)) return;
    for (const name of fs.readdirSync(nm)) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@')) { visit(path.join(nm, name)); continue; }
      const pkg = path.join(nm, name);
      if (fs.existsSync(path.join(pkg, 'binding.gyp')) && !['build', 'lib/binding',
        `prebuilds/${process.platform}-${process.arch}`].some((d) => hasAddon(path.join(pkg, d)))) unbuilt.push(pkg);
      visit(path.join(pkg, 'node_modules'));
    }
  };
  visit(path.join(root, 'node_modules'));
  if (unbuilt.length === 0) return unbuilt;
  const probe = `const failed = []; for (const p of ${JSON.stringify(unbuilt)}) { try { require(p) } catch { failed.push(p) } }
    console.log(JSON.stringify(failed))`;
  return JSON.parse((await run(process.execPath, ['-e', probe], { cwd: root })).trim().split('\n').pop() ?? '[]');
}

/**
 * `npm rebuild`, then proof that every native addon got compiled. Newer npm 11 releases gate
 * dependency install scripts behind an `allowScripts` policy; if that skipped a build, retry
 * with the escape hatch for this known dependency tree.
 */
async function rebuildNative(/** @type {string} */ cwd, /** @type {string[]} */ args, /** @type {Log} */ log) {
  const env = { ...process.env, npm_config_yes: 'true' }; // node-pty's build runs `npx node-gyp`
  const out = await run('npm', ['rebuild', ...args], { cwd, env });
  const policyNote = out.match(/.*(install-scripts|allowScripts).*/)?.[0];
  if (policyNote) log(`[code-server] ${policyNote.trim()}`);
  let unbuilt = await unbuiltNativeModules(cwd);
  if (unbuilt.length === 0) return;
  const known = (await run('npm', ['config', 'get', 'dangerously-allow-all-scripts'], { cwd })).trim();
  if (known === 'true' || known === 'false') {
    log(`[code-server] ${unbuilt.length} native module(s) not built; retrying with --dangerously-allow-all-scripts`);
    await run('npm', ['rebuild', '--dangerously-allow-all-scripts', ...args], { cwd, env });
    unbuilt = await unbuiltNativeModules(cwd);
  }
  if (unbuilt.length > 0) throw new Error(`[code-server] native modules were not built:\n  ${unbuilt.join('\n  ')}`);
}

const isAlive = (/** @type {number} */ pid) => { try { return process.kill(pid, 0); } catch (e) { return /** @type {NodeJS.ErrnoException} */ (e).code === 'EPERM'; } };

/** Lets two test runs started at once share one install instead of clobbering each other. */
async function withInstallLock(/** @type {() => Promise<void>} */ fn) {
  const lock = `${INSTALL_DIR}.lock`;
  await fsp.mkdir(path.dirname(lock), { recursive: true });
  for (;;) {
    try { await fsp.writeFile(lock, String(process.pid), { flag: 'wx' }); break; } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
      const owner = Number(await fsp.readFile(lock, 'utf8').catch(() => ''));
      const age = Date.now() - ((await fsp.stat(lock).catch(() => null))?.mtimeMs ?? 0);
      // An owner that died mid-install leaves its lock behind; an empty file is one being written.
      if (owner > 0 ? !isAlive(owner) : age > 10_000) { await fsp.rm(lock, { force: true }); continue; }
      await delay(500); // another process's install: there is no cross-process event to wait on
    }
  }
  try { await fn(); } finally { await fsp.rm(lock, { force: true }); }
}

/** @param {{ log?: Log }} [options] @returns {Promise<{ entry: string }>} */
export async function ensureCodeServer({ log = defaultLog } = {}) {
  if (isInstalled()) return { entry: ENTRY };
  ensureSystemPackages(['ripgrep', 'libkrb5-dev', 'python3', 'make', 'g++']);
  await withInstallLock(async () => {
    if (isInstalled()) return; // another process finished it while we waited
    const started = Date.now();
    const step = (/** @type {string} */ what) => log(`[code-server] ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    await fsp.rm(INSTALL_DIR, { recursive: true, force: true });
    await fsp.mkdir(INSTALL_DIR, { recursive: true });
    // Its own package.json makes this folder npm's project root, away from the repo's package.json.
    await fsp.writeFile(path.join(INSTALL_DIR, 'package.json'),
      JSON.stringify({ name: 'prodlens-code-server', private: true, version: '0.0.0' }, null, 2));
    step(`installing code-server@${CODE_SERVER_VERSION} into ${INSTALL_DIR}`);
    // Its postinstall refuses to run as root, so its steps are done one by one below.
    await run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--save-exact', '--no-audit', '--no-fund'], { cwd: INSTALL_DIR });
    step('building argon2 from source (its prebuilt download is unreachable)');
    await rebuildNative(INSTALL_DIR, ['argon2'], log);
    step('installing VS Code server dependencies');
    await run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: VSCODE_DIR });
    // @vscode/ripgrep's postinstall downloads rg from GitHub unless bin/ already exists.
    const rgBin = path.join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
    await fsp.mkdir(rgBin, { recursive: true });
    await fsp.symlink(onPath('rg') ?? '/usr/bin/rg', path.join(rgBin, 'rg'));
    step('building VS Code server native modules');
    await rebuildNative(VSCODE_DIR, [], log);
    // The links code-server's own postinstall would have made.
    for (const [target, link] of [['node_modules', 'node_modules.asar'],
      ['code-linux.sh', 'bin/remote-cli/code-server'], ['browser-linux.sh', 'bin/helpers/browser.sh']]) {
      await fsp.rm(path.join(VSCODE_DIR, link), { recursive: true, force: true });
      await fsp.symlink(target, path.join(VSCODE_DIR, link));
    }
    step('installing built-in extension dependencies');
    await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund'], { cwd: path.join(VSCODE_DIR, 'extensions') });
    await fsp.writeFile(MARKER, MARKER_TEXT);
    step('code-server installed');
  });
  return { entry: ENTRY };
}

/** @returns {Promise<string>} path of the Chromium binary */
export async function ensureChromium() {
  ensureSystemPackages(['chromium']);
  return CHROMIUM;
}

/** HOME/XDG under `root`, so neither code-server nor Chromium writes into the real home. */
function scratchEnv(/** @type {string} */ root) {
  /** @type {Record<string, string>} */
  const env = { HOME: 'home', XDG_CONFIG_HOME: 'home/.config', XDG_DATA_HOME: 'home/.local/share', XDG_CACHE_HOME: 'home/.cache' };
  for (const [key, sub] of Object.entries(env)) fs.mkdirSync(env[key] = path.join(root, sub), { recursive: true });
  return env;
}

/** The environment code-server and everything it starts (the extension host) will see. */
function serverEnv(/** @type {string} */ scratch, /** @type {NodeJS.ProcessEnv} */ extra) {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, ...scratchEnv(scratch), EXTENSIONS_GALLERY: '{}', ...extra };
  // Inherited from a VS Code or code-server terminal, these make code-server hand its arguments to
  // that instance or act as its child instead of starting a server of its own.
  for (const key of ['VSCODE_IPC_HOOK_CLI', 'VSCODE_PROXY_URI', 'ELECTRON_RUN_AS_NODE', 'CODE_SERVER_PARENT_PID',
    'CODE_SERVER_SESSION_SOCKET', 'CODE_SERVER_CONFIG']) delete env[key];
  return env;
}

const freePort = () => new Promise((resolve, reject) => {
  const server = net.createServer().on('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = /** @type {net.AddressInfo} */ (server.address());
    server.close(() => resolve(port));
  });
});

const healthz = (/** @type {number} */ port) => new Promise((resolve) => {
  const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => { res.resume(); resolve(res.statusCode === 200); });
  req.on('error', () => resolve(false)).on('timeout', () => { req.destroy(); resolve(false); });
});

/** Live (non-zombie) members of a process group; zombies wait for a reaper we do not control. */
function groupAlive(/** @type {number} */ pgid) {
  if (process.platform !== 'linux') { try { process.kill(-pgid, 0); return true; } catch { return false; } }
  return fs.readdirSync('/proc').some((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === pgid && state !== 'Z' && state !== 'X';
    } catch { return false; }
  });
}

// Live servers and browsers, stopped on Ctrl+C/SIGTERM/SIGHUP: both run in process groups of their
// own, so a terminal's signal never reaches them, and Playwright's own handler would exit the process
// before code-server is stopped.
/** @type {Set<() => Promise<void>>} */
const live = new Set();
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
async function onSignal(/** @type {keyof typeof SIGNAL_EXIT} */ signal) {
  await stopAll();
  // A caller with a handler of its own decides how to exit; without one, exit like the signal would.
  if (process.listenerCount(signal) === 0) process.exit(SIGNAL_EXIT[signal]);
}
/** Stops every server and browser this process still has running; for callers' own exit paths. */
export const stopAll = async () => { await Promise.allSettled([...live].map((cleanup) => cleanup())); };
/** Registers `cleanup` until it has run; returns it wrapped to run at most once. */
function track(/** @type {() => Promise<void>} */ cleanup) {
  /** @type {Promise<void> | undefined} */ let once;
  const run = () => (once ??= cleanup().finally(() => {
    live.delete(run);
    if (live.size === 0) for (const sig of Object.keys(SIGNAL_EXIT)) process.off(sig, onSignal);
  }));
  if (live.size === 0) for (const sig of Object.keys(SIGNAL_EXIT)) process.on(sig, onSignal);
  live.add(run);
  return run;
}

/** Signals a whole process group and waits until no live member is left. */
async function killGroup(/** @type {number} */ pgid) {
  for (const [signal, graceMs] of /** @type {const} */ ([['SIGTERM', 5000], ['SIGKILL', 5000]])) {
    try { process.kill(-pgid, signal); } catch { return; }
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) { if (!groupAlive(pgid)) return; await delay(50); }
  }
  if (groupAlive(pgid)) throw new Error(`[code-server] process group ${pgid} survived SIGKILL`);
}

/**
 * @param {{ workspace?: string, userDataDir?: string, extensionsDir?: string, env?: NodeJS.ProcessEnv,
 *   settings?: Record<string, unknown>, log?: Log, timeoutMs?: number, trusted?: boolean }} [options]
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void>, exited: Promise<number>,
 *   userDataDir: string, extensionsDir: string }>} `exited` settles if code-server dies on its own.
 */
export async function startCodeServer({ workspace, userDataDir, extensionsDir, env = {}, settings = {}, log = defaultLog, timeoutMs = 60_000, trusted = true } = {}) {
  const { entry } = await ensureCodeServer({ log });
  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'prodlens-code-server-'));
  const dataDir = userDataDir ?? path.join(scratch, 'user-data');
  const extDir = extensionsDir ?? path.join(scratch, 'extensions');
  await fsp.mkdir(path.join(dataDir, 'User'), { recursive: true });
  await fsp.mkdir(extDir, { recursive: true });
  await fsp.writeFile(path.join(dataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
    'terminal.integrated.gpuAcceleration': 'off', 'workbench.tips.enabled': false,
    // Untrusted runs open the folder in restricted mode without asking (the prompt would block the tests).
    ...(trusted ? {} : { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open' }),
    ...settings,
  }, null, 2));
  const childEnv = serverEnv(scratch, env);
  const started = Date.now();
  let lastError;
  let stopped = false;
  let killServer = async () => {};
  // Tracked from the start, so that Ctrl+C during start-up cleans up as well.
  const stop = track(async () => { stopped = true; await killServer(); await fsp.rm(scratch, { recursive: true, force: true }); });
  for (let attempt = 1; attempt <= 3 && !stopped; attempt++) { // another process may grab the free port first
    const port = await freePort();
    // --host/--port as well: they beat $PORT and $CODE_SERVER_HOST, which silently override --bind-addr.
    // A session socket per server: the default one in the user data dir is shared by runs that share it.
    const args = [entry, '--config', '/dev/null', '--bind-addr', `127.0.0.1:${port}`, '--host', '127.0.0.1',
      '--port', String(port), '--session-socket', path.join(scratch, `ipc-${attempt}.sock`), '--auth', 'none',
      '--user-data-dir', dataDir, '--extensions-dir', extDir, '--disable-telemetry', '--disable-update-check',
      ...(trusted ? ['--disable-workspace-trust'] : []), '--disable-getting-started-override', ...(workspace ? [workspace] : [])];
    // Own process group: the file watcher and pty host outlive code-server unless the group is killed.
    const child = spawn(process.execPath, args, { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (/** @type {Buffer} */ d) => {
      output = (output + d).slice(-20_000);
      if (process.env.PRODLENS_DEBUG) for (const l of String(d).trimEnd().split('\n')) log(`[code-server] ${l}`);
    };
    child.stdout.on('data', collect); child.stderr.on('data', collect);
    /** @type {number | null} */ let exitCode = null;
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => { exitCode = code ?? 128; resolve(signal); }));
    const pgid = /** @type {number} */ (child.pid);
    // Last resort for callers that exit without stop(): 'exit' handlers can only do synchronous work.
    const killOnExit = () => { try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ } };
    process.on('exit', killOnExit);
    killServer = async () => { await killGroup(pgid); process.off('exit', killOnExit); };
    const deadline = started + timeoutMs;
    while (exitCode === null && Date.now() < deadline && !(await healthz(port))) await Promise.race([exited, delay(100)]);
    if (exitCode === null && Date.now() < deadline) {
      const url = `http://127.0.0.1:${port}`;
      log(`[code-server] ready at ${url} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return { url, port, stop, exited: exited.then(() => /** @type {number} */ (exitCode)), userDataDir: dataDir, extensionsDir: extDir };
    }
    await killServer();
    lastError = new Error(`[code-server] ${exitCode === null ? `not ready within ${timeoutMs} ms` : `exited with ${exitCode}`}:\n${output.split('\n').slice(-30).join('\n')}`);
    if (exitCode === null || !/EADDRINUSE/.test(output)) break;
  }
  await stop();
  throw lastError ?? new Error('[code-server] stopped during start-up');
}

/** @param {{ vsix: string, userDataDir: string, extensionsDir: string, log?: Log }} options @returns {Promise<string>} */
export async function installExtension({ vsix, userDataDir, extensionsDir, log = defaultLog }) {
  const { entry } = await ensureCodeServer({ log });
  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'prodlens-code-server-'));
  try {
    // --force: reinstalling a rebuilt .vsix of the same version must replace the old files.
    const out = await run(process.execPath, [entry, '--config', '/dev/null', '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir, '--install-extension', path.resolve(vsix), '--force'], { env: serverEnv(scratch, {}) });
    log(`[code-server] ${out.trim().split('\n').pop()}`);
    return out;
  } finally { await fsp.rm(scratch, { recursive: true, force: true }); }
}

/**
 * @param {{ url: string, folder?: string, payload?: [string, string][], log?: Log,
 *   onExit?: (code: number) => void, viewport?: { width: number, height: number } }} options
 *   `log(text, level)` receives the extension host's console (level log/info/warn/error) when a payload runs tests.
 */
export async function openWorkbench({ url, folder, payload, log = defaultLog, onExit, viewport = { width: 1400, height: 900 } }) {
  const { chromium } = await import('playwright-core');
  const executablePath = await ensureChromium();
  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), 'prodlens-chromium-'));
  /** @type {Promise<import('playwright-core').Browser> | undefined} */ let launching;
  const close = track(async () => {
    // A close during launch waits for it: Chromium would otherwise start after the clean-up.
    await (await launching?.catch(() => undefined))?.close().catch(() => {});
    await fsp.rm(scratch, { recursive: true, force: true });
  });
  try {
    const browser = await (launching = chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, env: { ...process.env, ...scratchEnv(scratch) },
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false })); // see `live`
    const context = await browser.newContext({ viewport });
    // Without the grant, clipboard reads in the UI hang behind a browser permission notice.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    const page = await context.newPage();
    if (payload) {
      // VS Code looks these up once at start-up, so they must exist before the first navigation.
      await page.exposeFunction('codeAutomationLog', (/** @type {string} */ type, /** @type {unknown[]} */ args) => log(formatConsole(args), type));
      await page.exposeFunction('codeAutomationExit', (/** @type {number} */ code) => onExit?.(code));
    }
    const target = new URL(url);
    if (folder) target.searchParams.set(folder.endsWith('.code-workspace') ? 'workspace' : 'folder', folder);
    if (payload) target.searchParams.set('payload', JSON.stringify(payload));
    await page.goto(target.href, { waitUntil: 'domcontentloaded' });
    return { browser, page, close };
  } catch (err) { await close(); throw err; }
}

/** Console arguments as text, without the `%c` CSS styling VS Code adds for the dev tools. */
function formatConsole(/** @type {unknown[]} */ args) {
  if (!Array.isArray(args)) return String(args);
  const [first, ...rest] = args;
  if (typeof first !== 'string' || !first.includes('%c')) return format(...args);
  const styles = (first.match(/%c/g) ?? []).length;
  return format(first.replaceAll('%c', ''), ...rest.slice(styles));
}
