// Runs the demo production (dist/demo.js) as a child process, for `npm run demo` and the extension tests.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './prereqs.mjs';

export const DEFAULT_PORTS = { prometheus: 39090, alertmanager: 39093, replay: 39000, metrics: 39100 };

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function freePorts() {
  return { prometheus: await freePort(), alertmanager: await freePort(), replay: await freePort(), metrics: await freePort() };
}

/** Starts dist/demo.js and resolves with `{ child, urls, token, stop() }` once it printed its ready line. */
export function startDemoProduction({ ports, stdio = 'inherit' } = {}) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...(ports ? { PRODLENS_DEMO_PORTS: JSON.stringify(ports) } : {}) };
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'demo.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', stdio] });
    let buffer = '';
    const stop = () => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      return exited;
    };
    child.stdout.on('data', (d) => {
      buffer += d;
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, ...JSON.parse(line), stop });
    });
    child.once('exit', (code) => reject(new Error(`the demo production exited (${code}) before it was ready`)));
  });
}

/**
 * A copy of the demo workspace whose .prodlens.json points at the given ports (for tests that run the demo on
 * free ports): of `source`, the demo production's `historyDir` (demo/ with its git history, so the lines
 * production reports are translated to the working copy), or demo/ itself.
 */
export function demoWorkspaceFor(ports, source = join(ROOT, 'demo')) {
  const dir = mkdtempSync(join(tmpdir(), 'prodlens-demo-ws-'));
  cpSync(source, dir, { recursive: true });
  const configPath = join(dir, '.prodlens.json');
  let config = readFileSync(configPath, 'utf8');
  for (const [name, port] of Object.entries(ports)) config = config.replaceAll(`127.0.0.1:${DEFAULT_PORTS[name]}`, `127.0.0.1:${port}`);
  writeFileSync(configPath, config);
  return dir;
}

/** The tokens `npm run demo` hands to the extension host (loopback origins only are accepted there). */
export function demoTokensEnv(production) {
  return JSON.stringify(['sentry', 'pagerduty'].map((kind) => ({ kind, url: production.urls[kind], token: production.token })));
}
