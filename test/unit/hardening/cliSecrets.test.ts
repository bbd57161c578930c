// `prodlens doctor` and `prodlens status` with a token for every backend in the environment, against the
// demo's replay server (Sentry and PagerDuty) and a hostile Prometheus/Alertmanager stand-in that echoes the
// Authorization header it received back in its error message. No token value may reach stdout, stderr or
// the CLI's snapshot cache, in text or JSON output.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { PdIncidentBuilder, pagerDutyFixture } from '../../../src/demo/replay/pagerDutyBuilders';
import { startReplayServer, type ReplayServer } from '../../../src/demo/replay/replayServer';
import { SentryIssueBuilder, sentryFixture, sentryFrame } from '../../../src/demo/replay/sentryBuilders';

const TOKENS = {
  PRODLENS_SENTRY_TOKEN: 'sntrys_cli-sentry-secret-9f2c81d0',
  PRODLENS_PAGERDUTY_TOKEN: 'pd-cli-secret-u+3Kx_7Qw',
  PRODLENS_PROMETHEUS_TOKEN: 'prom-cli-secret-a1b2c3d4e5',
  PRODLENS_ALERTMANAGER_TOKEN: 'am-cli-secret-f6e5d4c3b2',
};

/**
 * A backend that fails every request and says so with the credentials it was sent, as some proxies do:
 * 401 on Prometheus's paths, 500 on Alertmanager's (whose message ProdLens shows).
 */
async function startEchoingBackend(): Promise<{ url: string; authorizations: string[]; stop(): Promise<void> }> {
  const authorizations: string[] = [];
  const server = http.createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    authorizations.push(auth);
    res.writeHead(req.url?.startsWith('/api/v1/') ? 401 : 500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'error', errorType: 'unauthorized', error: `invalid credentials: Authorization: ${auth}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    authorizations,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('hardening: the CLI never prints a token', function () {
  this.timeout(60_000);
  let replay: ReplayServer;
  let echo: Awaited<ReturnType<typeof startEchoingBackend>>;
  let dir: string;
  let cache: string;

  before(async () => {
    const issue = new SentryIssueBuilder('TypeError: Cannot read properties of undefined (reading \'id\')')
      .frames(sentryFrame({ filename: '/app/src/orders.ts', function: 'createOrder', lineNo: 3 }));
    replay = await startReplayServer({
      sentry: sentryFixture({ token: TOKENS.PRODLENS_SENTRY_TOKEN, project: { id: '42', slug: 'shop' }, issues: [issue] }),
      pagerduty: pagerDutyFixture({ token: TOKENS.PRODLENS_PAGERDUTY_TOKEN, incidents: [new PdIncidentBuilder('Checkout is down').service('PSHOP')] }),
    });
    echo = await startEchoingBackend();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-cli-secrets-'));
    cache = path.join(dir, '.cache');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'orders.ts'), 'export function createOrder() {\n  const x = undefined as any;\n  return x.id;\n}\n');
    fs.writeFileSync(path.join(dir, '.prodlens.json'), JSON.stringify({
      services: [{
        name: 'shop',
        pathMappings: [{ from: '/app/', to: '' }],
        backends: {
          prometheus: { url: echo.url },
          alertmanager: { url: echo.url },
          sentry: { url: replay.url, organization: 'acme', project: 'shop' },
          pagerduty: { url: replay.url, serviceIds: ['PSHOP'] },
        },
      }],
    }));
  });

  after(async () => {
    await replay?.stop();
    await echo?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([...args, '--cwd', dir], { out: (t) => out.push(t), err: (t) => err.push(t), env: { ...TOKENS, PRODLENS_CACHE_DIR: cache }, cwd: dir });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  function assertNoToken(text: string, where: string): void {
    for (const [name, token] of Object.entries(TOKENS)) assert.ok(!text.includes(token), `${name} appears in ${where}`);
  }

  it('status --json and status: the tokens were sent and used, and appear nowhere in the output', async () => {
    const json = await cli(['status', '--json']);
    assertNoToken(json.out, 'status --json stdout');
    assertNoToken(json.err, 'status --json stderr');
    const shop = JSON.parse(json.out).services[0];
    // The test means something only if the tokens really travelled and the answers really came back.
    assert.equal(shop.backends.find((b: { kind: string }) => b.kind === 'sentry').state, 'ok');
    assert.equal(shop.backends.find((b: { kind: string }) => b.kind === 'pagerduty').state, 'ok');
    assert.ok(shop.errors.length > 0 && shop.incidents.length > 0);
    assert.equal(shop.backends.find((b: { kind: string }) => b.kind === 'prometheus').errorKind, 'auth');
    const am = shop.backends.find((b: { kind: string }) => b.kind === 'alertmanager');
    assert.match(am.error, /invalid credentials: Authorization: \*\*\*/, `the echoed header is shown, scrubbed: ${am.error}`);
    assert.ok(echo.authorizations.includes(`Bearer ${TOKENS.PRODLENS_PROMETHEUS_TOKEN}`));
    assert.ok(echo.authorizations.includes(`Bearer ${TOKENS.PRODLENS_ALERTMANAGER_TOKEN}`));
    assert.ok(replay.requests.some((r) => r.headers.authorization === `Bearer ${TOKENS.PRODLENS_SENTRY_TOKEN}`));
    assert.ok(replay.requests.some((r) => r.headers.authorization === `Token token=${TOKENS.PRODLENS_PAGERDUTY_TOKEN}`));

    const text = await cli(['status']);
    assertNoToken(text.out, 'status stdout');
    assertNoToken(text.err, 'status stderr');
    assert.match(text.out, /shop/);
  });

  it('doctor --json and doctor: no token in the diagnosis', async () => {
    for (const args of [['doctor', '--json'], ['doctor']]) {
      const { out, err } = await cli(args);
      assert.ok(out.length > 0);
      assertNoToken(out, `${args.join(' ')} stdout`);
      assertNoToken(err, `${args.join(' ')} stderr`);
    }
    assert.match((await cli(['doctor'])).out, /shop/);
  });

  it('the snapshot cache the CLI writes holds no token', async () => {
    await cli(['status', '--json']);
    const files = filesUnder(cache);
    assert.ok(files.length > 0, 'status saved a snapshot');
    for (const file of files) assertNoToken(fs.readFileSync(file, 'utf8'), file);
  });
});
