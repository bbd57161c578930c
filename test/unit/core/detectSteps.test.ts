// Steps of detection and of the CLI that became functions of their own: which folders name no service
// (the walk policy's, plus test and example folders), the CLI's option checks and backend facts.
import * as assert from 'node:assert/strict';
import { backendFacts, refreshOptions } from '../../../src/cli/main';
import { detectServices, inIgnoredFolder } from '../../../src/core/detect/services';
import { EXCLUDED_FOLDER_NAMES } from '../../../src/core/detect/walkPolicy';

describe('core/detect: folders that name no service', () => {
  it('every folder of the walk policy, hidden folders, test and example folders, at any depth', () => {
    for (const name of [...EXCLUDED_FOLDER_NAMES, '.git', '.next', '.devcontainer', 'site-packages', 'test', 'tests', 'fixtures', 'example', 'examples']) {
      assert.ok(inIgnoredFolder(`${name}/package.json`), name);
      assert.ok(inIgnoredFolder(`services/api/${name}/lib/package.json`), `nested ${name}`);
    }
  });

  it('not the file name, nor names that only contain an excluded one', () => {
    for (const path of ['package.json', '.env', 'services/.prodlens.json', 'testing/package.json', 'my-vendor/go.mod', 'distribution/pom.xml', 'services/builder/package.json']) {
      assert.ok(!inIgnoredFolder(path), path);
    }
  });

  it('a manifest handed in from a hidden folder is reported, not made a service', () => {
    const hidden: Record<string, string> = { '.devcontainer/.env': 'OTEL_SERVICE_NAME=devcontainer\n', 'web/.next/server/package.json': '{"name":"next-build"}' };
    const files = Object.entries({ 'api/package.json': '{"name":"api"}', ...hidden }).map(([path, text]) => ({ path, text }));
    const { services, ignored } = detectServices(files);
    assert.deepEqual(services.map((s) => s.name), ['api']);
    assert.deepEqual(ignored.map((i) => i.path).sort(), Object.keys(hidden).sort());
  });
});

describe('cli: option checks and backend facts', () => {
  it('refreshOptions: a known window and fail-on level pass, others are said on stderr', () => {
    const err: string[] = [];
    const io = { err: (t: string) => err.push(t) };
    assert.deepEqual(refreshOptions({ window: '6h', env: 'staging', 'fail-on': 'degraded' }, io)?.failOn, 'degraded');
    assert.equal(refreshOptions({ window: '2h', env: 'production' }, io), undefined);
    assert.equal(refreshOptions({ window: '1h', env: 'production', 'fail-on': 'warning' }, io), undefined);
    assert.deepEqual(err, ['--window must be one of 15m, 1h, 6h, 24h, 7d.', '--fail-on must be "critical" or "degraded".']);
  });

  it('backendFacts: the env default URL, and a token only for an origin it may go to', () => {
    const service = { name: 'api', folders: [''], environments: [], evidence: [] };
    const facts = backendFacts([service], { PRODLENS_PROMETHEUS_URL: 'https://prom.example.com', PRODLENS_PROMETHEUS_TOKEN: 't' });
    assert.equal(facts.api.length, 1);
    assert.equal(facts.api[0].kind, 'prometheus');
    assert.equal(facts.api[0].url, 'https://prom.example.com');
    assert.equal(facts.api[0].hasToken, false);
    assert.match(facts.api[0].tokenWithheld ?? '', /PRODLENS_PROMETHEUS_TOKEN is set but not sent to https:\/\/prom\.example\.com/);
    const local = backendFacts([service], { PRODLENS_PROMETHEUS_URL: 'http://127.0.0.1:9090', PRODLENS_PROMETHEUS_TOKEN: 't' });
    assert.equal(local.api[0].hasToken, true);
  });
});
