// Starts the real Prometheus and Alertmanager binaries for integration tests: loopback ports, throwaway data
// dirs, readiness from `GET /-/ready` (never a fixed sleep), and processes that die with the test run even
// when a test or a hook fails.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export type BinaryName = 'prometheus' | 'promtool' | 'alertmanager';

export const INSTALL_COMMAND = 'apt-get install -y prometheus prometheus-alertmanager';

// Debian names Alertmanager `prometheus-alertmanager`; upstream tarballs call it `alertmanager`.
const CANDIDATES: Record<BinaryName, string[]> = {
  prometheus: ['prometheus'],
  promtool: ['promtool'],
  alertmanager: ['prometheus-alertmanager', 'alertmanager'],
};

const READY_DEADLINE_MS = 20_000;
const MAX_PORT_RETRIES = 2;

export function findBinary(name: BinaryName): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const candidate of CANDIDATES[name]) {
      const full = path.join(dir, candidate);
      try {
        fs.accessSync(full, fs.constants.X_OK);
        return full;
      } catch {
        // not in this directory
      }
    }
  }
  return undefined;
}

/**
 * Call from a `before` hook (with `function () {}` so `this` is mocha's context). Missing binaries fail the
 * run on CI and skip the suite locally, loudly, so nobody mistakes a skipped suite for a passing one.
 */
export function requireBinaries(ctx: Mocha.Context, names: readonly BinaryName[]): void {
  const missing = names.filter((n) => !findBinary(n));
  if (missing.length === 0) return;
  const message = `missing ${missing.join(', ')}: install with \`${INSTALL_COMMAND}\``;
  if (process.env.CI === 'true') throw new Error(`Integration tests need real backends, ${message}`);
  console.warn(`\n*** SKIPPING integration suite "${ctx.test?.parent?.title ?? ''}": ${message} ***\n`);
  ctx.skip();
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

// Last resort: whatever a crashed test left running is killed and cleaned up when the process exits.
const live = new Map<ChildProcess, string>();
function killAll(): void {
  for (const [child, dir] of live) {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  live.clear();
}
process.on('exit', killAll);
// A CI runner that times out sends SIGTERM, which ends Node without 'exit': clean up, then die of the signal.
for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function run(file: string, args: string[], timeout = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(file)} ${args[0] ?? ''} failed: ${stderr.slice(-2000) || err.message}`));
      else resolve();
    });
  });
}

function isReady(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/-/ready', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/** Polls readiness until 200, failing fast (with the server's own words) if the process dies first. */
async function waitReady(child: ChildProcess, port: number, stderrTail: () => string): Promise<void> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited || child.exitCode !== null) throw new ExitedEarly(stderrTail());
    if (await isReady(port)) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`not ready within ${READY_DEADLINE_MS} ms: ${stderrTail()}`);
}

class ExitedEarly extends Error {
  get portClash(): boolean {
    return /address already in use/i.test(this.message);
  }
}

/** Stops the process; removes `dir` too unless it is kept for another start attempt. */
function stopChild(child: ChildProcess, dir: string | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      live.delete(child);
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      resolve();
    };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Spawns `binary` with the port from `args(port)`, retrying on a port clash, and waits for readiness. A
 * `fixedPort` (restarting a server where clients already point) is never swapped for another one.
 */
async function launch(binary: BinaryName, dir: string, args: (port: number) => string[], fixedPort?: number): Promise<RunningServer> {
  const file = findBinary(binary);
  if (!file) throw new Error(`${binary} not found: ${INSTALL_COMMAND}`);
  for (let attempt = 0; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    const child = spawn(file, args(port), { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    live.set(child, dir);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    try {
      await waitReady(child, port, () => stderr);
    } catch (err) {
      const retry = fixedPort === undefined && err instanceof ExitedEarly && err.portClash && attempt < MAX_PORT_RETRIES;
      await stopChild(child, retry ? undefined : dir);
      if (retry) continue;
      throw new Error(`${binary} did not start: ${(err as Error).message}`);
    }
    let stopped: Promise<void> | undefined;
    return { url: `http://127.0.0.1:${port}`, port, stop: () => (stopped ??= stopChild(child, dir)) };
  }
}

export interface PrometheusOptions {
  /** OpenMetrics text (ending in `# EOF`) backfilled with promtool before start. */
  openMetrics?: string;
  /** The same in a file, for histories too large to hold as one string (the refresh bench's 250 MB). */
  openMetricsFile?: string;
  /** Rule file content (YAML). */
  rules?: string;
  alertmanagerUrl?: string;
  /** `host:port` targets scraped by one job named `targets`. */
  scrapeTargets?: string[];
  /** Default 1 s, for scraping and rule evaluation. */
  intervalSeconds?: number;
  /** Listen on this port (e.g. to restart a stopped server where clients point); default a free one. */
  port?: number;
}

export async function startPrometheus(options: PrometheusOptions = {}): Promise<RunningServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-prometheus-'));
  const dataDir = path.join(dir, 'data');
  const interval = `${options.intervalSeconds ?? 1}s`;
  // JSON is valid YAML, so the config needs no YAML library.
  const config: Record<string, unknown> = {
    global: { scrape_interval: interval, evaluation_interval: interval },
    scrape_configs: options.scrapeTargets?.length ? [{ job_name: 'targets', static_configs: [{ targets: options.scrapeTargets }] }] : [],
  };
  if (options.rules) {
    fs.writeFileSync(path.join(dir, 'rules.yml'), options.rules);
    config.rule_files = [path.join(dir, 'rules.yml')];
  }
  if (options.alertmanagerUrl) {
    const am = new URL(options.alertmanagerUrl);
    config.alerting = { alertmanagers: [{ scheme: am.protocol.slice(0, -1), static_configs: [{ targets: [am.host] }] }] };
  }
  fs.writeFileSync(path.join(dir, 'prom.yml'), JSON.stringify(config, null, 2));
  try {
    let history = options.openMetricsFile;
    if (options.openMetrics) {
      history = path.join(dir, 'history.om');
      fs.writeFileSync(history, options.openMetrics);
    }
    // A large history takes promtool several seconds, more on a busy machine.
    if (history) await run(findBinary('promtool') ?? 'promtool', ['tsdb', 'create-blocks-from', 'openmetrics', history, dataDir], 180_000);
    return await launch('prometheus', dir, (port) => [
      `--config.file=${path.join(dir, 'prom.yml')}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
      '--web.enable-admin-api',
      '--web.enable-lifecycle',
    ], options.port);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

const DEFAULT_ALERTMANAGER_CONFIG = JSON.stringify({
  route: { receiver: 'null', group_wait: '1s', group_interval: '1s' },
  receivers: [{ name: 'null' }],
});

export async function startAlertmanager(options: { config?: string } = {}): Promise<RunningServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-alertmanager-'));
  fs.writeFileSync(path.join(dir, 'am.yml'), options.config ?? DEFAULT_ALERTMANAGER_CONFIG);
  try {
    return await launch('alertmanager', dir, (port) => [
      `--config.file=${path.join(dir, 'am.yml')}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Empty: no gossip listener on 0.0.0.0:9094.
      '--cluster.listen-address=',
    ]);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Raw JSON POST, independent of the client under test (used to inject alerts). */
export function postJson(url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(data);
  });
}
