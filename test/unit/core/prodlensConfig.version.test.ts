import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parseProdlensConfig } from '../../../src/core/config/prodlensConfig';

// The schema (what the editor checks as you type) and the validator (what ProdLens uses) must agree on the key.
const schema = JSON.parse(readFileSync(path.join(__dirname, '../../../../media/prodlens.schema.json'), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: false });
const schemaAccepts = ajv.compile(schema);

function both(version: unknown): { schemaOk: boolean; errors: string[]; rule: unknown } {
  const doc = { services: [{ name: 'checkout-api', version }] };
  const { config, problems } = parseProdlensConfig(JSON.stringify(doc));
  return { schemaOk: schemaAccepts(doc), errors: problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`), rule: config.services[0]?.version };
}

describe('.prodlens.json "version" rule', () => {
  it('accepts a tag pattern, a list of them and "commit", in the schema and the validator alike', () => {
    for (const [version, rule] of [
      [{ ref: 'v{version}' }, { ref: ['v{version}'] }],
      [{ ref: ['checkout-api@{version}', '{service}/{version}'] }, { ref: ['checkout-api@{version}', '{service}/{version}'] }],
      [{ ref: 'commit' }, { ref: ['commit'] }],
    ] as const) {
      const r = both(version);
      assert.deepEqual(r.errors, [], JSON.stringify(version));
      assert.ok(r.schemaOk, JSON.stringify(version));
      assert.deepEqual(r.rule, rule);
    }
  });

  it('refuses, in both, a pattern without {version}, one git cannot take, and a wrong shape', () => {
    for (const version of [{ ref: 'release' }, { ref: '-{version}' }, { ref: 'v {version}' }, { ref: [] }, { ref: 3 }, 'v{version}', {}]) {
      const r = both(version);
      assert.ok(r.errors.length > 0, `validator accepted ${JSON.stringify(version)}`);
      assert.ok(r.errors.every((e) => e.startsWith('services[0].version')), r.errors.join('\n'));
      assert.equal(r.schemaOk, false, `schema accepted ${JSON.stringify(version)}`);
      assert.equal(r.rule, undefined);
    }
  });

  it('leaves a service without the key as before', () => {
    assert.equal(both(undefined).rule, undefined);
    assert.ok(both(undefined).schemaOk);
  });
});
