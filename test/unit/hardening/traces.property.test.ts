// Property tests over the stack-trace parsers: text traces of every language, Sentry events and
// OpenTelemetry records. 10,000 malformed inputs each; the only outcomes are a trace with frames, or an
// empty-frames trace with a reason (or, for the JSON readers, "not this format"); never an exception or a hang.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseOtelRecord, parseSentryEvent, parseTextTrace, parseTrace, type ParsedTrace } from '../../../src/core/mapping';
import { OtelRecordBuilder, SentryEventBuilder } from '../../builders/mapping';
import { RUNS, bounded, malformedAnswers, nearMissTraces, randomText } from './arbitraries';

const TRACES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'mapping', 'traces');
const MAX_FRAMES = 2_000;
const LANGUAGES: readonly unknown[] = [undefined, 'node', 'python', 'jvm', 'go', 'dotnet', 'ruby', 'php'];

function fixtures(ext: string): string[] {
  return fs.readdirSync(TRACES).flatMap((lang) => fs.readdirSync(path.join(TRACES, lang)).filter((f) => f.endsWith(ext)).map((f) => fs.readFileSync(path.join(TRACES, lang, f), 'utf8')));
}

/** The shape every trace parser promises, whatever the input. */
function assertWellFormed(trace: ParsedTrace, what: string): void {
  assert.ok(Array.isArray(trace.frames) && Array.isArray(trace.groups) && Array.isArray(trace.crashOrder), `${what}: not a trace`);
  assert.ok(trace.frames.length <= MAX_FRAMES, `${what}: ${trace.frames.length} frames`);
  if (trace.frames.length === 0) assert.ok(typeof trace.reason === 'string' && trace.reason.length > 0, `${what}: no frames and no reason`);
  for (const i of trace.crashOrder) assert.ok(Number.isInteger(i) && i >= 0 && i < trace.groups.length, `${what}: crash order ${i} of ${trace.groups.length} groups`);
  for (const f of trace.frames) {
    if (f.group !== undefined) assert.ok(f.group >= 0 && f.group < trace.groups.length, `${what}: frame in group ${f.group}`);
    if (f.line !== undefined) assert.ok(Number.isInteger(f.line) && f.line > 0, `${what}: line ${f.line}`);
  }
  assert.equal(typeof trace.truncated, 'boolean');
  assert.ok(LANGUAGES.includes(trace.language) && trace.frames.every((f) => LANGUAGES.includes(f.language)), `${what}: a language that is not one`);
}

describe('hardening: stack-trace parsers never fail badly', function () {
  this.timeout(120_000);

  const textTraces = fixtures('.txt');
  const jsonTraces = fixtures('.json').map((t) => JSON.parse(t) as unknown);
  const sentry = new SentryEventBuilder().forPlatform('python')
    .exception('KeyError', "'sku'", [{ filename: 'shop/views.py', absPath: '/srv/app/shop/views.py', lineNo: 17, function: 'detail', inApp: true, context: 'x = y' }])
    .exception('ValueError', 'bad', [{ filename: 'lib.py', lineNo: 3 }]);
  const otel = new OtelRecordBuilder().exception('TypeError', 'x', 'TypeError: x\n    at f (/app/src/a.ts:1:2)').sdkLanguage('nodejs').attribute('code.filepath', '/app/src/a.ts').attribute('code.lineno', 12);
  const events = [...jsonTraces, sentry.rest(), sentry.ingest(), otel.plain(), otel.otlp(), otel.asSpanEvent().otlp(), { level: 'error', err: { stack: textTraces[0] } }];
  const text = fc.oneof({ weight: 3, arbitrary: nearMissTraces(textTraces) }, { weight: 1, arbitrary: randomText });
  const jsonValues = malformedAnswers(events);

  it('parseTextTrace: frames, or no frames and a reason, for any text', () => {
    fc.assert(fc.property(text, fc.constantFrom(undefined, 'node', 'python', 'jvm', 'go', 'dotnet', 'ruby', 'php') as fc.Arbitrary<Parameters<typeof parseTextTrace>[1]>, (input, language) => {
      assertWellFormed(bounded('parseTextTrace', () => parseTextTrace(input, language)), 'parseTextTrace');
    }), RUNS);
  });

  it('parseTrace: the same for text, JSON text and JSON log lines', () => {
    const input = fc.oneof(text, jsonValues.map((v) => {
      try {
        return JSON.stringify(v) ?? '';
      } catch {
        return '{';
      }
    }));
    fc.assert(fc.property(input, (value) => {
      assertWellFormed(bounded('parseTrace', () => parseTrace(value)), 'parseTrace');
    }), RUNS);
  });

  it('parseSentryEvent: a trace or "not a Sentry event" for any JSON', () => {
    fc.assert(fc.property(jsonValues, (value) => {
      const trace = bounded('parseSentryEvent', () => parseSentryEvent(value));
      if (trace) assertWellFormed(trace, 'parseSentryEvent');
    }), RUNS);
  });

  it('parseOtelRecord: a trace or "not an OpenTelemetry record" for any JSON', () => {
    fc.assert(fc.property(jsonValues, (value) => {
      const trace = bounded('parseOtelRecord', () => parseOtelRecord(value));
      if (trace) assertWellFormed(trace, 'parseOtelRecord');
    }), RUNS);
  });
});
