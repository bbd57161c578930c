// Entry point loaded by the real VS Code extension host (`extensionTestsPath`). Runs every suite in the
// folder the runner names, top-level `describe` blocks in a shuffled order, and reports counts to the runner
// through the file named by PRODLENS_TEST_RESULTS. The order comes from PRODLENS_TEST_SEED (random when
// unset) and is printed, so an order that fails can be replayed.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
// The bench's mulberry32: a tiny seeded generator, enough to make the shuffle reproducible.
import { seededRandom } from '../bench/common';

function listTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return listTests(full);
    return e.name.endsWith('.test.js') ? [full] : [];
  }).sort();
}

/** Fisher-Yates, in place. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function testSeed(): number {
  const given = process.env.PRODLENS_TEST_SEED;
  if (given && /^\d+$/.test(given)) return Number(given) >>> 0;
  if (given) throw new Error(`PRODLENS_TEST_SEED must be a non-negative integer, not ${JSON.stringify(given)}`);
  return Math.floor(Math.random() * 4_294_967_296);
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 30_000, grep: process.env.PRODLENS_TEST_GREP || undefined });
  // Each extension-host run opens one workspace; the suite folder matching it is chosen by the runner.
  const suite = process.env.PRODLENS_EXTENSION_SUITE || 'fixture';
  for (const file of listTests(path.join(__dirname, suite))) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const seed = testSeed();
  shuffle(mocha.suite.suites, seededRandom(seed));
  console.log(`extension suites (${suite}) in shuffled order, PRODLENS_TEST_SEED=${seed}:\n${mocha.suite.suites.map((s) => `  ${s.title}`).join('\n')}`);
  const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(runner.stats as Mocha.Stats));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
  const resultsFile = process.env.PRODLENS_TEST_RESULTS;
  if (resultsFile) {
    fs.writeFileSync(resultsFile, JSON.stringify({ stage: 'extension', seed, passed: stats.passes, failed: stats.failures, skipped: stats.pending }));
  }
  if (stats.failures > 0) throw new Error(`${stats.failures} extension test(s) failed (replay this order with PRODLENS_TEST_SEED=${seed}).`);
}
