// media/prodlens.schema.json (what VS Code checks as you type) and parseProdlensConfig (what ProdLens and the CLI
// act on) must accept and reject the same .prodlens.json documents, or the editor shows a file as fine that
// ProdLens then refuses, or squiggles one it uses. Documents are generated from the schema's own structure:
// valid ones, then near-misses with one mutation somewhere (a wrong type, an unknown or secret-looking key, a
// missing field, an empty or padded string, a bad URL...). "Accepts" means: no error from the validator
// (warnings do not refuse a file, README `.prodlens.json`), no error from the schema.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import * as fc from 'fast-check';
import { isRefused, parseProdlensConfig } from '../../../../src/core/config/prodlensConfig';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..', '..');

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  enum?: string[];
  pattern?: string;
  format?: string;
  minLength?: number;
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
};

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'media', 'prodlens.schema.json'), 'utf8')) as Schema;

function compileSchema(): (doc: unknown) => boolean {
  const ajv = new Ajv({ strict: true, allErrors: false });
  // VS Code's own keywords (messages and snippets for the editor), not validation.
  ajv.addVocabulary(['errorMessage', 'patternErrorMessage', 'defaultSnippets', 'markdownDescription']);
  // As VS Code's JSON language service checks `"format": "uri"`: not empty, and a scheme before the rest.
  ajv.addFormat('uri', (value: string) => value.length > 0 && /^([^:/?#]+?):/.test(value));
  const validate = ajv.compile(schema);
  return (doc) => validate(doc);
}

const schemaAccepts = compileSchema();
const validatorAccepts = (doc: unknown): boolean => !isRefused(parseProdlensConfig(JSON.stringify(doc)).problems);

/** Free text: anything with a visible character. */
const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '' && s.trim() === s);
const url = fc.oneof(
  fc.constantFrom('https://prom.example.com', 'http://127.0.0.1:9090', 'https://mimir.example.com/prometheus/', 'http://[::1]:9093', 'https://sentry.example.com/path@x?q=1'),
  fc.webUrl({ validSchemes: ['http', 'https'] }),
);
/** Keys of string maps (selector, headers, matchers): label-like, never secret-looking. */
const mapKey = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,10}$/).filter((k) => !/token|secret|passw|api[-_]?key|authori|credential|private/i.test(k) && k !== '__proto__');

/** `pattern` with its lookahead groups taken out (nested ones too), for generating: they only narrow a match. */
function withoutLookaheads(pattern: string): string {
  let out = '';
  let depth = 0; // > 0 inside a lookahead: how many groups are open in it
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const token = c === '\\' ? pattern.slice(i, i + 2) : c;
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(' && depth === 0 && /^\(\?[!=]/.test(pattern.slice(i, i + 3))) {
      depth = 1;
      continue;
    } else if (c === '(' && depth > 0) depth++;
    else if (c === ')' && depth > 0) {
      depth--;
      continue;
    }
    if (depth === 0) out += token;
  }
  return out;
}

/** A valid value for a schema node, derived from its type, enum, pattern, format and required fields. */
function valid(node: Schema): fc.Arbitrary<unknown> {
  if (node.const !== undefined) return fc.constant(node.const);
  if (node.enum) return fc.constantFrom(...node.enum);
  // A choice: one branch at a time, each with the constraints of the node around it (its type, say).
  const { oneOf, anyOf, ...around } = node;
  const branches = oneOf ?? anyOf;
  if (branches) return fc.oneof(...branches.map((branch) => valid({ ...around, ...branch })));
  switch (node.type) {
    case 'string':
      if (node.format === 'uri') return url;
      if (!node.pattern) return text;
      {
        // fast-check generates from a regex without lookaheads: drop them to generate, keep them to filter.
        const whole = new RegExp(node.pattern);
        return fc.stringMatching(new RegExp(withoutLookaheads(node.pattern))).filter((s) => s.length <= 40 && whole.test(s));
      }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valid(node.items ?? {}), { minLength: node.minItems ?? 0, maxLength: 3 });
    case 'object': {
      if (node.properties) {
        const props = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, valid(v)]));
        return fc.record(props, { requiredKeys: node.required ?? [] });
      }
      const values = typeof node.additionalProperties === 'object' ? valid(node.additionalProperties) : text;
      return fc.dictionary(mapKey, values, { maxKeys: 3 });
    }
    default:
      return fc.constant('x');
  }
}

