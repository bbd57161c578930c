// The unit (and integration, ui) runner fails on an unhandled promise rejection. Mocha 11 alone does not:
// it re-emits the rejection on `process`, where nothing listens, and the run passes. This runs a copy of the
// real runner (scripts/lib/mocha-stage.mjs) on a tiny suite that leaks one, and on one that does not.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** A throwaway checkout layout: the runner, this checkout's node_modules, and one compiled test file. */
function runStage(testSource: string): { status: number | null; result: { passed: number; failed: number } | undefined; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-runner-'));
  try {
    fs.mkdirSync(path.join(dir, 'scripts', 'lib'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'scripts', 'lib', 'mocha-stage.mjs'), path.join(dir, 'scripts', 'lib', 'mocha-stage.mjs'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    fs.mkdirSync(path.join(dir, 'out', 'test', 'probe'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'out', 'test', 'probe', 'probe.test.js'), testSource);
    const run = spawnSync(process.execPath, [path.join(dir, 'scripts', 'lib', 'mocha-stage.mjs'), 'probe'], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
    const resultFile = path.join(dir, 'test-results', 'probe.json');
    const result = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as { passed: number; failed: number }) : undefined;
    return { status: run.status, result, output: `${run.stdout}\n${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('hardening: the test runner fails on an unhandled promise rejection', function () {
  this.timeout(60_000);

  it('a test that leaks a rejected promise fails the run, naming the rejection', () => {
    const run = runStage(`describe('probe', () => {
  it('leaks a rejection', () => { void Promise.reject(new Error('leaked on purpose')); });
  it('runs on', () => {});
});\n`);
    assert.notEqual(run.status, 0, run.output);
    assert.ok(run.result && run.result.failed >= 1, run.output);
    assert.match(run.output, /leaked on purpose/);
  });

  it('a rejection leaked after the last test still fails the run (the process exits non-zero)', () => {
    const run = runStage(`describe('probe', () => {
  after(() => { setTimeout(() => void Promise.reject(new Error('leaked after the run')), 20); });
  it('passes', () => {});
});\n`);
    assert.notEqual(run.status, 0, run.output);
    assert.match(run.output, /leaked after the run/);
  });

  it('a suite that listens for rejections itself owns them while it listens', () => {
    const run = runStage(`describe('probe', () => {
  const seen = [];
  const own = (reason) => seen.push(reason);
  before(() => process.on('unhandledRejection', own));
  after(() => process.off('unhandledRejection', own));
  it('checks its own guard', async () => {
    void Promise.reject(new Error('seen by the suite'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (seen.length === 0) throw new Error('the suite did not see its rejection');
  });
});\n`);
    assert.equal(run.status, 0, run.output);
    assert.deepEqual({ passed: run.result?.passed, failed: run.result?.failed }, { passed: 1, failed: 0 });
  });

  it('the same suite without the leak passes (the failure above is the rejection, not the setup)', () => {
    const run = runStage(`describe('probe', () => {
  it('handles its rejection', async () => { await Promise.reject(new Error('handled')).catch(() => undefined); });
  it('runs on', () => {});
});\n`);
    assert.equal(run.status, 0, run.output);
    assert.deepEqual({ passed: run.result?.passed, failed: run.result?.failed }, { passed: 2, failed: 0 });
  });
});
