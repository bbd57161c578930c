// The demo workspace's git history, built from demo/ by src/demo/history.ts: its release commit is demo/ as
// committed (so the demo Sentry's frame at orders.ts:19 is right for it), the stand-in's release name finds
// it through the candidate refs, the suspect commit lies between the two releases, and the commits after the
// deploy move the failing line and edit its neighbour. Expected lines come from the recipe's construction.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sentryDemoFixture } from '../../../src/demo/fixtures';
import { DEMO_BILLING_RELEASE, DEMO_FAILING_LINE, DEMO_RELEASE, ensureDemoHistory } from '../../../src/demo/history';
import { Story } from '../../../src/demo/story';
import { deployedVersion } from '../../../src/core/versions/deployedVersion';
import { parseReleases } from '../../../src/backends/sentry/parse';

const DEMO = path.join(__dirname, '../../../../demo');
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } }).trim();
const lineOf = (text: string, wanted: string) => text.split('\n').findIndex((l) => l.trim() === wanted) + 1;

describe('demo history', function () {
  let tmp: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-demo-history-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('tags the release the demo Sentry serves on demo/ exactly, with the failing line where its frame says', () => {
    const { dir, commits } = ensureDemoHistory(DEMO, path.join(tmp, 'a'));
    const orders = DEMO_FAILING_LINE.file;
    assert.equal(git(dir, 'show', `v${DEMO_RELEASE.current}:${orders}`), fs.readFileSync(path.join(DEMO, orders), 'utf8').trim());

    const nowS = 1_767_225_600;
    const fixture = sentryDemoFixture(new Story(nowS), nowS);
    const frames = ((fixture.latestEvents['5001'] as { entries: { data: { values: { stacktrace: { frames: { lineNo: number; filename: string }[] } }[] } }[] }).entries[0].data.values[0].stacktrace.frames);
    const crash = frames[frames.length - 1];
    // Through the demo's path mapping (demo/.prodlens.json).
    assert.equal(crash.filename.replace('/usr/src/app/', 'services/checkout-api/'), orders);
    assert.equal(lineOf(git(dir, 'show', `v${DEMO_RELEASE.current}:${orders}`), DEMO_FAILING_LINE.text), crash.lineNo);

    // The stand-in's newest release, through the core's candidate refs, names the tagged commit.
    const report = deployedVersion({ service: 'checkout-api', environment: 'production', deploys: parseReleases(fixture.releases), errors: [] });
    assert.equal(report.service?.version, DEMO_RELEASE.current);
    const resolved = report.service.refs.map((r) => { try { return git(dir, 'rev-parse', '--verify', '--quiet', `${r.ref}^{commit}`); } catch { return undefined; } }).find(Boolean);
    assert.equal(resolved, commits.release);
    const previous = fixture.releases.map((r) => String(r.version)).find((v) => v !== `checkout-api@${DEMO_RELEASE.current}`);
    assert.equal(previous, `checkout-api@${DEMO_RELEASE.previous}`);
    // billing's release (the one its Sentry events carry) resolves too, through the {service}@{version} pattern.
    const billing = deployedVersion({ service: 'billing', environment: 'production', deploys: [], errors: [{ id: '1', source: 'sentry', title: 'x', level: 'error', count: 1, release: DEMO_BILLING_RELEASE }] });
    const billingSha = billing.service?.refs.map((r) => { try { return git(dir, 'rev-parse', '--verify', '--quiet', `${r.ref}^{commit}`); } catch { return undefined; } }).find(Boolean);
    assert.equal(billingSha, commits.release);
  });

  it('has the suspect commit, and only it, touching orders.ts between the two releases; it removed the guard', () => {
    const { dir, commits } = ensureDemoHistory(DEMO, path.join(tmp, 'a'));
    const between = git(dir, 'log', '--format=%H', `v${DEMO_RELEASE.previous}..v${DEMO_RELEASE.current}`, '--', DEMO_FAILING_LINE.file).split('\n');
    assert.deepEqual(between, [commits.suspect]);
    assert.equal(git(dir, 'log', '-1', '--format=%an|%aI|%s', commits.suspect), 'Sam Okafor|2026-01-06T15:42:00+00:00|orders: guest checkout, no customer record required');
    assert.match(git(dir, 'show', '--format=', commits.suspect, '--', DEMO_FAILING_LINE.file), /^-\s+if \(!customer\) \{$/m);
  });

  it('after the deploy, moves the failing line 5 lines down and changes its neighbour; the work tree is clean', () => {
    const { dir } = ensureDemoHistory(DEMO, path.join(tmp, 'a'));
    const deployed = git(dir, 'show', `v${DEMO_RELEASE.current}:${DEMO_FAILING_LINE.file}`).split('\n');
    const now = fs.readFileSync(path.join(dir, DEMO_FAILING_LINE.file), 'utf8').split('\n');
    const at = lineOf(deployed.join('\n'), DEMO_FAILING_LINE.text);
    assert.equal(lineOf(now.join('\n'), DEMO_FAILING_LINE.text), at + 5);
    // The neighbour below the failing line (0-based: `at` in the deployed file, `at + 5` now) was edited.
    assert.equal(now[at + 5], deployed[at].replace('req.body.items', 'Array.isArray(req.body.items) ? req.body.items : []'));
    assert.notEqual(now[at + 5], deployed[at]);
    assert.equal(git(dir, 'status', '--porcelain'), '');
    assert.equal(git(dir, 'rev-list', '--count', `v${DEMO_RELEASE.current}..HEAD`), '2');
  });

  it('gives the same commit ids on every build, reuses an up-to-date copy and rebuilds when demo/ changes', () => {
    const a = ensureDemoHistory(DEMO, path.join(tmp, 'a'));
    const b = ensureDemoHistory(DEMO, path.join(tmp, 'b'));
    assert.deepEqual(a.commits, b.commits);
    assert.equal(ensureDemoHistory(DEMO, path.join(tmp, 'b')).rebuilt, false);

    const changedDemo = path.join(tmp, 'demo-copy');
    fs.cpSync(DEMO, changedDemo, { recursive: true });
    fs.appendFileSync(path.join(changedDemo, 'README.md'), '\nOne more line.\n');
    const c = ensureDemoHistory(changedDemo, path.join(tmp, 'b'));
    assert.equal(c.rebuilt, true);
    assert.notEqual(c.commits.release, a.commits.release);
  });

  it('says what to update when demo/ no longer has the text the recipe edits, and leaves no half-built folder', () => {
    const brokenDemo = path.join(tmp, 'demo-broken');
    fs.cpSync(DEMO, brokenDemo, { recursive: true });
    const orders = path.join(brokenDemo, DEMO_FAILING_LINE.file);
    fs.writeFileSync(orders, fs.readFileSync(orders, 'utf8').replace(/ *\/\/ Since 2\.14\.0.*\n/, ''));
    assert.throws(() => ensureDemoHistory(brokenDemo, path.join(tmp, 'c')), /orders\.ts no longer contains exactly one .*update src\/demo\/history\.ts/);
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.startsWith('c')), []);
  });
});
