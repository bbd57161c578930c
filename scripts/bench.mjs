#!/usr/bin/env node
// `npm run bench`: performance figures measured for real, printed as a table with the machine they ran on.
// Targets come from the issues; a figure over its target is marked OVER, but the bench never fails the build
// for it (tests do not time things). It does fail when a measurement cannot be made.
// What each figure measures and how: docs/BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT, ensureAptPackages, ensureNpmDependencies, log } from './lib/prereqs.mjs';

const rows = [];
const notes = [];
const failures = [];

function format(value, unit) {
  const decimals = unit === 'ms' ? 2 : 1;
  return `${value.toFixed(decimals)} ${unit}`;
}

function report(name, value, unit, target) {
  const over = target !== undefined && value > target;
  rows.push({ name, value: format(value, unit), target: target === undefined ? '' : `< ${target} ${unit}`, verdict: target === undefined ? '' : over ? 'OVER' : 'ok' });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r;
}

function cpuModel() {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

function machine() {
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return `${cpuModel()}, ${os.availableParallelism()} CPUs (nproc), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, node ${process.version}, ${process.platform}-${process.arch}; load average ${load}`;
}

/** Rows and notes of a plain-Node bench module (out/test/bench/<name>.js), run in its own process. */
function benchModule(name, label, env = {}) {
  const dir = mkdtempSync(join(os.tmpdir(), 'prodlens-bench-'));
  const out = join(dir, 'result.json');
  try {
    log(`${label}…`);
    const r = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'out', 'test', 'bench', `${name}.js`), out], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
    if (r.status !== 0) throw new Error(`exited ${r.status ?? r.signal}:\n${r.stderr}`);
    addOutput(JSON.parse(readFileSync(out, 'utf8')));
  } catch (err) {
    failures.push(`${label}: ${err instanceof Error ? err.message : err}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function addOutput(output) {
  for (const row of output.rows) report(row.name, row.value, row.unit, row.target);
  notes.push(...output.notes);
}

async function benchActivation() {
  const { runExtensionTests } = await import('./lib/run-extension-tests.mjs');
  const samples = [];
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(os.tmpdir(), 'prodlens-bench-'));
    const out = join(dir, 'result.json');
    try {
      const workspace = join(ROOT, 'test', 'fixtures', 'workspaces', 'empty');
      const code = await runExtensionTests({
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: join(ROOT, 'out', 'test', 'bench', 'activation.js'),
        workspace,
        env: { PRODLENS_BENCH_RESULTS: out },
      });
      if (code !== 0) throw new Error(`activation bench run exited ${code}`);
      samples.push(JSON.parse(readFileSync(out, 'utf8')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  report('activation: loading dist/extension.js (median of 3)', median(samples.map((s) => s.moduleLoadMs)), 'ms');
  report('activation: activate() itself (median of 3)', median(samples.map((s) => s.activateBodyMs)), 'ms', 20);
  report('activation: extensions.activate() after load, host included', median(samples.map((s) => s.totalMs)), 'ms');
}

/** Decorations, editor switching and memory under load, inside the real extension host. */
async function benchEditorHost() {
  const { runExtensionTests } = await import('./lib/run-extension-tests.mjs');
  const { writeEditorWorkspace } = createRequire(import.meta.url)(join(ROOT, 'out', 'test', 'bench', 'editorData.js'));
  const dir = mkdtempSync(join(os.tmpdir(), 'prodlens-bench-editor-'));
  const workspace = join(dir, 'checkout-api');
  const out = join(dir, 'result.json');
  try {
    log('editor: decorations and memory in the extension host…');
    writeEditorWorkspace(workspace);
    const code = await runExtensionTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'test', 'bench', 'editor.js'),
      workspace,
      env: { PRODLENS_BENCH_RESULTS: out },
    });
    if (code !== 0) throw new Error(`the editor bench run exited ${code}`);
    addOutput(JSON.parse(readFileSync(out, 'utf8')));
  } catch (err) {
    failures.push(`editor (host): ${err instanceof Error ? err.message : err}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchCli() {
  const times = [];
  for (let i = 0; i < 10; i++) {
    const started = process.hrtime.bigint();
    run(process.execPath, ['dist/cli.js', 'status', '--json', '--cwd', 'test/fixtures/workspaces/monorepo']);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  report('CLI cold start: prodlens status --json (median of 10)', median(times), 'ms');
}

async function main() {
  const started = Date.now();
  const machineAtStart = machine();
  ensureNpmDependencies();
  log('building tests, then the production bundle…');
  run(process.execPath, ['esbuild.js', '--tests']);
  run(process.execPath, ['esbuild.js', '--production']);
  report('dist/extension.js (production)', statSync(join(ROOT, 'dist', 'extension.js')).size / 1024, 'KB', 400);
  report('dist/cli.js (production)', statSync(join(ROOT, 'dist', 'cli.js')).size / 1024, 'KB');
  benchCli();
  const hostReady = ensureAptPackages(['chromium', 'ripgrep', 'libkrb5-dev']).length === 0;
  if (hostReady) await benchActivation();
  else log('Chromium is missing: activation was not measured.');
  benchModule('mapping', 'mapping: index, frames, locate');
  benchModule('locator', 'locate: the trace locator of prodlens locate');
  // The two halves of the refresh module in two processes, like every other part: the load's figures must
  // not depend on what the 500-route half left in the heap.
  benchModule('refresh', 'refresh: 500 routes/200 groups/100 alerts', { PRODLENS_BENCH_ONLY: 'refresh' });
  benchModule('refresh', 'refresh: the 10k-group load', { PRODLENS_BENCH_ONLY: 'load' });
  // Installed when missing and possible, as `npm test` does; without them the module fails and the part is
  // listed under NOT MEASURED.
  ensureAptPackages(['prometheus', 'prometheus-alertmanager']);
  benchModule('refreshReal', 'refresh: 500/200/100 against real Prometheus and Alertmanager');
  benchModule('mcp', 'prodlens mcp: start to initialize, warm tool call (demo production)');
  benchModule('decorations', 'decorations: hotLinesOf');
  benchModule('gitLines', 'git lines: deployed version to working copy, 10k commits');
  if (hostReady) await benchEditorHost();
  else failures.push('editor (host): Chromium is missing, so the extension host could not run');

  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`\nProdLens benchmarks, ${new Date().toISOString()}`);
  console.log(`machine at start: ${machineAtStart}`);
  console.log(`machine at end:   ${machine()}`);
  console.log(`whole bench: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.value.padStart(11)}  ${r.target.padEnd(10)} ${r.verdict}`);
  if (notes.length > 0) console.log(`\n${notes.map((n) => `- ${n}`).join('\n')}`);
  if (failures.length > 0) {
    console.error(`\nNOT MEASURED:\n${failures.map((f) => `- ${f}`).join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
