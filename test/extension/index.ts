// Entry point loaded by the real VS Code extension host (`extensionTestsPath`). Runs every suite in this
// folder with mocha and reports counts to the runner through the file named by PRODLENS_TEST_RESULTS.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

function listTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return listTests(full);
    return e.name.endsWith('.test.js') ? [full] : [];
  }).sort();
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 30_000, grep: process.env.PRODLENS_TEST_GREP || undefined });
  // Each extension-host run opens one workspace; the suite folder matching it is chosen by the runner.
  const suite = process.env.PRODLENS_EXTENSION_SUITE || 'fixture';
  for (const file of listTests(path.join(__dirname, suite))) mocha.addFile(file);
  const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(runner.stats as Mocha.Stats));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
  const resultsFile = process.env.PRODLENS_TEST_RESULTS;
  if (resultsFile) {
    fs.writeFileSync(resultsFile, JSON.stringify({ stage: 'extension', passed: stats.passes, failed: stats.failures, skipped: stats.pending }));
  }
  if (stats.failures > 0) throw new Error(`${stats.failures} extension test(s) failed.`);
}
