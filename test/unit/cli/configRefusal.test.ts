// A refused `.prodlens.json` (a token in it, a syntax error) means nothing is sent: `status` and `doctor`
// against the replay server (Sentry and PagerDuty as their APIs answer), which records every request it
// receives, including the Prometheus and Alertmanager ones the environment's default URLs point at it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { PdIncidentBuilder, pagerDutyFixture } from '../../../src/demo/replay/pagerDutyBuilders';
import { startReplayServer, type ReplayServer } from '../../../src/demo/replay/replayServer';
import { SentryIssueBuilder, sentryFixture } from '../../../src/demo/replay/sentryBuilders';

const SENTRY_TOKEN = 'sntrys_refusal-test-0c9d';
const PAGERDUTY_TOKEN = 'pd-refusal-test-7e1a';

describe('cli: a refused .prodlens.json sends nothing', function () {
  this.timeout(30_000);
  let replay: ReplayServer;
  let dir: string;

  before(async () => {
    replay = await startReplayServer({
      sentry: sentryFixture({ token: SENTRY_TOKEN, project: { id: '42', slug: 'shop' }, issues: [new SentryIssueBuilder('TypeError: cart is undefined')] }),
      pagerduty: pagerDutyFixture({ token: PAGERDUTY_TOKEN, incidents: [new PdIncidentBuilder('Checkout is down').service('PSHOP')] }),
    });
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-refusal-'));
    replay.requests.length = 0;
    // Without the config, this manifest would be a service of its own, queried through the default URLs.
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'shop' }));
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  after(() => replay?.stop());

  /** The config as its lines, so the test can say on which line and column each problem is. */
  function writeConfig(lines: string[]): void {
    fs.writeFileSync(path.join(dir, '.prodlens.json'), lines.join('\n'));
  }

  function shopLines(sentryExtra = ''): string[] {
    return [
      '{',
      '  "services": [{',
      '    "name": "shop",',
      '    "backends": {',
      `      "sentry": { "url": "${replay.url}", "organization": "acme", "project": "shop"${sentryExtra} },`,
      `      "pagerduty": { "url": "${replay.url}", "serviceIds": ["PSHOP"] }`,
      '    }',
      '  }]',
      '}',
    ];
  }

  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const env = {
      PRODLENS_SENTRY_TOKEN: SENTRY_TOKEN,
      PRODLENS_PAGERDUTY_TOKEN: PAGERDUTY_TOKEN,
      PRODLENS_PROMETHEUS_URL: replay.url,
      PRODLENS_ALERTMANAGER_URL: replay.url,
      PRODLENS_CACHE_DIR: path.join(dir, '.cache'),
    };
    const code = await runCli([...args, '--cwd', dir], { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd: dir });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('a token in the file: status and doctor exit 2, send no request, and say where (line:column) and why', async () => {
    const lines = shopLines(', "authToken": "sntrys_in_the_repo"');
    writeConfig(lines);
    const at = `.prodlens.json:5:${lines[4].indexOf('"authToken"') + 1}`;

    const status = await cli(['status']);
    assert.equal(status.code, 2);
    assert.equal(replay.requests.length, 0, `requests sent: ${replay.requests.map((r) => r.path).join(', ')}`);
    // The log scrubs the quoted key name itself ("***"); the path and the place remain.
    assert.ok(status.err.includes(`${at}: services[0].backends.sentry.authToken: `), status.err);
    assert.match(status.err, /looks like a secret/);
    assert.match(status.err, /\.prodlens\.json is refused .*no request is sent/);
    assert.match(status.out, /No service to show .*\.prodlens\.json refused/);
    assert.ok(!status.out.includes('TypeError'));

    const json = await cli(['status', '--json']);
    assert.equal(json.code, 2);
    const parsed = JSON.parse(json.out) as { services: unknown[]; refusedConfigs: { file: string; problems: { line: number; column: number; path: string }[] }[] };
    assert.deepEqual(parsed.services, []);
    // The JSON says why no service is listed, with the place.
    assert.deepEqual(parsed.refusedConfigs.map((f) => [f.file, f.problems.map((p) => `${p.line}:${p.column} ${p.path}`)]), [['.prodlens.json', [`${at.split(':').slice(1).join(':')} services[0].backends.sentry.authToken`]]]);

    const doctor = await cli(['doctor']);
    assert.equal(doctor.code, 2);
    assert.equal(replay.requests.length, 0, `requests sent: ${replay.requests.map((r) => r.path).join(', ')}`);
    assert.ok(doctor.out.includes(`${at}: services[0].backends.sentry.authToken`), doctor.out);
    assert.match(doctor.out, /\.prodlens\.json is refused \(1 error\(s\)\): nothing is sent for the 1 service\(s\) it names/);
    assert.match(doctor.out, /Remove services\[0\]\.backends\.sentry\.authToken from \.prodlens\.json and revoke that credential/);
  });

  it('a syntax error: status and doctor exit 2, send no request, and give the line and column, not an offset', async () => {
    const lines = shopLines();
    lines[3] = '    "backends" {';
    writeConfig(lines);

    const status = await cli(['status']);
    assert.equal(status.code, 2);
    assert.equal(replay.requests.length, 0, `requests sent: ${replay.requests.map((r) => r.path).join(', ')}`);
    assert.ok(status.err.includes('.prodlens.json:4:16: JSON syntax error: a colon is expected here.'), status.err);
    assert.doesNotMatch(status.err, /offset/);

    const doctor = await cli(['doctor', '--json']);
    assert.equal(doctor.code, 2);
    assert.equal(replay.requests.length, 0);
    const finding = JSON.parse(doctor.out).findings.find((f: { code: string }) => f.code === 'config.invalid');
    assert.match(finding.detail, /^\.prodlens\.json:4:16: JSON syntax error/);
    assert.match(finding.fix, /Fix the problems listed in \.prodlens\.json/);
  });

  it('a valid config still works: status reads Sentry and PagerDuty with the environment\'s tokens', async () => {
    writeConfig(shopLines());
    const { code, out } = await cli(['status', '--json']);
    assert.equal(code, 0);
    const shop = JSON.parse(out).services[0];
    assert.equal(shop.name, 'shop');
    assert.equal(shop.errors[0].title, 'TypeError: cart is undefined');
    assert.equal(shop.incidents[0].title, 'Checkout is down');
    assert.ok(replay.requests.some((r) => r.route === 'sentry.issues' && r.headers.authorization === `Bearer ${SENTRY_TOKEN}`));
    assert.ok(replay.requests.some((r) => r.route === 'pagerduty.incidents'));
  });
});
