// `prodlens status` and `locate --rev` on a copy of the demo workspace with its git history (built by
// ensureDemoHistory), against the demo's Sentry stand-in: production's TypeError at orders.ts:19 in 2.14.0
// lands on the working copy's line (24: two commits after the deploy moved it), with the suspect commit
// named; an edit on disk marks it changed, a removal says the code is gone, a clone without the tag and a
// folder without git each say why the lines are production's. Expected lines come from the recipe.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { DEMO_ORG, DEMO_TOKEN, PROJECTS, sentryDemoFixture } from '../../../src/demo/fixtures';
import { DEMO_FAILING_LINE, DEMO_RELEASE, ensureDemoHistory, type DemoHistory } from '../../../src/demo/history';
import { startReplayServer, type ReplayServer } from '../../../src/demo/replay/replayServer';
import { Story } from '../../../src/demo/story';
import type { ErrorGroup } from '../../../src/core/model';
import { isolatedGitEnv } from '../../builders/gitRepo';

const DEMO = path.join(__dirname, '../../../../demo');
const ORDERS = DEMO_FAILING_LINE.file;
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: isolatedGitEnv() }).trim();
const lineOf = (text: string, wanted: string) => text.split('\n').findIndex((l) => l.trim() === wanted) + 1;

interface StatusDoc {
  services: { name: string; errors: ErrorGroup[]; lineVersions: { state: string; note?: string } | null }[];
}

