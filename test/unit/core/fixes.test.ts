import * as assert from 'node:assert/strict';
import { derivePathMappings, jsonSnippet, mappingBetween, suggestSelector, unmappedFramesOf, type UnmappedFrame } from '../../../src/core/diagnostics/fixes';
import { FileIndex } from '../../../src/core/mapping';
import type { HealthSnapshot } from '../../../src/core/model';

const nomatch = (deployedPath: string): UnmappedFrame => ({ deployedPath, reason: 'nomatch', candidates: [] });

describe('core/diagnostics: fixes derived from the workspace and the server', () => {
  const index = new FileIndex([
    'services/api/src/orders.ts',
    'services/api/src/lib/money.ts',
    'services/web/src/index.ts',
    'services/api/src/index.ts',
    'app/main.py',
    'README.md',
  ]);

  it('mappingBetween: the deployed prefix and the workspace prefix around the shared path suffix', () => {
    assert.deepEqual(mappingBetween('/app/src/orders.ts', 'services/api/src/orders.ts'), { from: '/app/', to: 'services/api/' });
    assert.deepEqual(mappingBetween('/srv/app/main.py', 'app/main.py'), { from: '/srv/', to: '' });
    assert.deepEqual(mappingBetween('webpack:///./src/orders.ts', 'services/api/src/orders.ts'), { from: 'webpack:///./', to: 'services/api/' });
    assert.deepEqual(mappingBetween('C:\\build\\agent\\src\\orders.ts', 'services/api/src/orders.ts'), { from: 'C:/build/agent/', to: 'services/api/' });
    // A shared file name alone is not enough, and a path that is already the file needs no mapping.
    assert.equal(mappingBetween('/app/lib/orders.ts', 'services/api/src/orders.ts'), undefined);
    assert.equal(mappingBetween('services/api/src/orders.ts', 'services/api/src/orders.ts'), undefined);
  });

  it('a wrong configured mapping: the fix replaces it, counts every frame it maps, and keeps one example', () => {
    const configured = [{ from: '/app/', to: 'services/web/' }];
    const { fixes, ambiguous } = derivePathMappings([nomatch('/app/src/orders.ts'), nomatch('/app/src/lib/money.ts'), nomatch('/app/src/orders.ts')], index, configured);
    assert.deepEqual(ambiguous, []);
    assert.equal(fixes.length, 1);
    assert.deepEqual({ ...fixes[0] }, {
      from: '/app/',
      to: 'services/api/',
      frames: 3,
      example: { deployed: '/app/src/orders.ts', file: 'services/api/src/orders.ts' },
      covers: ['/app/src/orders.ts', '/app/src/lib/money.ts'],
      replaces: { from: '/app/', to: 'services/web/' },
    });
  });

  it('no configured mapping: the fix adds one; a file that exists nowhere gives no fix', () => {
    const { fixes } = derivePathMappings([nomatch('/opt/shop/src/orders.ts'), nomatch('/opt/shop/src/gone.ts')], index, []);
    assert.deepEqual(fixes.map((f) => [f.from, f.to, f.frames, f.replaces]), [['/opt/shop/', 'services/api/', 1, undefined]]);
  });

  it('two files share the suffix: no fix is guessed; an ambiguous frame lists one mapping per candidate', () => {
    assert.deepEqual(derivePathMappings([nomatch('/app/src/index.ts')], index, []).fixes, []);
    const { ambiguous } = derivePathMappings([{ deployedPath: '/app/src/index.ts', reason: 'ambiguous', candidates: ['services/api/src/index.ts', 'services/web/src/index.ts'] }], index, []);
    assert.deepEqual(ambiguous, [{
      from: '/app/',
      alternatives: [{ to: 'services/api/', file: 'services/api/src/index.ts' }, { to: 'services/web/', file: 'services/web/src/index.ts' }],
      example: '/app/src/index.ts',
      frames: 1,
    }]);
  });

  it('unmappedFramesOf: only frames with a path that failed as nomatch or ambiguous, aligned with their mappings', () => {
    const snapshot = {
      errors: [{
        id: '1', source: 'sentry', title: 'x', level: 'error', count: 1,
        frames: [{ deployedPath: '/app/node_modules/x.js' }, { deployedPath: '/app/src/a.ts', line: 3 }, { function: 'anon' }, { deployedPath: '/app/src/b.ts' }],
        frameMappings: [
          { location: null, unmapped: 'library' },
          { location: null, unmapped: 'nomatch', explanation: 'no file' },
          { location: null, unmapped: 'nomatch' },
          { location: { file: 'b.ts', line: 1, confidence: 'high', reason: 'r' }, unmapped: null },
        ],
      }],
    } as unknown as HealthSnapshot;
    assert.deepEqual(unmappedFramesOf(snapshot), [{ deployedPath: '/app/src/a.ts', line: 3, reason: 'nomatch', explanation: 'no file', candidates: [] }]);
  });

  it('suggestSelector: the value equal to the service name, else the one close to it, else the only one; never a guess among many', () => {
    assert.deepEqual(suggestSelector('checkout', { job: 'checkout-prod' }, { job: ['cart', 'checkout'], service_name: ['checkout'] }), { job: 'checkout' });
    assert.deepEqual(suggestSelector('checkout', undefined, { service_name: ['Checkout_API'] }), { service_name: 'Checkout_API' });
    assert.deepEqual(suggestSelector('checkout', undefined, { job: ['checkout-api', 'cart'] }), { job: 'checkout-api' });
    assert.deepEqual(suggestSelector('billing', undefined, { job: ['payments'] }), { job: 'payments' });
    assert.equal(suggestSelector('billing', undefined, { job: ['payments', 'cart'] }), undefined);
    assert.equal(suggestSelector('billing', undefined, {}), undefined);
  });

  it('jsonSnippet writes one line, spaced as in .prodlens.json', () => {
    assert.equal(jsonSnippet({ pathMappings: [{ from: '/app/', to: 'services/api/' }] }), '{ "pathMappings": [{ "from": "/app/", "to": "services/api/" }] }');
    assert.equal(jsonSnippet({ selector: { job: 'a"b' }, skipped: undefined }), '{ "selector": { "job": "a\\"b" } }');
  });
});
