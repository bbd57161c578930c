#!/usr/bin/env node
// `npm run demo`: opens VS Code with ProdLens on the bundled demo workspace. Desktop `code` when it is on
// PATH; otherwise code-server on 127.0.0.1 with the URL printed. Ctrl+C shuts everything down.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureNpmDependencies, log } from './lib/prereqs.mjs';

const DEMO = join(ROOT, 'demo');

function onPath(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
}

function npm(args) {
  const r = spawnSync('npm', args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed`);
}

async function main() {
  ensureNpmDependencies();
  log('packaging the extension…');
  npm(['run', '--silent', 'package']);

  if (onPath('code') && !process.env.PRODLENS_DEMO_CODE_SERVER) {
    log('opening desktop VS Code on demo/ with ProdLens loaded from this folder');
    spawn('code', ['--new-window', `--extensionDevelopmentPath=${ROOT}`, DEMO], { stdio: 'inherit', detached: true }).unref();
    return;
  }

  const { ensureCodeServer, installExtension, startCodeServer } = await import('./lib/code-server.mjs');
  await ensureCodeServer({ log: (line) => log(line) });
  const profile = join(ROOT, '.vscode-test', 'demo-profile');
  const userDataDir = join(profile, 'user-data');
  const extensionsDir = join(profile, 'extensions');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  await installExtension({ vsix: join(ROOT, 'prodlens.vsix'), userDataDir, extensionsDir, log: () => undefined });
  const server = await startCodeServer({
    workspace: DEMO,
    userDataDir,
    extensionsDir,
    log: () => undefined,
  });
  const url = `${server.url}/?folder=${encodeURIComponent(DEMO)}`;
  console.log(`\nProdLens demo is running.\n\n  Open ${url}\n\n  in Chrome, Chromium or Edge on this machine (it must be 127.0.0.1 or localhost for webviews).\n  No backend is connected yet: the sidebar says so and offers to connect one.\n\nPress Ctrl+C to stop.\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await server.exited;
  if (!stopping) {
    log('code-server exited unexpectedly');
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
