// Starts the real Prometheus and Alertmanager binaries for the demo on fixed loopback ports, waits for
// their readiness endpoints, and stops them (and removes their data) on every exit path.
import { execFile, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

export function findBinary(names: string[]): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of names) {
      const full = path.join(dir, name);
      try {
        fs.accessSync(full, fs.constants.X_OK);
        return full;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export function run(binary: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) => (err ? reject(new Error(`${path.basename(binary)} failed: ${stderr || err.message}`)) : resolve()));
  });
}

function ready(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

export interface ManagedProcess {
  stop(): Promise<void>;
}

/** Spawns `binary` and resolves once `readyUrl` answers 200; rejects with its output if it exits first. */
export async function startProcess(binary: string, args: string[], readyUrl: string, timeoutMs = 30_000): Promise<ManagedProcess> {
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (d: Buffer) => (output = (output + d.toString()).slice(-8000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  // Readiness is the signal; the short pause between polls only spaces out the probes.
  while (!exited && Date.now() < deadline) {
    if (await ready(readyUrl)) return { stop };
    await Promise.race([exit, new Promise((r) => setTimeout(r, 100))]);
  }
  await stop();
  throw new Error(`${path.basename(binary)} did not become ready at ${readyUrl}:\n${output.split('\n').slice(-15).join('\n')}`);
}
