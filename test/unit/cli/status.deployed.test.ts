// `prodlens status` says which version production runs: `deployed` in --json (version, candidate refs, the
// evidence of each source) and one line of text, from the Sentry stand-in's releases and events.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { startReplayServer, type ReplayServer } from '../../../src/demo/replay/replayServer';
import { SentryIssueBuilder, SentryReleaseBuilder, sentryFixture, sentryFrame } from '../../../src/demo/replay/sentryBuilders';

const TOKEN = 'sntrys_deployed_test_token';

interface DeployedJson {
  version: string;
  release: string;
  revision: string | null;
  refs: { ref: string; kind: string; how: string }[];
  evidence: { source: string; field: string; value: string; chosen: boolean }[];
  conflicts: string[];
  groups: { groupId: string; version: string; refs: { ref: string }[] }[];
}

describe('cli: status reports the deployed version', function () {
  let server: ReplayServer;
  let workspace: string;
  let cache: string;

  async function status(args: string[]) {
    const out: string[] = [];
    const code = await runCli(['status', '--cwd', workspace, ...args], { out: (t) => out.push(t), err: () => undefined, env: { PRODLENS_CACHE_DIR: cache, PRODLENS_SENTRY_TOKEN: TOKEN }, cwd: workspace });
    return { code, out: out.join('\n') };
  }

  beforeEach(async () => {
    const hour = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const frame = sentryFrame({ filename: '/app/src/orders.ts', function: 'createOrder', lineNo: 19, inApp: true });
    const issues = [
      new SentryIssueBuilder('TypeError: loyalty').withId('9001').count(40).seen(hour(2), hour(0.1)).release('checkout-api@2.14.0+abc1234').frames(frame),
      new SentryIssueBuilder('RangeError: amount').withId('9002').count(5).seen(hour(30), hour(20)).release('checkout-api@2.13.2').frames(frame),
    ];
    const releases = [
      new SentryReleaseBuilder('checkout-api@2.14.0+abc1234').created(hour(3)).deployed('production', hour(2.5)),
      new SentryReleaseBuilder('checkout-api@2.13.2').created(hour(27)).deployed('production', hour(26)),
    ];
    server = await startReplayServer({ sentry: sentryFixture({ token: TOKEN, organization: 'acme', project: { id: '7', slug: 'checkout' }, issues, releases }) });
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-deployed-'));
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-deployed-cache-'));
    fs.writeFileSync(path.join(workspace, '.prodlens.json'), JSON.stringify({
      services: [{ name: 'checkout-api', folders: [''], version: { ref: 'release-{version}' }, backends: { sentry: { url: server.url, organization: 'acme', project: 'checkout' } } }],
    }));
  });

  afterEach(async () => {
    await server.stop();
    for (const dir of [workspace, cache]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--json: the version, the refs to try (the .prodlens.json rule first), the evidence, and the group from an older version', async () => {
    const { code, out } = await status(['--json']);
    assert.equal(code, 0);
    const deployed = (JSON.parse(out) as { services: { deployed: DeployedJson | null }[] }).services[0].deployed!;
    assert.equal(deployed.version, '2.14.0');
    assert.equal(deployed.release, 'checkout-api@2.14.0+abc1234');
    assert.deepEqual(deployed.refs.map((r) => r.ref), ['release-2.14.0', 'v2.14.0', '2.14.0', 'checkout-api@2.14.0', 'checkout-api@2.14.0+abc1234', 'abc1234']);
    assert.deepEqual(deployed.evidence.map((e) => [e.source, e.field, e.value, e.chosen]), [['sentry-deploy', 'lastDeploy (production)', 'checkout-api@2.14.0+abc1234', true]]);
    assert.deepEqual(deployed.conflicts, []);
    assert.deepEqual(deployed.groups.map((g) => [g.groupId, g.version, g.refs[0].ref]), [['9002', '2.13.2', 'release-2.13.2']]);
  });

  it('text: one line naming the version and the release it was read from', async () => {
    const { out } = await status([]);
    const lines = out.split('\n').map((l) => l.trim());
    assert.ok(lines.includes('deployed 2.14.0 (Sentry release checkout-api@2.14.0+abc1234)'), out);
    assert.ok(lines.includes('1 error group from another version (--json lists them)'), out);
  });
});