describe('cli: status and locate --rev put production lines on the working copy (demo history)', function () {
  let server: ReplayServer;
  let tmp: string;
  let history: DemoHistory;
  let workspace: string;
  let n = 0;

  before(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-versions-cli-')));
    history = ensureDemoHistory(DEMO, path.join(tmp, 'demo-history'));
    const nowS = Math.floor(Date.now() / 1000);
    server = await startReplayServer({ sentry: sentryDemoFixture(new Story(nowS), nowS) });
  });

  after(async () => {
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The workspace's config, with the demo's Sentry at the stand-in's port (only the checkout service). */
  function configure(dir: string): void {
    fs.writeFileSync(path.join(dir, '.prodlens.json'), JSON.stringify({ services: [{
      name: 'checkout-api', folders: ['services/checkout-api'], environments: ['production'],
      pathMappings: [{ from: '/usr/src/app/', to: 'services/checkout-api/' }],
      backends: { sentry: { url: server.url, organization: DEMO_ORG, project: PROJECTS.checkout.slug } },
    }] }));
  }

  /** A copy of the demo history (or of `from`), configured; the config edit is left uncommitted on purpose: it is not code. */
  function copy(from = history.dir): string {
    const dir = path.join(tmp, `ws-${n++}`);
    fs.cpSync(from, dir, { recursive: true });
    configure(dir);
    return dir;
  }

  async function cli(args: string[], dir = workspace) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([...args, '--cwd', dir], { out: (t) => out.push(t), err: (t) => err.push(t), env: { PRODLENS_CACHE_DIR: path.join(tmp, `cache-${n++}`), PRODLENS_SENTRY_TOKEN: DEMO_TOKEN }, cwd: dir });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  async function typeError(dir: string) {
    const { out } = await cli(['status', '--json'], dir);
    const doc = JSON.parse(out) as StatusDoc;
    const service = doc.services[0];
    return { group: service.errors.find((e) => e.title.startsWith('TypeError'))!, service };
  }

  const deployedLine = () => lineOf(git(history.dir, 'show', `v${DEMO_RELEASE.current}:${ORDERS}`), DEMO_FAILING_LINE.text);
  const workingLine = (dir: string) => lineOf(fs.readFileSync(path.join(dir, ORDERS), 'utf8'), DEMO_FAILING_LINE.text);

  it('--json: the TypeError on the working copy\'s line, production\'s line and state beside it, and the suspect commit', async () => {
    workspace = copy();
    const { group, service } = await typeError(workspace);
    assert.equal(deployedLine(), 19);
    assert.equal(workingLine(workspace), 24);
    assert.equal(group.location?.file, ORDERS);
    assert.equal(group.location?.line, 24);
    assert.deepEqual(group.location?.version, { version: DEMO_RELEASE.current, deployedLine: 19, deployedFile: ORDERS, status: 'translated', state: 'moved', commit: history.commits.release });
    assert.deepEqual(service.lineVersions, { state: 'translated' });
    const suspects = group.suspects!;
    assert.equal(suspects.previousVersion, DEMO_RELEASE.previous);
    assert.equal(suspects.commits[0].sha, history.commits.suspect);
    assert.equal(suspects.commits[0].subject, 'orders: guest checkout, no customer record required');
    assert.equal(suspects.deploy?.version, DEMO_RELEASE.current);
    assert.equal(suspects.deploy?.commit, history.commits.release);
  });

  it('text: the working-copy line, "(line 19 in 2.14.0, moved)", the suspect commit and the deploy it started after', async () => {
    workspace = copy();
    const { out, code } = await cli(['status'], workspace);
    assert.equal(code, 0);
    assert.ok(out.includes(`→ ${ORDERS}:24 (line 19 in ${DEMO_RELEASE.current}, moved)`), out);
    const short = history.commits.suspect.slice(0, 7);
    // The suspect removed the guard just above the failing line, which itself did not change.
    assert.ok(out.includes(`suspect commit ${short} "orders: guest checkout, no customer record required" by Sam Okafor, 2026-01-06 (changed the lines just above this one (14-19 in ${DEMO_RELEASE.current}) between ${DEMO_RELEASE.previous} and ${DEMO_RELEASE.current})`), out);
    assert.match(out, new RegExp(`errors started (within a minute of|\\d+ min after) deploy ${DEMO_RELEASE.current.replaceAll('.', '\\.')} \\(commit ${history.commits.release.slice(0, 7)}\\)`));
  });

  it('a line changed on disk since 2.14.0 is still shown, marked changed', async () => {
    workspace = copy();
    const file = path.join(workspace, ORDERS);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(DEMO_FAILING_LINE.text, "const discount = customer?.loyalty?.tier === 'gold' ? 0.1 : 0;"));
    const { group } = await typeError(workspace);
    assert.equal(group.location?.line, 24);
    assert.equal(group.location?.version?.state, 'changed');
    const { out } = await cli(['status'], workspace);
    assert.ok(out.includes(`→ ${ORDERS}:24 (changed since ${DEMO_RELEASE.current}, line 19 there)`), out);
  });

  it('a line removed since 2.14.0: no location, and the group says the code is gone and where it was', async () => {
    workspace = copy();
    const file = path.join(workspace, ORDERS);
    // The failing line and the (already edited) line after it removed: a pure deletion for git's diff.
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.splice(workingLine(workspace) - 1, 2);
    fs.writeFileSync(file, lines.join('\n'));
    const { group } = await typeError(workspace);
    assert.equal(group.location, undefined);
    assert.deepEqual(group.mapping?.removed, { version: DEMO_RELEASE.current, commit: history.commits.release, file: ORDERS, line: 19 });
    const { out } = await cli(['status'], workspace);
    assert.ok(out.includes(`→ code removed since ${DEMO_RELEASE.current} (was orders.ts:19)`), out);
  });

  it('a shallow clone without the tag: production\'s line, "version not verified", and the command to run', async () => {
    const clone = path.join(tmp, `shallow-${n++}`);
    git(tmp, 'clone', '-q', '--depth', '1', '--no-tags', `file://${history.dir}`, clone);
    configure(clone);
    const { group } = await typeError(clone);
    assert.equal(group.location?.line, 19);
    assert.equal(group.location?.version?.status, 'unverified');
    const { out } = await cli(['status'], clone);
    assert.ok(out.includes(`→ ${ORDERS}:19 (version not verified: tag v${DEMO_RELEASE.current} is not fetched: run \`git fetch --tags origin\`)`), out);
  });

  it('no git repository: said once, lines as before', async () => {
    const plain = path.join(tmp, `plain-${n++}`);
    fs.cpSync(DEMO, plain, { recursive: true });
    configure(plain);
    const { out } = await cli(['status'], plain);
    assert.match(out, new RegExp(`→ ${ORDERS.replaceAll('.', '\\.')}:19$`, 'm'));
    assert.equal(out.split('not inside a git repository').length, 2, out);
    assert.doesNotMatch(out, /version not verified: /);
  });

  it('locate --rev v2.14.0: the trace\'s lines are 2.14.0\'s, moved to the working copy', async () => {
    workspace = copy();
    const trace = path.join(tmp, `trace-${n++}.txt`);
    fs.writeFileSync(trace, "TypeError: Cannot read properties of undefined (reading 'loyalty')\n    at ordersRouter.post (/usr/src/app/src/routes/orders.ts:19:29)\n");
    const text = await cli(['locate', '--rev', `v${DEMO_RELEASE.current}`, trace]);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, new RegExp(`${ORDERS.replaceAll('.', '\\.')}:24:29 .*\\(line 19 in v2\\.14\\.0, moved\\)`));
    const json = await cli(['locate', '--json', '--rev', `v${DEMO_RELEASE.current}`, trace]);
    const doc = JSON.parse(json.out) as { rev: string; frames: { location: { line: number; version?: { deployedLine: number; state: string } } | null }[] };
    assert.equal(doc.rev, `v${DEMO_RELEASE.current}`);
    assert.deepEqual([doc.frames[0].location?.line, doc.frames[0].location?.version?.deployedLine, doc.frames[0].location?.version?.state], [24, 19, 'moved']);
    // Without --rev the trace's line is taken as the working copy's, as before.
    const plain = await cli(['locate', trace]);
    assert.match(plain.out, new RegExp(`${ORDERS.replaceAll('.', '\\.')}:19:29`));
  });

  it('locate --rev with a ref that is not there: lines unchanged, marked, with the command', async () => {
    workspace = copy();
    const trace = path.join(tmp, `trace-${n++}.txt`);
    fs.writeFileSync(trace, '    at ordersRouter.post (/usr/src/app/src/routes/orders.ts:19:29)\n');
    const { out } = await cli(['locate', '--rev', 'v9.9.9', trace]);
    assert.ok(out.includes(`${ORDERS}:19:29`), out);
    assert.ok(out.includes('version not verified: tag v9.9.9 is not fetched: run `git fetch --tags origin`'), out);
    // A ref git would read as an option is refused before git sees it.
    const hostile = await cli(['locate', '--rev=--output=/tmp/x', trace]);
    assert.ok(hostile.out.includes('version not verified: "--output=/tmp/x" is not a git tag, branch or commit name'), hostile.out);
    const misplaced = await cli(['status', '--rev', 'v2.14.0']);
    assert.equal(misplaced.code, 2);
    assert.match(misplaced.err, /--rev applies to locate only/);
  });
});
