// Property tests over the workspace parsers: `.prodlens.json` (parseProdlensConfig) and the build manifests
// (readManifest). A hostile repository controls both, so 10,000 malformed inputs each: the only outcomes
// are a config with a problems list, or a service name / nothing; never an exception, never a hang.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseProdlensConfig } from '../../../src/core/config/prodlensConfig';
import { readManifest } from '../../../src/core/detect/manifests';
import { RUNS, bounded, malformedAnswers, nastyString, nearMissTraces, randomText } from './arbitraries';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

const VALID_CONFIG = {
  services: [
    {
      name: 'checkout-api',
      folders: ['services/checkout-api'],
      environments: ['production', 'staging'],
      pathMappings: [{ from: '/usr/src/app/', to: 'services/checkout-api/' }],
      backends: {
        prometheus: { url: 'http://127.0.0.1:39090', selector: { job: 'checkout-api' }, headers: { 'X-Scope-OrgID': 'acme' }, queries: { errorRatio: 'sum(rate(x[5m]))' } },
        alertmanager: { url: 'http://127.0.0.1:39093', matchers: { service: 'checkout-api' } },
        sentry: { url: 'https://sentry.example.com', organization: 'acme', project: 'checkout-api' },
        pagerduty: { serviceIds: ['PCHKOUT'] },
      },
    },
    { name: 'billing', backends: { sentry: { organization: 'acme', project: 'billing' } } },
  ],
};

/** The service registry reads no workspace file larger than this (MAX_MANIFEST_BYTES). */
const MAX_FILE_CHARS = 1_000_000;

/** The text of a generated value, cut where the registry would stop reading; values JSON cannot hold become a cut-off document. */
function jsonText(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? 'undefined').slice(0, MAX_FILE_CHARS);
  } catch {
    return '{"services": [';
  }
}

function assertProblemsResult(text: string, prefix: string): void {
  const result = bounded('parseProdlensConfig', () => parseProdlensConfig(text, prefix));
  assert.ok(Array.isArray(result.problems) && Array.isArray(result.config.services));
  for (const p of result.problems) {
    assert.equal(typeof p.path, 'string');
    assert.ok(typeof p.message === 'string' && p.message.length > 0);
    assert.ok(p.severity === 'error' || p.severity === 'warning');
  }
  for (const s of result.config.services) {
    assert.ok(typeof s.name === 'string' && s.name.trim() !== '');
    // Whatever the file says, a backend URL that survives is http(s) without credentials.
    for (const b of Object.values(s.backends)) {
      const url = new URL((b as { url: string }).url);
      assert.ok(url.protocol === 'http:' || url.protocol === 'https:');
      assert.equal(url.username + url.password, '');
    }
  }
}

describe('hardening: workspace parsers never fail badly', function () {
  this.timeout(120_000);

  describe('.prodlens.json', () => {
    const demoText = fs.readFileSync(path.join(ROOT, 'demo', '.prodlens.json'), 'utf8');
    const jsonTexts = malformedAnswers([VALID_CONFIG, { services: [] }]).map(jsonText);
    const texts = fc.oneof(
      { weight: 5, arbitrary: jsonTexts },
      // JSONC as people write it: comments, trailing commas, cut off anywhere, markers spliced in.
      { weight: 3, arbitrary: nearMissTraces([demoText, JSON.stringify(VALID_CONFIG, null, 2)]) },
      { weight: 2, arbitrary: randomText },
      { weight: 1, arbitrary: fc.constantFrom('{"services":' + '['.repeat(5_000), '/*'.repeat(10_000), '"'.repeat(10_000), '{'.repeat(5_000) + '}'.repeat(5_000)) },
    );

    it('any text gives a config and a problems list, nothing else', () => {
      fc.assert(fc.property(texts.map((t) => t.slice(0, MAX_FILE_CHARS)), fc.constantFrom('', 'services/x', './a/b/', '\\\\srv\\share'), (text, prefix) => {
        assertProblemsResult(text, prefix);
      }), RUNS);
    });
  });

  describe('build manifests', () => {
    const valid: Record<string, string> = {
      'package.json': JSON.stringify({ name: '@acme/checkout', version: '1.0.0', workspaces: ['packages/*'] }),
      'pyproject.toml': '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "billing"\nversion = "0.1.0"\n\n[tool.poetry]\nname = "x"\n',
      'setup.cfg': '[metadata]\nname = billing\nversion = 1.0\n\n[options]\npackages = find:\n',
      'go.mod': 'module github.com/acme/shipping/v2\n\ngo 1.22\n\nrequire (\n\tgithub.com/x/y v1.0.0\n)\n',
      'pom.xml': '<project><!-- c --><parent><artifactId>parent</artifactId></parent><artifactId>orders</artifactId><dependencies><dependency><artifactId>dep</artifactId></dependency></dependencies></project>',
      'settings.gradle.kts': 'rootProject.name = "inventory"\ninclude("app")\n',
      'Cargo.toml': '[package]\nname = "ledger"\nversion = "0.1.0"\n\n[dependencies]\nserde = "1"\n',
      'Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><AssemblyName>Acme.Api</AssemblyName></PropertyGroup></Project>',
    };
    const fileNames = [...Object.keys(valid), 'settings.gradle', 'other.txt'];
    const manifest = fc.record({
      file: fc.constantFrom(...fileNames),
      folder: fc.constantFrom('', 'services/api/', 'a/b/c/', ' /'),
      text: fc.oneof(
        { weight: 4, arbitrary: nearMissTraces(Object.values(valid)) },
        { weight: 2, arbitrary: randomText },
        { weight: 1, arbitrary: nastyString },
        { weight: 1, arbitrary: malformedAnswers([JSON.parse(valid['package.json'])]).map(jsonText) },
      ),
    });

    it('any manifest text gives a service name or nothing', () => {
      fc.assert(fc.property(manifest, ({ file, folder, text }) => {
        const hit = bounded(`readManifest(${file})`, () => readManifest(`${folder}${file}`, text.slice(0, MAX_FILE_CHARS)));
        if (hit) {
          assert.ok(hit.name.length > 0 && hit.name === hit.name.trim());
          assert.equal(hit.evidence.source, `${folder}${file}`);
        }
      }), RUNS);
    });
  });
});
