// ReDoS and blow-up probes: adversarial text (long runs, unclosed openers, repeated markers, megabyte lines,
// thousands of headers) through every text parser, the secret scrubber and the text cleaners. Each must
// finish in under a second of CPU; before the fixes listed in the hardening report several took seconds to minutes.
import * as assert from 'node:assert/strict';
import { parseProdlensConfig } from '../../../src/core/config/prodlensConfig';
import { readManifest } from '../../../src/core/detect/manifests';
import { readRuntimeConfig } from '../../../src/core/detect/runtimeConfig';
import { readYamlRuntimeNames } from '../../../src/core/detect/runtimeYaml';
import { scrubSecrets } from '../../../src/core/log';
import { escapeMarkdown, safeWebUrl, sparklineDataUri } from '../../../src/core/markdown';
import { parseOtelRecord, parseSentryEvent, parseTextTrace, parseTrace, type TraceLanguage } from '../../../src/core/mapping';
import { parseNextLink } from '../../../src/backends/sentry/parse';
import { joinUrl } from '../../../src/backends/http/url';
import { oneLine } from '../../../src/core/text';
import { splitJoinedTrace } from '../../../src/services/traceLocator';
import { cpuMsSince } from '../../builders/cpuTime';
import { PER_INPUT_MS } from './arbitraries';

const MB = 1024 * 1024;
const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n');

/** Generic adversarial text: every parser gets all of these. */
const GENERIC: Record<string, () => string> = {
  '100k a': () => 'a'.repeat(100_000),
  '100k (': () => '('.repeat(100_000),
  '100k )': () => ')'.repeat(100_000),
  'at at at': () => 'at '.repeat(50_000),
  '    at at at (': () => `    at ${'at ('.repeat(30_000)}`,
  '1 MB of spaces': () => ' '.repeat(MB),
  '1 MB of spaces then x': () => `${' '.repeat(MB)}x`,
  '1 MB of colons': () => ':'.repeat(MB),
  '1 MB of slashes': () => '/'.repeat(MB),
  '1 MB of backslashes': () => '\\'.repeat(MB),
  '1 MB of tabs': () => '\t'.repeat(MB),
  '1 MB of newlines': () => '\n'.repeat(MB),
  '1 MB of CRs': () => '\r'.repeat(MB),
  '1 MB line of frames': () => 'at f (/app/x.js:1:2) '.repeat(MB / 21),
  '1 MB of digits and colons': () => '1:'.repeat(MB / 2),
  'one 4 MB line': () => 'x'.repeat(4 * MB),
  'unclosed ANSI': () => '\u001b['.repeat(200_000),
  'quotes': () => '"'.repeat(200_000),
  '[] pairs': () => '[]'.repeat(200_000),
  '@ and colons': () => `f@${':1'.repeat(200_000)}`,
  '# lines': () => lines(50_000, (i) => `#${i} `),
  'File " lines': () => lines(50_000, () => 'File "'),
  'File ", line lines': () => lines(50_000, () => '  File "a", line '),
  ':in lines': () => lines(50_000, () => 'x.rb:1:in `'),
  'Error: lines': () => lines(60_000, (i) => `TypeError: ${i}`),
  'Error Error Error': () => lines(2_000, () => 'Error '.repeat(333)),
  'Caused by lines': () => lines(60_000, (i) => `Caused by: a.BException: ${i}`),
  'Suppressed lines': () => lines(60_000, () => 'Suppressed: a.B.CError'),
  '.NET inner exceptions': () => `   at A.B() in C:\\x.cs:line 1\n${lines(2_000, () => ' ---> A.BException: m'.repeat(95))}`,
  'Traceback lines': () => lines(60_000, () => 'Traceback (most recent call last):'),
  'goroutine headers': () => lines(60_000, (i) => `goroutine ${i} [running]:`),
  'nested panics': () => lines(60_000, (i) => `panic: ${i} [recovered]`),
  'panic with trailing spaces': () => lines(2_000, (i) => `panic: x${' '.repeat(1_990)}${i}`),
  'PHP headers': () => lines(60_000, (i) => `PHP Fatal error:  Uncaught E: ${i} in /a/b.php:${i + 1}`),
  'ruby headers': () => lines(3, () => `${'AError ('.repeat(240)}`) + `\napp/x.rb:1:in 'a'`,
  'eval at chains': () => `    at ${'eval at f ('.repeat(20_000)}`,
  'alternating frames and headers': () => lines(50_000, (i) => (i % 2 ? `E${i}: m` : '    at f (/a.js:1:2)')),
};

function probe(what: string, fn: () => unknown): void {
  const start = process.cpuUsage();
  fn();
  const ms = cpuMsSince(start);
  assert.ok(ms < PER_INPUT_MS, `${what} took ${ms.toFixed(0)} ms of CPU`);
}