const serviceSchema = schema.properties!.services.items!;
const validDocument = fc
  .uniqueArray(valid(serviceSchema) as fc.Arbitrary<Record<string, unknown>>, { minLength: 1, maxLength: 2, selector: (s) => String(s.name).trim() })
  .map((services) => ({ services }));

const BAD_URLS = ['ftp://prom.example.com', 'https://user:pw@prom.example.com', 'prom.example.com', 'https://', ' https://prom.example.com', 'https://prom.example.com ', 'HTTPS://prom.example.com', 'http://prom.example.com:99999', 'http://[::1', 'http://a b.example.com', 'http://:9090'];
const WRONG_TYPES: unknown[] = [42, true, null, [], {}, ['x'], { a: 'b' }];
const STRINGS = ['', '   ', ' padded ', 'has space', 'p', 'Pabc', 'PABC123', ...BAD_URLS];
const KEYS = ['unknownField', 'token', 'apiKey', 'private_key', 'Authorization', 'datadog', 'prometheus', 'rates', 'caFile'];

type Mutation = { at: (string | number)[]; kind: 'set'; value: unknown } | { at: (string | number)[]; kind: 'delete' } | { at: (string | number)[]; kind: 'add'; key: string; value: unknown };

/** Every place in the document: the paths of its objects, arrays and leaves. */
function places(value: unknown, at: (string | number)[] = []): { at: (string | number)[]; value: unknown }[] {
  const here = { at, value };
  if (Array.isArray(value)) return [here, ...value.flatMap((v, i) => places(v, [...at, i]))];
  if (typeof value === 'object' && value !== null) return [here, ...Object.entries(value).flatMap(([k, v]) => places(v, [...at, k]))];
  return [here];
}

function mutations(doc: unknown): fc.Arbitrary<Mutation> {
  const all = places(doc);
  return fc.constantFrom(...all).chain(({ at, value }) => {
    const options: fc.Arbitrary<Mutation>[] = [];
    if (at.length > 0) {
      options.push(fc.constantFrom(...WRONG_TYPES, ...STRINGS).map((v): Mutation => ({ at, kind: 'set', value: v })));
      options.push(fc.constant<Mutation>({ at, kind: 'delete' }));
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      options.push(fc.record({ key: fc.constantFrom(...KEYS), value: fc.constantFrom<unknown>('x', {}, { url: 'https://x.example.com' }) }).map(({ key, value: v }): Mutation => ({ at, kind: 'add', key, value: v })));
    }
    return options.length ? fc.oneof(...options) : fc.constant<Mutation>({ at: ['services'], kind: 'set', value: 'x' });
  });
}

function apply(doc: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  const parentPath = mutation.kind === 'add' ? mutation.at : mutation.at.slice(0, -1);
  let parent: Record<string | number, unknown> = copy;
  for (const step of parentPath) parent = parent[step] as Record<string | number, unknown>;
  if (mutation.kind === 'add') parent[mutation.key] = mutation.value;
  else {
    const last = mutation.at[mutation.at.length - 1];
    if (mutation.kind === 'set') parent[last] = mutation.value;
    else if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  }
  return copy;
}

const nearMiss = validDocument.chain((doc) => mutations(doc).map((m) => apply(doc, m)));

function assertAgree(doc: unknown): void {
  const bySchema = schemaAccepts(doc);
  const byValidator = validatorAccepts(doc);
  if (bySchema !== byValidator) {
    const problems = parseProdlensConfig(JSON.stringify(doc)).problems.map((p) => `${p.severity} ${p.path}: ${p.message}`);
    assert.fail(`schema ${bySchema ? 'accepts' : 'rejects'}, validator ${byValidator ? 'accepts' : 'rejects'}: ${JSON.stringify(doc)}\n${problems.join('\n')}`);
  }
}

const svc = (fields: Record<string, unknown>) => ({ services: [{ name: 'api', ...fields }] });
const prom = (fields: Record<string, unknown>) => svc({ backends: { prometheus: { url: 'https://prom.example.com', ...fields } } });

