#!/usr/bin/env node
// `npm run demo`: opens VS Code with ProdLens on the bundled demo workspace. Desktop `code` when it is on
// PATH; otherwise code-server on 127.0.0.1 with the URL printed. Ctrl+C shuts everything down.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { demoTokensEnv, startDemoProduction } from './lib/demo-production.mjs';
import { ROOT, ensureAptPackages, ensureNpmDependencies, installCommand, log } from './lib/prereqs.mjs';

const DEMO = join(ROOT, 'demo');

/**
 * The folder to open: demo/ with a git history (.demo-workspace/, built by the demo production: the failing line
 * moved since the deployed release, and a suspect commit), or demo/ itself when git is not installed.
 */
function demoFolder(production) {
  if (production.historyDir) return production.historyDir;
  log('git is not installed: opening demo/ without its history (lines are shown as production reports them)');
  return DEMO;
}

// `node dist/cli.js`, not `npx prodlens`: npx links a local bin once, when first asked, and a link made before
// the build points at nothing for good (see the README's CLI section).
function cliHint(production, folder) {
  return `\n  The same story in a terminal:\n    PRODLENS_SENTRY_TOKEN=${production.token} PRODLENS_PAGERDUTY_TOKEN=${production.token} node dist/cli.js status --cwd ${relative(ROOT, folder) || '.'}\n`;
}

function onPath(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
}

function npm(args) {
  const r = spawnSync('npm', args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed`);
}

async function main() {
  ensureNpmDependencies();
  const missing = ensureAptPackages(['prometheus', 'prometheus-alertmanager']);
  if (missing.length) throw new Error(`The demo production needs ${missing.join(', ')}: ${installCommand(missing)}`);
  log('packaging the extension…');
  npm(['run', '--silent', 'package']);
  log('starting the demo production (Prometheus, Alertmanager, Sentry and PagerDuty stand-ins)…');
  const production = await startDemoProduction();
  const stopProduction = production.stop;
  const demoTokens = demoTokensEnv(production);
  const folder = demoFolder(production);

  if (onPath('code') && !process.env.PRODLENS_DEMO_CODE_SERVER) {
    log(`opening desktop VS Code on ${relative(ROOT, folder)}/ with ProdLens loaded from this folder`);
    spawn('code', ['--new-window', `--extensionDevelopmentPath=${ROOT}`, folder], { stdio: 'inherit', env: { ...process.env, PRODLENS_DEMO_TOKENS: demoTokens } });
    console.log(`\nThe demo production is running. Press Ctrl+C to stop it.\n${cliHint(production, folder)}`);
    await new Promise((resolve) => process.once('SIGINT', resolve));
    await stopProduction();
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
    workspace: folder,
    userDataDir,
    extensionsDir,
    log: () => undefined,
    env: { PRODLENS_DEMO_TOKENS: demoTokens },
    settings: { 'git.openRepositoryInParentFolders': 'never', 'workbench.colorTheme': 'Default Dark Modern' },
  });
  const url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  console.log(`\nProdLens demo is running.\n\n  Open ${url}\n\n  in Chrome, Chromium or Edge on this machine (it must be 127.0.0.1 or localhost for webviews).\n  Open services/checkout-api/src/routes/orders.ts: production is on fire since the 2.14.0 deploy.\n${cliHint(production, folder)}\nPress Ctrl+C to stop.\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await server.stop();
    await stopProduction();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await server.exited;
  if (!stopping) {
    await stopProduction();
    log('code-server exited unexpectedly');
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
