#!/usr/bin/env node
// `npm run bench`: performance figures measured for real, printed as a table. Targets come from the issues;
// a figure over its target is marked, but the bench never fails the build (tests do not time things).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, ensureAptPackages, ensureNpmDependencies, log } from './lib/prereqs.mjs';

const rows = [];
function report(name, value, unit, target) {
  const over = target !== undefined && value > target;
  rows.push({ name, value: `${value.toFixed(unit === 'KB' ? 1 : 2)} ${unit}`, target: target === undefined ? '' : `< ${target} ${unit}`, verdict: target === undefined ? '' : over ? 'OVER' : 'ok' });
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

async function benchActivation() {
  const { runExtensionTests } = await import('./lib/run-extension-tests.mjs');
  const samples = [];
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'prodlens-bench-'));
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
  ensureNpmDependencies();
  log('building tests, then the production bundle…');
  run(process.execPath, ['esbuild.js', '--tests']);
  run(process.execPath, ['esbuild.js', '--production']);
  report('dist/extension.js (production)', statSync(join(ROOT, 'dist', 'extension.js')).size / 1024, 'KB', 400);
  report('dist/cli.js (production)', statSync(join(ROOT, 'dist', 'cli.js')).size / 1024, 'KB');
  benchCli();
  if (ensureAptPackages(['chromium', 'ripgrep', 'libkrb5-dev']).length === 0) await benchActivation();
  else log('Chromium is missing: activation was not measured.');
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`\nProdLens benchmarks (node ${process.version}, ${process.platform}-${process.arch})\n`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.value.padStart(11)}  ${r.target.padEnd(10)} ${r.verdict}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