const cache = new Map<string, string>();
function text(name: string): string {
  let t = cache.get(name);
  if (t === undefined) cache.set(name, (t = GENERIC[name]()));
  return t;
}

describe('hardening: adversarial text finishes in under a second', function () {
  this.timeout(120_000);
  after(() => cache.clear());

  it('parseTrace, on every probe', () => {
    for (const name of Object.keys(GENERIC)) {
      probe(`parseTrace(${name})`, () => parseTrace(text(name)));
      // The same text as the value of a JSON log line's stack field.
      probe(`parseTrace(JSON ${name})`, () => parseTrace(JSON.stringify({ level: 'error', err: { stack: text(name).slice(0, 1_000_000) } })));
    }
  });

  for (const language of [undefined, 'node', 'python', 'jvm', 'go', 'dotnet', 'ruby', 'php'] as (TraceLanguage | undefined)[]) {
    it(`parseTextTrace as ${language ?? 'detected'}, on every probe`, () => {
      for (const name of Object.keys(GENERIC)) probe(`parseTextTrace(${name}, ${language})`, () => parseTextTrace(text(name), language));
    });
  }

  it('splitJoinedTrace (a trace pasted into one line), on every probe joined into one line', () => {
    for (const name of Object.keys(GENERIC)) probe(`splitJoinedTrace(${name})`, () => splitJoinedTrace(text(name).slice(0, MB).replace(/[\r\n]/g, ' ')));
    probe('splitJoinedTrace(spaces before a non-frame)', () => splitJoinedTrace(`${' '.repeat(200_000)}x`));
  });

  it('parseSentryEvent and parseOtelRecord with a hundred thousand exceptions, frames and attributes', () => {
    probe('sentry: 100k exception values', () => parseSentryEvent({ exception: { values: Array.from({ length: 100_000 }, (_, i) => ({ type: `E${i}`, value: 'm' })) } }));
    probe('sentry: 100k frames', () => parseSentryEvent({ exception: { values: [{ type: 'E', stacktrace: { frames: Array.from({ length: 100_000 }, () => ({ filename: 'a.js', lineno: 1 })) } }] } }));
    probe('sentry: 1 MB strings', () => parseSentryEvent({ platform: 'a'.repeat(MB), exception: { values: [{ type: 'a'.repeat(MB), value: 'b'.repeat(MB), stacktrace: { frames: [{ filename: '/'.repeat(MB), function: '('.repeat(MB) }] } }] } }));
    probe('otel: 100k attributes', () => parseOtelRecord({ attributes: Array.from({ length: 100_000 }, (_, i) => ({ key: `k${i}`, value: { stringValue: 'v' } })) }));
    probe('otel: stack of a probe', () => parseOtelRecord({ attributes: { 'exception.stacktrace': text('Caused by lines') } }));
    probe('otel: deep', () => parseOtelRecord(JSON.parse(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`)));
  });

  it('readManifest, for every manifest kind, on every probe and on unclosed markup', () => {
    const files = ['package.json', 'pyproject.toml', 'setup.cfg', 'go.mod', 'pom.xml', 'settings.gradle', 'Cargo.toml', 'App.csproj'];
    const specific: Record<string, string> = {
      'pom <parent> unclosed': '<parent>'.repeat(120_000),
      'pom comments unclosed': '<!--'.repeat(250_000),
      'pom artifactId unclosed': '<artifactId>'.repeat(80_000),
      'go.mod blank lines': '\n'.repeat(MB - 10) + 'module x',
      'go.mod spaces': `${' '.repeat(MB - 10)}module`,
      'toml sections': '[project]\n'.repeat(90_000),
      'toml keys': '[project]\n' + `name${' '.repeat(MB - 20)}=`,
      'gradle': `rootProject.name=${' '.repeat(MB - 30)}`,
      'csproj': '<AssemblyName>'.repeat(70_000),
      'deep package.json': `${'{"a":'.repeat(150_000)}1${'}'.repeat(150_000)}`,
    };
    for (const file of files) {
      for (const name of Object.keys(GENERIC)) probe(`readManifest(${file}, ${name})`, () => readManifest(file, text(name).slice(0, MB)));
      for (const [name, t] of Object.entries(specific)) probe(`readManifest(${file}, ${name})`, () => readManifest(file, t));
    }
  });

  it('the runtime-config readers (compose, Kubernetes, Dockerfile, .env) on every probe and on long runs of spaces', () => {
    const run = `${' '.repeat(MB / 2)}`;
    // Each ends in invalid YAML, so the line-by-line fallback reads it too.
    const yaml: Record<string, string> = {
      'a value with a run of spaces': `OTEL_SERVICE_NAME: a${run}b\n: [`,
      'a named env var whose value has a run of spaces': `- name: OTEL_SERVICE_NAME\n  value: a${run}b\n: [`,
      'a line of spaces': `${run}x\n: [`,
      'spaces, a dash, spaces': `${run}-${run}x\n: [`,
      'a run of spaces before a comment': `OTEL_SERVICE_NAME: a${run}b #\n: [`,
    };
    // The generic probes are cut to 16 KB here: the YAML library itself is slow on some shapes (about 128 KB a
    // second of `[][]…`, linear, not backtracking; see the hardening report), and a compose file is a few KB.
    for (const [name, t] of Object.entries({ ...yaml, ...Object.fromEntries(Object.keys(GENERIC).map((n) => [n, text(n).slice(0, 16 * 1024)])) })) {
      probe(`readYamlRuntimeNames(compose, ${name})`, () => readYamlRuntimeNames('docker-compose.yml', t, 'compose'));
      probe(`readYamlRuntimeNames(kubernetes, ${name})`, () => readYamlRuntimeNames('k8s/deployment.yaml', t, 'kubernetes'));
      for (const file of ['Dockerfile', '.env']) probe(`readRuntimeConfig(${file}, ${name})`, () => readRuntimeConfig(file, t));
    }
  });

  it('parseProdlensConfig on every probe, deep nesting and long runs of slashes in URLs and folders', () => {
    for (const name of Object.keys(GENERIC)) probe(`parseProdlensConfig(${name})`, () => parseProdlensConfig(text(name).slice(0, MB)));
    const slashes = '/'.repeat(500_000);
    const cases: Record<string, string> = {
      'deep arrays': `{"services":[],"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
      'deep unclosed': `{"services":${'['.repeat(500_000)}`,
      'deep objects': `${'{"services":'.repeat(80_000)}`,
      'url with a run of slashes': JSON.stringify({ services: [{ name: 'a', backends: { prometheus: { url: `http://h/${slashes}x` } } }] }),
      'folder with a run of slashes': JSON.stringify({ services: [{ name: 'a', folders: [`a${slashes}x`], pathMappings: [{ from: '/app/', to: `b${slashes}x` }] }] }),
      'comment openers': '/*'.repeat(500_000),
      // Each problem is placed at its line and column: many of them in one wide object must stay linear.
      'many secret keys': JSON.stringify({ services: [], ...Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`token${i}`, 'x'])) }),
    };
    for (const [name, t] of Object.entries(cases)) {
      const result = (() => {
        let r: ReturnType<typeof parseProdlensConfig> | undefined;
        probe(`parseProdlensConfig(${name})`, () => (r = parseProdlensConfig(t)));
        return r!;
      })();
      assert.ok(Array.isArray(result.problems));
    }
    // The deep file is refused with a problem instead of overflowing the stack.
    assert.ok(parseProdlensConfig(cases['deep arrays']).problems.some((p) => /nests/.test(p.message)));
  });

  it('joinUrl, on a configured URL holding a long run of slashes', () => {
    probe('joinUrl', () => joinUrl(`http://h/${'/'.repeat(500_000)}x`, '/api/v1/query'));
  });

  it('scrubSecrets on every probe and on secret-shaped runs', () => {
    const specific: Record<string, string> = {
      'Bearer run': `Bearer ${'a'.repeat(MB)}`,
      'Bearer Bearer': 'Bearer '.repeat(150_000),
      'token= run': 'token='.repeat(150_000),
      'api_key: spaces': `api_key${' '.repeat(MB)}`,
      'api_key: spaces then colon': `api_key${' '.repeat(MB)}:`,
      'key then quotes': `"api_key"${'"'.repeat(MB)}`,
      'Token token= run': 'Token token='.repeat(80_000),
      'url creds unclosed': `//${'a'.repeat(MB)}:${'b'.repeat(MB)}`,
      'url creds repeated': '//a:'.repeat(250_000),
      'authorization colons': `authorization${':'.repeat(MB)}`,
      'basic spaces': `Basic${' '.repeat(MB)}`,
    };
    for (const name of Object.keys(GENERIC)) probe(`scrubSecrets(${name})`, () => scrubSecrets(text(name)));
    for (const [name, t] of Object.entries(specific)) probe(`scrubSecrets(${name})`, () => scrubSecrets(t));
  });

  it('the rendering helpers on every probe', () => {
    for (const name of Object.keys(GENERIC)) {
      probe(`escapeMarkdown(${name})`, () => escapeMarkdown(text(name)));
      probe(`oneLine(${name})`, () => oneLine(text(name), 120));
      probe(`safeWebUrl(${name})`, () => safeWebUrl(`https://x/${text(name).slice(0, 100_000)}`));
      probe(`parseNextLink(${name})`, () => parseNextLink(text(name).slice(0, 100_000)));
    }
    probe('oneLine(1 MB of bidi and zero-width)', () => oneLine('\u202e\u200b'.repeat(MB / 2), 120));
    probe('sparklineDataUri(1M points)', () => sparklineDataUri(Array.from({ length: 1_000_000 }, (_, i) => i % 97)));
  });
});
