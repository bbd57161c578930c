#!/usr/bin/env node
// `npm run screenshots`: runs the UI stage (the packaged extension in a real workbench), then copies the
// screenshots it took from test-results/screenshots/ to docs/screenshots/ for the README. The tests never
// write into docs/ themselves, so an ordinary `npm test` leaves the tracked images alone.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, log } from './lib/prereqs.mjs';

const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'test.mjs'), 'ui'], { cwd: ROOT, stdio: 'inherit' });
if (run.status !== 0) {
  log('the UI stage failed: docs/screenshots/ left as it was');
  process.exit(run.status ?? 1);
}
const from = join(ROOT, 'test-results', 'screenshots');
const to = join(ROOT, 'docs', 'screenshots');
const shots = existsSync(from) ? readdirSync(from).filter((f) => f.endsWith('.png')) : [];
if (shots.length === 0) {
  log('the UI stage took no screenshot: docs/screenshots/ left as it was');
  process.exit(1);
}
mkdirSync(to, { recursive: true });
for (const shot of shots) copyFileSync(join(from, shot), join(to, shot));
log(`copied ${shots.length} screenshots to docs/screenshots/: ${shots.join(', ')}`);
