// The registry is what the extension polls from: a refused or unreadable `.prodlens.json` must leave it with
// no service for that config's folder, and its log (the ProdLens output channel) must say where and why.
import * as assert from 'node:assert/strict';
import { createLogger } from '../../../src/core/log';
import { ServiceRegistry, type WorkspaceAccess } from '../../../src/services/serviceRegistry';

function workspace(files: Record<string, string | undefined>): WorkspaceAccess {
  return {
    findManifestFiles: async () => Object.keys(files),
    readText: async (path) => files[path],
  };
}

async function detect(files: Record<string, string | undefined>) {
  const lines: string[] = [];
  const registry = new ServiceRegistry(workspace(files), createLogger((level, line) => level === 'warn' && lines.push(line)));
  const result = await registry.detect();
  registry.dispose();
  return { result, services: registry.services.map((s) => s.name), lines };
}

describe('services/serviceRegistry: refused config files', () => {
  it('a secret in .prodlens.json: no service, and the log gives file:line:column and what refusing means', async () => {
    const { services, lines } = await detect({
      '.prodlens.json': '{\n  "services": [{ "name": "shop",\n    "backends": { "pagerduty": { "serviceIds": ["P1"], "apiKey": "k" } } }]\n}',
      'package.json': '{"name":"shop"}',
    });
    assert.deepEqual(services, []);
    assert.match(lines[0], /^\.prodlens\.json:3:56: services\[0\]\.backends\.pagerduty\.apiKey: /);
    assert.match(lines[1], /^\.prodlens\.json is refused because of the error\(s\) above: no request is sent for the services of its folder until it is fixed\.$/);
  });

  it('a config that cannot be read, or is too large, is refused instead of skipped (manifests must not stand in for it)', async () => {
    const unreadable = await detect({ 'api/.prodlens.json': undefined, 'api/package.json': '{"name":"api"}', 'web/package.json': '{"name":"web"}' });
    assert.deepEqual(unreadable.services, ['web']);
    assert.equal(unreadable.lines[0], 'api/.prodlens.json:1:1: The file could not be read.');
    const huge = await detect({ '.prodlens.json': `{"services":[]}${' '.repeat(1_000_001)}`, 'package.json': '{"name":"app"}' });
    assert.deepEqual(huge.services, []);
    assert.equal(huge.result.configFiles[0].refused, true);
  });

  it('a valid config is used, and warnings do not refuse it', async () => {
    const { services, result, lines } = await detect({ '.prodlens.json': '{"services":[{"name":"shop","backends":{"bogus":{}}}]}', 'lib/package.json': '{"name":"lib"}' });
    assert.deepEqual(services, ['shop']);
    assert.equal(result.configFiles[0].refused, false);
    assert.match(lines[0], /^\.prodlens\.json:1:41: services\[0\]\.backends\.bogus: Unknown backend/);
  });
});
