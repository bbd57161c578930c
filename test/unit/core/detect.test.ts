import * as assert from 'node:assert/strict';
import { readManifest } from '../../../src/core/detect/manifests';
import { detectServices, ownerOf } from '../../../src/core/detect/services';

describe('core/detect: manifests', () => {
  const cases: [string, string, string | undefined][] = [
    ['package.json', '{"name":"@acme/orders","version":"1.0.0"}', 'orders'],
    ['pyproject.toml', '[tool.black]\nline-length = 100\n[project]\nname = "billing-svc"\n', 'billing-svc'],
    ['pyproject.toml', '[tool.poetry]\nname = "poetry-app"\n', 'poetry-app'],
    ['setup.cfg', '[metadata]\nname = legacy_app\nversion = 1\n', 'legacy_app'],
    ['go.mod', 'module github.com/acme/inventory/v2\n\ngo 1.22\n', 'inventory'],
    ['pom.xml', '<project><parent><artifactId>spring-boot-starter-parent</artifactId></parent><groupId>com.acme</groupId><artifactId>payments</artifactId></project>', 'payments'],
    ['settings.gradle.kts', 'rootProject.name = "ledger"\ninclude("app")', 'ledger'],
    ['Cargo.toml', '[package]\nname = "edge-proxy"\nversion = "0.1.0"\n[dependencies]\nname = "no"\n', 'edge-proxy'],
    ['src/Api/Acme.Api.csproj', '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>', 'Acme.Api'],
    ['src/Api/Acme.Api.csproj', '<Project><PropertyGroup><AssemblyName>acme-api</AssemblyName></PropertyGroup></Project>', 'acme-api'],
    ['package.json', '{ not json', undefined],
    ['pyproject.toml', '[build-system]\nrequires = []\n', undefined],
  ];
  for (const [path, text, expected] of cases) {
    it(`${path} → ${expected ?? 'nothing'}`, () => {
      assert.equal(readManifest(path, text)?.name, expected);
    });
  }
});

describe('core/detect: services of a workspace', () => {
  const monorepo = [
    { path: 'package.json', text: '{"name":"acme","private":true,"workspaces":["services/*"]}' },
    { path: 'services/api/package.json', text: '{"name":"@acme/checkout-api"}' },
    { path: 'services/billing/pyproject.toml', text: '[project]\nname = "billing"\n' },
    { path: 'services/api/node_modules/express/package.json', text: '{"name":"express"}' },
    { path: '.prodlens.json', text: '{"services":[{"name":"checkout","folders":["services/api"]}]}' },
  ];

  it('prefers .prodlens.json, adds manifest services, ignores dependencies and the workspaces root', () => {
    const result = detectServices(monorepo);
    assert.deepEqual(result.services.map((s) => s.name), ['checkout', 'billing']);
    assert.deepEqual(result.services[1].folders, ['services/billing']);
    assert.deepEqual(result.services[1].evidence, [{ source: 'services/billing/pyproject.toml', detail: '[project] name = "billing"' }]);
    assert.ok(result.ignored.some((i) => i.path === 'package.json' && /groups packages/.test(i.reason)));
    assert.ok(result.ignored.some((i) => i.path.includes('node_modules')));
  });

  it('the active file belongs to the nearest owning service', () => {
    const { services } = detectServices(monorepo);
    assert.equal(ownerOf(services, 'services/api/src/orders.ts')?.name, 'checkout');
    assert.equal(ownerOf(services, 'services/billing/billing/views.py')?.name, 'billing');
    assert.equal(ownerOf(services, 'services/apiary/x.ts'), undefined);
    assert.equal(ownerOf(services, 'README.md'), undefined);
  });

  it('a single-package repository is one service at the root', () => {
    const { services } = detectServices([{ path: 'go.mod', text: 'module example.com/shop\n' }]);
    assert.deepEqual(services.map((s) => [s.name, s.folders]), [['shop', ['']]]);
    assert.equal(ownerOf(services, 'cmd/main.go')?.name, 'shop');
  });

  it('reports config problems per file, and a file with an error is refused whole: not even its valid services are used', () => {
    const result = detectServices([{ path: '.prodlens.json', text: '{"services":[{"name":"ok"},{"nope":1}]}' }]);
    assert.deepEqual(result.services.map((s) => s.name), []);
    assert.equal(result.configFiles[0].refused, true);
    assert.equal(result.configFiles[0].serviceCount, 1);
    assert.deepEqual(result.configFiles[0].problems.map((p) => [p.path, p.line, p.column]), [['services[1].nope', 1, 29], ['services[1].name', 1, 28]]);
  });
});
