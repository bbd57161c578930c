// `npm run bench`, version-aware lines (issue 14) in plain Node: translating the 200 hot lines of one file from
// the deployed commit to the working copy, from a cold cache and from the cache, in a repository of 10,000
// commits; the git-side choices measured against their alternatives (one diff against the working tree vs
// two diffs; `git log -L` vs the file's patches intersected in JS).
// Run as `node out/test/bench/gitLines.js [results.json]`. The repository is built once with `git fast-import`
// under os.tmpdir()/prodlens-bench-git-10k-v1 and reused by later runs.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createGitRunner, LineTranslator, resolveRefs, suspectCommits } from '../../src/services/git';
import { checkHunks, mapLinesThrough } from '../../src/core/versions/lineMap';
import { parseUnifiedDiff } from '../../src/core/versions/unifiedDiff';
import { median, nowMs, runMain, seededRandom, timeRuns, timeRunsAsync, type BenchOutput } from './common';

const COMMITS = 10_000;
const DEPLOYED_AT = 9_000;
const HOT_FILE = 'src/orders.ts';
const HOT_LINES = 200;
const OTHER_FILES = 300;
const REPO = path.join(os.tmpdir(), 'prodlens-bench-git-10k-v1');

const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, LC_ALL: 'C' };

function git(args: string[], input?: string): string {
  return execFileSync('git', args, { cwd: REPO, env, input, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
}

function blob(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}`;
}

/**
 * 10,000 commits over 301 files; every 10th commit edits the hot file (a block inserted, a line rewritten,
 * one removed), the rest append to another file. Commit 9,000 is tagged v9000 and is "deployed".
 */
function buildRepository(): void {
  if (fs.existsSync(path.join(REPO, '.git', 'prodlens-bench-complete'))) return;
  fs.rmSync(REPO, { recursive: true, force: true });
  fs.mkdirSync(REPO, { recursive: true });
  git(['init', '-q', '-b', 'main']);
  const random = seededRandom(14);
  const hot = Array.from({ length: 2000 }, (_, i) => `export const line${i} = compute(${i});`);
  const others = Array.from({ length: OTHER_FILES }, () => 0);
  const parts: string[] = [];
  for (let c = 1; c <= COMMITS; c++) {
    const when = 1_700_000_000 + c * 60;
    parts.push('commit refs/heads/main', `mark :${c}`, `author Bench <bench@example.com> ${when} +0000`, `committer Bench <bench@example.com> ${when} +0000`, blob(`change ${c}`));
    if (c === 1) parts.push(`M 100644 inline ${HOT_FILE}`, blob(`${hot.join('\n')}\n`));
    else if (c % 10 === 0) {
      const at = Math.floor(random() * hot.length);
      hot.splice(at, 0, `// block ${c}`, `export const added${c} = ${c};`);
      hot[Math.floor(random() * hot.length)] = `export const rewritten${c} = ${c};`;
      hot.splice(Math.floor(random() * hot.length), 1);
      parts.push(`M 100644 inline ${HOT_FILE}`, blob(`${hot.join('\n')}\n`));
    } else {
      const f = c % OTHER_FILES;
      others[f]++;
      parts.push(`M 100644 inline src/other/file${f}.ts`, blob(Array.from({ length: others[f] }, (_, i) => `export const v${i} = ${i};`).join('\n')));
    }
    if (c === DEPLOYED_AT) parts.push(`reset refs/tags/v${DEPLOYED_AT}`, `from :${c}`);
  }
  git(['fast-import', '--quiet'], `${parts.join('\n')}\n`);
  git(['checkout', '-q', '-f', 'main']);
  fs.writeFileSync(path.join(REPO, '.git', 'prodlens-bench-complete'), '');
}

