// Runs one mocha stage (unit, integration, ui) over the transpiled tests in out/test/<stage>/ and writes
// its counts to test-results/<stage>.json for the summary line. Run as its own process per stage.
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const Mocha = require('mocha');

export function listTests(dir) {
  const out = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTests(full));
    else if (name.endsWith('.test.js')) out.push(full);
  }
  return out;
}

const TIMEOUTS = { unit: 10_000, integration: 60_000, ui: 180_000 };

/**
 * Mocha 11 re-emits an unhandled rejection on `process` and, with no listener there, it vanishes: the run
 * passes. Rethrown here it becomes an uncaught exception, which mocha fails the running test with (or,
 * after the run, which ends the process with a non-zero code). A suite that listens for rejections itself
 * (the chaos tests check their own guard) owns them while it listens. Call right after `mocha.run()`.
 */
function failOnUnhandledRejections() {
  const mochas = new Set(process.listeners('unhandledRejection'));
  const fail = (reason) => {
    if (process.listeners('unhandledRejection').some((l) => l !== fail && !mochas.has(l))) return;
    throw reason;
  };
  process.on('unhandledRejection', fail);
}

async function main() {
  const [stage, grep] = process.argv.slice(2);
  const root = resolve(import.meta.dirname, '..', '..');
  const files = listTests(join(root, 'out', 'test', stage));
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: true, timeout: TIMEOUTS[stage] ?? 20_000, grep });
  for (const f of files) mocha.addFile(f);
  const stats = await new Promise((resolveRun) => {
    const runner = mocha.run(() => resolveRun(runner.stats));
    failOnUnhandledRejections();
  });
  const result = { stage, passed: stats.passes, failed: stats.failures, skipped: stats.pending, files: files.length };
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(join(root, 'test-results', `${stage}.json`), JSON.stringify(result));
  process.exitCode = stats.failures > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
