// Where `.prodlens.json` decides the services and where manifests and runtime config still fill in.
import * as assert from 'node:assert/strict';
import { detectServices, ownerOf, type WorkspaceFile } from '../../../src/core/detect/services';

const pkg = (path: string, name: string): WorkspaceFile => ({ path, text: JSON.stringify({ name }) });
const config = (path: string, services: object[]): WorkspaceFile => ({ path, text: JSON.stringify({ services }) });
const names = (files: WorkspaceFile[]) => detectServices(files).services.map((s) => [s.name, s.folders]);

describe('core/detect: a .prodlens.json defines the services of its folders', () => {
  it('one root service with folders [""] and three nested package.json: one service, the nested manifests are parts of it', () => {
    const result = detectServices([
      config('.prodlens.json', [{ name: 'shop', folders: [''] }]),
      pkg('package.json', 'shop-monorepo'),
      pkg('services/api/package.json', '@acme/api'),
      pkg('services/web/package.json', 'web'),
      pkg('packages/ui/package.json', 'ui'),
    ]);
    assert.deepEqual(result.services.map((s) => [s.name, s.folders]), [['shop', ['']]]);
    assert.deepEqual(result.services[0].otherNames?.map((o) => o.name), ['shop-monorepo']);
    const why = result.ignored.find((i) => i.path === 'services/web/package.json')?.reason;
    assert.match(why ?? '', /inside the folders of "shop" \(\.prodlens\.json\)/);
    assert.equal(ownerOf(result.services, 'services/web/src/index.ts')?.name, 'shop');
  });

  it('a service that lists no folders owns the folder of its file, and everything below it', () => {
    assert.deepEqual(names([config('.prodlens.json', [{ name: 'shop' }]), pkg('services/api/package.json', 'api')]), [['shop', ['']]]);
  });

  it('a config naming a service for services/api only: services/web is still detected from its package.json', () => {
    const api = [pkg('services/api/package.json', 'checkout-api'), pkg('services/api/worker/package.json', 'checkout-worker')];
    const { services } = detectServices([config('.prodlens.json', [{ name: 'checkout', folders: ['services/api'] }]), ...api, pkg('services/web/package.json', 'storefront')]);
    assert.deepEqual(services.map((s) => [s.name, s.folders, s.nameSource]), [
      ['checkout', ['services/api'], 'config'],
      ['storefront', ['services/web'], 'manifest'],
    ]);
  });

  it('a workspaces root whose packages are all configured is still only the root that groups them', () => {
    const result = detectServices([
      config('.prodlens.json', [{ name: 'api', folders: ['services/api'] }, { name: 'web', folders: ['services/web'] }]),
      { path: 'package.json', text: '{"name":"acme","private":true,"workspaces":["services/*"]}' },
      pkg('services/api/package.json', 'api'),
      pkg('services/web/package.json', 'web'),
    ]);
    assert.deepEqual(result.services.map((s) => s.name), ['api', 'web']);
    assert.match(result.ignored.find((i) => i.path === 'package.json')?.reason ?? '', /groups packages/);
  });

  it('runtime config fills in only outside the configured folders', () => {
    const result = detectServices([
      config('.prodlens.json', [{ name: 'checkout', folders: ['services/api'] }]),
      { path: 'services/api/jobs/.env', text: 'OTEL_SERVICE_NAME=checkout-jobs\n' },
      { path: 'services/mailer/.env', text: 'OTEL_SERVICE_NAME=mailer\n' },
    ]);
    assert.deepEqual(result.services.map((s) => [s.name, s.folders]), [['checkout', ['services/api']], ['mailer', ['services/mailer']]]);
    assert.deepEqual(result.services[0].otherNames?.map((o) => o.name), ['checkout-jobs']);
  });

  it('nested configs: each file\'s services own their folders, the nearer one wins, manifests fill in only outside both', () => {
    const files = [
      config('.prodlens.json', [{ name: 'platform', folders: ['platform'] }]),
      config('services/api/.prodlens.json', [{ name: 'api' }, { name: 'api-worker', folders: ['worker'] }]),
      pkg('services/api/package.json', 'api'),
      pkg('services/api/worker/package.json', 'worker-pkg'),
      pkg('services/api/tools/package.json', 'tools'),
      pkg('platform/auth/package.json', 'auth'),
      pkg('services/web/package.json', 'web'),
    ];
    const result = detectServices(files);
    assert.deepEqual(result.services.map((s) => [s.name, s.folders]), [
      ['platform', ['platform']],
      ['api', ['services/api']],
      ['api-worker', ['services/api/worker']],
      ['web', ['services/web']],
    ]);
    assert.deepEqual(result.services[1].evidence.map((e) => e.source), ['services/api/.prodlens.json', 'services/api/package.json']);
    assert.equal(result.services[1].otherNames, undefined);
    assert.match(result.ignored.find((i) => i.path === 'services/api/tools/package.json')?.reason ?? '', /inside the folders of "api"/);
    assert.deepEqual(result.services[2].otherNames?.map((o) => o.name), ['worker-pkg']);
    assert.equal(ownerOf(result.services, 'services/api/worker/main.ts')?.name, 'api-worker');
  });

  it('a refused config gives its folder no service at all, while a valid nested config and folders outside still work', () => {
    const result = detectServices([
      { path: 'services/.prodlens.json', text: '{ "services": [{ "name": "svc", "backends": { "sentry": { "organization": "o", "project": "p", "token": "t" } } }] }' },
      pkg('services/web/package.json', 'web'),
      { path: 'services/web/.env', text: 'OTEL_SERVICE_NAME=web-prod\n' },
      config('services/api/.prodlens.json', [{ name: 'api' }]),
      pkg('tools/cli/package.json', 'cli'),
      { path: 'docker-compose.yml', text: 'services:\n  web:\n    build: ./services/web\n    environment:\n      OTEL_SERVICE_NAME: web-prod\n' },
    ]);
    assert.deepEqual(result.services.map((s) => [s.name, s.folders]), [['api', ['services/api']], ['cli', ['tools/cli']]]);
    assert.deepEqual(result.configFiles.map((f) => [f.path, f.refused]), [['services/.prodlens.json', true], ['services/api/.prodlens.json', false]]);
    assert.match(result.ignored.find((i) => i.path === 'services/web/package.json')?.reason ?? '', /under services\/\.prodlens\.json, which is refused/);
    assert.match(result.ignored.find((i) => i.path === 'docker-compose.yml')?.reason ?? '', /names service "web-prod" for a folder under services\/\.prodlens\.json, which is refused/);
  });

  it('a config file that could not be read is refused, not skipped', () => {
    const result = detectServices([{ path: '.prodlens.json', text: '', unusable: 'is larger than 1000000 characters' }, pkg('package.json', 'app')]);
    assert.deepEqual(result.services, []);
    assert.deepEqual(result.configFiles[0].problems.map((p) => [p.line, p.column, p.message]), [[1, 1, 'The file is larger than 1000000 characters.']]);
  });
});
