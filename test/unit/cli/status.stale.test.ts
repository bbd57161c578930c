// `prodlens status` keeps each backend's last good answer from its cache when that backend fails, says how old
// it is, and says "stale" only when something stale is shown; a backend that fails takes only its own signals
// out of the level. Against the Sentry and PagerDuty stand-ins (their REST shapes and error bodies).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { PdIncidentBuilder, pagerDutyFixture } from '../../../src/demo/replay/pagerDutyBuilders';
import { startReplayServer, type ReplayServer } from '../../../src/demo/replay/replayServer';
import { SentryIssueBuilder, sentryFixture, sentryFrame } from '../../../src/demo/replay/sentryBuilders';

const SENTRY_TOKEN = 'sntrys_stale_test_token';
const PD_TOKEN = 'pd_stale_test_key';

interface StatusJson {
  services: {
    status: string;
    statusReasons: string[];
    stale: boolean;
    errors: { title: string; count: number }[];
    incidents: { title: string }[];
    backends: { kind: string; state: string; stale: boolean; dataAt: string | null; lastSuccess: string | null; error: string | null }[];
  }[];
}

describe('cli: status keeps the last good answer of a failing backend (and says stale only then)', function () {
  let server: ReplayServer;
  let workspace: string;
  let cache: string;

  const env = () => ({ PRODLENS_CACHE_DIR: cache, PRODLENS_SENTRY_TOKEN: SENTRY_TOKEN, PRODLENS_PAGERDUTY_TOKEN: PD_TOKEN });

  async function status(args: string[] = ['--json']) {
    const out: string[] = [];
    const code = await runCli(['status', '--cwd', workspace, ...args], { out: (t) => out.push(t), err: () => undefined, env: env(), cwd: workspace });
    return { code, out: out.join('\n') };
  }

  async function statusJson() {
    const { out } = await status();
    return (JSON.parse(out) as StatusJson).services[0];
  }

  beforeEach(async () => {
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const recent = new Date(Date.now() - 60_000).toISOString();
    const issues = Array.from({ length: 3 }, (_, i) =>
      new SentryIssueBuilder(`Error ${i}: old and known`)
        .count(10 + i)
        .seen(old, recent)
        .frames(sentryFrame({ filename: '/app/src/index.ts', function: 'main', lineNo: 3, inApp: true })),
    );
    server = await startReplayServer({
      sentry: sentryFixture({ token: SENTRY_TOKEN, organization: 'acme', project: { id: '7', slug: 'checkout' }, issues }),
      pagerduty: pagerDutyFixture({ token: PD_TOKEN, incidents: [new PdIncidentBuilder('Checkout latency').service('PSVC001').urgency('low').status('acknowledged')] }),
    });
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-stale-'));
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-stale-cache-'));
    fs.writeFileSync(
      path.join(workspace, '.prodlens.json'),
      JSON.stringify({
        services: [{ name: 'checkout', folders: [''], backends: { sentry: { url: server.url, organization: 'acme', project: 'checkout' }, pagerduty: { url: server.url, serviceIds: ['PSVC001'] } } }],
      }),
    );
  });

  afterEach(async () => {
    await server.stop();
    for (const dir of [workspace, cache]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a first run with no cache and PagerDuty failing: not stale, Sentry\'s data decides the level, incidents unknown', async () => {
    server.setFailure('pagerduty.incidents', 'serverError');
    const s = await statusJson();
    assert.equal(s.stale, false, 'nothing is shown from an earlier answer');
    assert.equal(s.errors.length, 3);
    assert.equal(s.status, 'ok', 'Sentry answered with no new error: not unknown because PagerDuty failed');
    assert.ok(s.statusReasons.includes('incidents unknown: PagerDuty has not answered'), s.statusReasons.join(' | '));
    const pd = s.backends.find((b) => b.kind === 'pagerduty')!;
    assert.deepEqual([pd.state, pd.stale, pd.dataAt], ['error', false, null]);
  });

  it('with a warm cache, a backend answering 500 keeps its last errors, marked stale with their age', async () => {
    const first = await statusJson();
    assert.equal(first.stale, false);
    assert.equal(first.errors.length, 3);
    assert.equal(first.incidents.length, 1);
    const sentryFirst = first.backends.find((b) => b.kind === 'sentry')!;
    assert.ok(sentryFirst.dataAt, 'the answer shown has a time');

    server.setFailure('sentry.issues', 'serverError');
    const second = await statusJson();
    assert.equal(second.stale, true);
    assert.deepEqual(second.errors.map((e) => e.title), first.errors.map((e) => e.title), 'the last good errors are kept');
    assert.equal(second.incidents.length, 1, 'PagerDuty answered: its incident is fresh');
    const sentry = second.backends.find((b) => b.kind === 'sentry')!;
    assert.equal(sentry.state, 'error');
    assert.equal(sentry.stale, true);
    assert.equal(sentry.dataAt, sentryFirst.dataAt, 'dated by the answer it comes from, not by this run');
    assert.equal(sentry.lastSuccess, sentryFirst.dataAt);
    assert.equal(second.backends.find((b) => b.kind === 'pagerduty')!.stale, false);

    const text = await status([]);
    assert.match(text.out, /sentry: .*HTTP 500.* Showing its last answer, from (just now|\d+ s ago)\./);
  });

  it('the PagerDuty side too: its incident is kept while it fails, and the level still counts it', async () => {
    await statusJson();
    server.setFailure('pagerduty.incidents', 'serverError');
    const s = await statusJson();
    assert.equal(s.incidents.length, 1);
    assert.equal(s.stale, true);
    assert.equal(s.status, 'degraded', 'an open (acknowledged) incident kept from the last answer still counts');
  });
});