async function benchGitLines(): Promise<BenchOutput> {
  const buildStarted = nowMs();
  const built = !fs.existsSync(path.join(REPO, '.git', 'prodlens-bench-complete'));
  buildRepository();
  const buildMs = nowMs() - buildStarted;
  const runner = createGitRunner({ env });
  const [deployed] = await resolveRefs(runner, REPO, [{ ref: `v${DEPLOYED_AT}` }], { shallow: false });
  if (!deployed.ok) throw new Error(deployed.reason);
  const deployedText = git(['show', `${deployed.sha}:${HOT_FILE}`]);
  const total = deployedText.split('\n').length - 1;
  const lines = Array.from({ length: HOT_LINES }, (_, i) => 1 + Math.floor((i * total) / HOT_LINES));
  const request = { commit: deployed.sha, label: `v${DEPLOYED_AT}`, file: HOT_FILE, lines };

  // Cold: a new translator (empty cache) each run, as after a checkout.
  const cold = await timeRunsAsync(10, async () => {
    const result = await new LineTranslator({ git: runner, root: REPO }).translateFile(request);
    if (!result.ok || result.lines.length !== HOT_LINES) throw new Error(`cold translation failed: ${result.ok ? result.lines.length : result.reason}`);
  });
  const translator = new LineTranslator({ git: runner, root: REPO });
  const first = await translator.translateFile(request);
  if (!first.ok) throw new Error(first.reason);
  const warm = await timeRunsAsync(200, async () => {
    await translator.translateFile(request);
  });
  const disk = fs.readFileSync(path.join(REPO, HOT_FILE), 'utf8');
  const buffer = `// unsaved line\n${disk}`;
  await translator.translateFile({ ...request, buffer });
  const warmBuffer = await timeRunsAsync(200, async () => {
    await translator.translateFile({ ...request, buffer });
  });
  let typed = 0;
  const typing = await timeRunsAsync(50, async () => {
    await translator.translateFile({ ...request, buffer: `// keystroke ${typed++}\n${disk}` });
  });
  const states = new Map<string, number>();
  for (const l of first.lines) states.set(l.state, (states.get(l.state) ?? 0) + 1);

  // One diff against the working tree (what fileDiff does) vs two: commit→HEAD, then HEAD→working tree.
  const diffArgs = ['diff', '--no-color', '--no-ext-diff', '--unified=0', '-M'];
  const oneDiff = await timeRunsAsync(10, async () => {
    await runner.run([...diffArgs, deployed.sha, '--', HOT_FILE], { cwd: REPO });
  });
  const twoDiffs = await timeRunsAsync(10, async () => {
    await runner.run([...diffArgs, deployed.sha, 'HEAD', '--', HOT_FILE], { cwd: REPO });
    await runner.run([...diffArgs, 'HEAD', '--', HOT_FILE], { cwd: REPO });
  });

  // Suspect commits for one hot line: `git log -L` vs every patch of the file in the range, intersected here.
  const head = git(['rev-parse', 'HEAD']).trim();
  const previous = git(['rev-parse', `v${DEPLOYED_AT}~500`]).trim();
  // A line the history since the deployed version rewrote, so both methods have commits to find.
  const headLine = first.lines.find((l) => l.state === 'changed')?.line ?? Math.floor(disk.split('\n').length / 2);
  let suspects = 0;
  const logL = await timeRunsAsync(5, async () => {
    suspects = (await suspectCommits(runner, REPO, { file: HOT_FILE, line: headLine, from: previous, to: head })).length;
  });
  let intersected = 0;
  const patches = await timeRunsAsync(5, async () => {
    const out = await runner.run(['log', '--no-color', '--no-ext-diff', '-p', '--unified=0', '--format=%x1e%H', `${previous}..${head}`, '--', HOT_FILE], { cwd: REPO, maxBytes: 256 * 1024 * 1024 });
    // Walk newest → oldest, carrying the line back through each commit's hunks (new side → old side).
    let line = headLine;
    intersected = 0;
    for (const record of out.split('\x1e').slice(1)) {
      const [section] = parseUnifiedDiff(record.slice(record.indexOf('\n') + 1));
      if (!section) continue;
      const reversed = checkHunks(section.hunks.map((h) => ({ oldStart: h.newStart, oldLines: h.newLines, newStart: h.oldStart, newLines: h.oldLines })));
      const [step] = mapLinesThrough([line], reversed);
      if (step.state === 'changed' || step.state === 'deleted') intersected++;
      // Deleted going backwards: this commit added the line, so older commits cannot have touched it.
      if (step.state === 'deleted') break;
      line = step.line;
    }
  });
  const mapOnly = timeRuns(200, () => {
    mapLinesThrough(lines, checkHunks([]));
  });

  return {
    rows: [
      { name: 'git lines: 200 hot lines of one file, cold cache, 10k commits (first run)', value: cold.first, unit: 'ms' },
      { name: 'git lines: 200 hot lines, cold cache, 10k commits (median of 10)', value: cold.median, unit: 'ms' },
      { name: 'git lines: 200 hot lines from cache (median of 200)', value: warm.median, unit: 'ms', target: 5 },
      { name: 'git lines: 200 hot lines from cache, same unsaved buffer (median of 200)', value: warmBuffer.median, unit: 'ms', target: 5 },
      { name: 'git lines: 200 hot lines, a new unsaved buffer each time (median of 50)', value: typing.median, unit: 'ms' },
      { name: 'git lines: suspect commits of one line, git log -L over 1,500 commits (median of 5)', value: logL.median, unit: 'ms' },
    ],
    notes: [
      `git lines: repository of ${COMMITS.toLocaleString('en')} commits, ${OTHER_FILES + 1} files, the hot file ${total.toLocaleString('en')} lines at the deployed commit (v${DEPLOYED_AT}), ${(COMMITS - DEPLOYED_AT) / 10} commits touching it since; ${built ? `built with git fast-import in ${(buildMs / 1000).toFixed(1)} s` : 'reused from an earlier run'}. Translated states: ${[...states].map(([s, n]) => `${n} ${s}`).join(', ')}.`,
      `git lines: diff of the hot file deployed→working copy, one \`git diff <commit> --\` against the working tree ${oneDiff.median.toFixed(1)} ms vs two diffs (commit→HEAD, HEAD→working tree) ${twoDiffs.median.toFixed(1)} ms (medians of 10): the one diff is used.`,
      `git lines: suspect commits of one line over ${`v${DEPLOYED_AT}~500..HEAD`}: git log -L ${logL.median.toFixed(1)} ms (${suspects} commits) vs the file's patches read and intersected in JS ${patches.median.toFixed(1)} ms (${intersected} commits) (medians of 5).`,
      `git lines: the hunk arithmetic alone for 200 lines ${median(mapOnly.all).toFixed(3)} ms; CPU median from cache ${warm.cpuMedian.toFixed(2)} ms.`,
    ],
  };
}

if (require.main === module) runMain(benchGitLines);
