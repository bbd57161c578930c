import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { envTokenAllowed, envTokenLookup } from '../../../src/cli/envTokens';
import { runCli } from '../../../src/cli/main';

const fixtures = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'workspaces');

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd: fixtures });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli: prodlens', () => {
  it('status --json lists the services of a monorepo with their evidence and backends (schema 1)', async () => {
    const { code, out } = await cli(['status', '--json', '--cwd', 'monorepo']);
    assert.equal(code, 0);
    const json = JSON.parse(out);
    assert.equal(json.schema, 1);
    assert.deepEqual(json.services.map((s: { name: string }) => s.name), ['checkout-api', 'billing']);
    const checkout = json.services[0];
    assert.deepEqual(checkout.folders, ['services/api']);
    assert.deepEqual(checkout.backends.map((b: { kind: string }) => b.kind), ['prometheus', 'sentry']);
    assert.equal(json.services[1].evidence[0].source, 'services/billing/pyproject.toml');
  });

  it('doctor names the missing Sentry token and its environment variable; the token from env clears it', async () => {
    const before = await cli(['doctor', '--cwd', 'monorepo']);
    assert.match(before.out, /✖ "checkout-api" → sentry .*no token/);
    assert.match(before.out, /PRODLENS_SENTRY_TOKEN/);
    // A proxy that refuses connections keeps the Sentry request off the network (no DNS), and fast.
    const after = await cli(['doctor', '--cwd', 'monorepo', '--json'], { PRODLENS_SENTRY_TOKEN: 'sntrys_secret_value', PRODLENS_TOKEN_ORIGINS: 'https://sentry.example.com', HTTPS_PROXY: 'http://127.0.0.1:9' });
    assert.ok(!after.out.includes('sntrys_secret_value'));
    const json = JSON.parse(after.out);
    type Finding = { code?: string; title: string; service?: string };
    // With the token set, the doctor asks Sentry (unreachable here): the missing token is no longer the problem.
    assert.equal(json.findings.filter((f: Finding) => f.code === 'backend.noToken').length, 0);
    assert.ok(json.findings.some((f: Finding) => f.service === 'checkout-api' && /→ sentry at https:\/\/sentry\.example\.com .*token set: cannot be reached/.test(f.title)), JSON.stringify(json.findings, null, 1));
  });

  it('an env token is not sent to a self-hosted origin the user did not list, and the doctor says why', async () => {
    const { out } = await cli(['doctor', '--cwd', 'monorepo'], { PRODLENS_SENTRY_TOKEN: 'sntrys_secret_value', HTTPS_PROXY: 'http://127.0.0.1:9' });
    assert.ok(!out.includes('sntrys_secret_value'));
    assert.match(out, /PRODLENS_SENTRY_TOKEN is set but not sent to https:\/\/sentry\.example\.com/);
    assert.match(out, /PRODLENS_TOKEN_ORIGINS/);
  });

  it('doctor on a workspace with no service says so and what to do', async () => {
    const { out } = await cli(['doctor', '--cwd', 'empty']);
    assert.match(out, /No service detected/);
    assert.match(out, /Create a \.prodlens\.json/);
  });

  it('exits 2 for a broken .prodlens.json, with the JSON path of each problem', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-cli-'));
    try {
      fs.writeFileSync(path.join(dir, '.prodlens.json'), '{"services":[{"name":"x","backends":{"sentry":{"organization":"o","project":"p","token":"t"}}}]}');
      const { code, out } = await cli(['doctor', '--cwd', dir]);
      assert.equal(code, 2);
      assert.match(out, /services\[0\]\.backends\.sentry\.token/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on usage errors and unknown services', async () => {
    assert.equal((await cli([])).code, 2);
    assert.equal((await cli(['frobnicate'])).code, 2);
    assert.equal((await cli(['status', '--bogus'])).code, 2);
    const unknown = await cli(['status', '--cwd', 'monorepo', '--service', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /Known: checkout-api, billing/);
  });
});

describe('cli: env tokens are bound to origins', () => {
  it('go to the vendor, loopback and listed origins only', async () => {
    const env = { PRODLENS_SENTRY_TOKEN: 't', PRODLENS_TOKEN_ORIGINS: 'https://sentry.acme.internal, https://prom.acme.internal:9090' };
    assert.equal(envTokenAllowed(env, 'sentry', 'https://sentry.io'), true);
    assert.equal(envTokenAllowed(env, 'sentry', 'https://acme.sentry.io/api/0'), true);
    assert.equal(envTokenAllowed(env, 'sentry', 'http://sentry.io'), false);
    assert.equal(envTokenAllowed(env, 'sentry', 'https://sentry.io.evil.example'), false);
    assert.equal(envTokenAllowed(env, 'sentry', 'http://127.0.0.1:39000'), true);
    assert.equal(envTokenAllowed(env, 'sentry', 'https://sentry.acme.internal/prefix'), true);
    assert.equal(envTokenAllowed(env, 'prometheus', 'https://prom.acme.internal:9090/api'), true);
    assert.equal(envTokenAllowed(env, 'prometheus', 'https://prom.acme.internal'), false);
    assert.equal(envTokenAllowed(env, 'pagerduty', 'https://api.pagerduty.com'), true);
    assert.equal(await envTokenLookup(env)('sentry', 'https://collector.evil.example'), undefined);
    assert.equal(await envTokenLookup(env)('sentry', 'https://sentry.io'), 't');
  });
});