/** Each disagreement the property found, as a named example, with the verdict both now give. */
const REGRESSIONS: [name: string, doc: unknown, accepted: boolean][] = [
  ['a secret-looking key at the root', { Authorization: 'Bearer x', services: [] }, false],
  ['a "private_key" label in a selector', prom({ selector: { private_key: 'x' } }), false],
  ['a label that only starts like "password"', prom({ selector: { passw: 'x' } }), true],
  ['an unknown backend (a warning, README)', svc({ backends: { datadog: { url: 'https://dd.example.com' } } }), true],
  ['a misspelt field of a service', svc({ pathMapping: [{ from: '/app/', to: '' }] }), false],
  ['a misspelt field of a backend', prom({ selecter: { job: 'api' } }), false],
  ['an unknown field of tls', prom({ tls: { cafile: 'ca.pem' } }), false],
  ['an unknown field of metrics', prom({ metrics: { requests: 'http_requests_total', route: 'handler' } }), false],
  ['an unknown field of a path mapping', svc({ pathMappings: [{ from: '/app/', to: '', prefix: true }] }), false],
  ['an unknown query', prom({ queries: { rate: 'sum(x)' } }), false],
  ['a blank service name', { services: [{ name: '   ' }] }, false],
  ['a service name with spaces around it', { services: [{ name: ' api ' }] }, true],
  ['an empty Sentry organization', svc({ backends: { sentry: { organization: '', project: 'api' } } }), false],
  ['an empty path mapping "from"', svc({ pathMappings: [{ from: '', to: 'src' }] }), false],
  ['an empty caFile', prom({ tls: { caFile: '' } }), false],
  ['a URL with a leading space', svc({ backends: { alertmanager: { url: ' https://am.example.com' } } }), false],
  ['a URL with a space inside', svc({ backends: { alertmanager: { url: 'https://am.example.com/a b' } } }), false],
  ['a URL with an upper-case scheme', svc({ backends: { alertmanager: { url: 'HTTPS://am.example.com' } } }), true],
  ['a port out of range', svc({ backends: { alertmanager: { url: 'http://am.example.com:99999' } } }), false],
  ['a URL without a host', svc({ backends: { alertmanager: { url: 'http://:9093' } } }), false],
  ['a metric name with a space before it', prom({ metrics: { requests: ' http_requests_total' } }), false],
  ['a PagerDuty id in lower case', svc({ backends: { pagerduty: { serviceIds: ['pabc123'] } } }), false],
  ['a "$schema" that is not a string', { $schema: 7, services: [] }, false],
  ['the version rule "checkout-api@{version}"', svc({ version: { ref: 'checkout-api@{version}' } }), true],
  ['a version pattern ending in "."', svc({ version: { ref: ['{version}.'] } }), false],
  ['a version pattern starting with "."', svc({ version: { ref: '.{version}' } }), false],
  ['a version pattern ending in ".lock"', svc({ version: { ref: '{version}.lock' } }), false],
  ['a version pattern with "@{" not before {version}', svc({ version: { ref: 'x@{y}{version}' } }), false],
  ['a version pattern with a space before it', svc({ version: { ref: ' v{version}' } }), false],
  ['an unknown field of the version rule', svc({ version: { ref: 'commit', tag: 'x' } }), false],
];

describe('core/config: the JSON Schema and the validator agree', () => {
  for (const [name, doc, accepted] of REGRESSIONS) {
    it(`${accepted ? 'both accept' : 'both refuse'} ${name}`, () => {
      assert.equal(schemaAccepts(doc), accepted, 'the schema');
      assert.equal(validatorAccepts(doc), accepted, 'the validator');
    });
  }

  it('both accept every valid document generated from the schema', () => {
    fc.assert(fc.property(validDocument, (doc) => {
      assert.ok(schemaAccepts(doc), `the schema rejects its own document ${JSON.stringify(doc)}`);
      assertAgree(doc);
    }), { numRuns: 300 });
  });

  it('both accept or both reject every near-miss', () => {
    fc.assert(fc.property(nearMiss, assertAgree), { numRuns: 1500 });
  });
});
