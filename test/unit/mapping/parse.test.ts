import * as assert from 'node:assert/strict';
import { parseTrace } from '../../../src/core/mapping/parse/parseTrace';
import { detectTraceLanguage, parseTextTrace } from '../../../src/core/mapping/parse/text';
import { parseSentryEvent } from '../../../src/core/mapping/parse/sentry';
import { parseOtelRecord } from '../../../src/core/mapping/parse/otel';
import { MAX_FRAMES } from '../../../src/core/mapping/parse/lines';
import { OtelRecordBuilder, SentryEventBuilder } from '../../builders/mapping';
import { withCpuMs } from '../../builders/cpuTime';

const NODE = 'TypeError: x is undefined\n    at a (/app/src/a.ts:1:2)\n    at b (/app/src/b.ts:3:4)';

describe('mapping/parse: language detection', () => {
  const cases: [string, string, string | undefined][] = [
    ['node', NODE, 'node'],
    ['python', 'Traceback (most recent call last):\n  File "/app/x.py", line 3, in f\nKeyError: 1', 'python'],
    ['jvm', 'java.lang.IllegalStateException: x\n\tat com.acme.A.b(A.java:3)', 'jvm'],
    ['go', 'goroutine 1 [running]:\nmain.main()\n\t/app/main.go:3 +0x1d', 'go'],
    ['dotnet', 'System.Exception: x\n   at Acme.A.B() in /src/A.cs:line 3', 'dotnet'],
    ['ruby', "app/models/a.rb:3:in 'b': x (RuntimeError)", 'ruby'],
    ['php', '#0 /var/www/src/A.php(3): A->b()\n#1 {main}', 'php'],
    ['plain prose', 'The deploy at 10:00 failed: see the dashboard at https://x.example/1:2', undefined],
  ];
  for (const [name, text, expected] of cases) {
    it(`${name}`, () => {
      assert.equal(detectTraceLanguage(text.split('\n')), expected);
    });
  }

  it('an explicit language skips detection', () => {
    const trace = parseTextTrace('  File "/app/x.py", line 3, in f', 'python');
    assert.equal(trace.language, 'python');
    assert.equal(trace.frames[0].line, 3);
  });
});

describe('mapping/parse: trace structure', () => {
  it('node: frames keep the printed order, raw line, function, path, line and column', () => {
    const trace = parseTrace(NODE);
    assert.equal(trace.source, 'text');
    assert.deepEqual(trace.frames.map((f) => [f.function, f.deployedPath, f.line, f.column, f.raw?.trim().slice(0, 4)]), [
      ['a', '/app/src/a.ts', 1, 2, 'at a'],
      ['b', '/app/src/b.ts', 3, 4, 'at b'],
    ]);
    assert.deepEqual(trace.exception, { type: 'TypeError', message: 'x is undefined' });
    assert.equal(trace.frames[0].language, 'node');
    assert.equal(trace.frames[0].group, 0);
    assert.equal(trace.groups[0].innermostFirst, true);
  });

  it('node: error codes in the header', () => {
    const trace = parseTrace("Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client\n    at ServerResponse.setHeader (node:_http_outgoing:659:11)");
    assert.deepEqual(trace.exception, { type: 'Error', message: 'Cannot set headers after they are sent to the client' });
  });

  it('python: the source line under a frame becomes its contextLine; groups are innermost-last', () => {
    const trace = parseTrace('Traceback (most recent call last):\n  File "/app/x.py", line 3, in f\n    return 1 / 0\nZeroDivisionError: division by zero');
    assert.equal(trace.frames[0].contextLine, 'return 1 / 0');
    assert.equal(trace.groups[0].innermostFirst, false);
    assert.deepEqual(trace.exception, { type: 'ZeroDivisionError', message: 'division by zero' });
  });

  it('jvm: "... N more" is recorded on its group, frames carry class and method', () => {
    const trace = parseTrace('java.lang.RuntimeException: a\n\tat com.acme.A.b(A.java:3)\nCaused by: java.io.IOException: b\n\tat com.acme.C$D.e(C.java:9)\n\t... 12 more');
    assert.equal(trace.groups.length, 2);
    assert.equal(trace.groups[1].label, 'Caused by');
    assert.equal(trace.groups[1].elided, 12);
    assert.deepEqual(trace.crashOrder, [1, 0]);
    assert.deepEqual([trace.frames[1].module, trace.frames[1].function, trace.frames[1].deployedPath], ['com.acme.C$D', 'e', 'C.java']);
  });

  it('jvm: two unrelated traces in one log stay separate groups', () => {
    const trace = parseTrace('java.lang.IllegalStateException: first\n\tat com.acme.A.b(A.java:3)\n2024-05-01 INFO ok\njava.lang.IllegalArgumentException: second\n\tat com.acme.C.d(C.java:4)');
    assert.deepEqual(trace.groups.map((g) => g.type), ['java.lang.IllegalStateException', 'java.lang.IllegalArgumentException']);
  });

  it('go: two-line frames keep both lines as raw, package as module', () => {
    const trace = parseTrace('goroutine 1 [running]:\ngithub.com/acme/x/store.(*DB).Get(0x0)\n\t/app/store/db.go:42 +0x1c');
    assert.equal(trace.frames[0].raw, 'github.com/acme/x/store.(*DB).Get(0x0)\n\t/app/store/db.go:42 +0x1c');
    assert.equal(trace.frames[0].module, 'github.com/acme/x/store');
    assert.equal(trace.groups[0].label, 'goroutine 1 [running]');
  });

  it('go: a dump whose panicking goroutine is printed second still starts the crash search there', () => {
    const trace = parseTrace('goroutine 9 [select]:\nmain.wait()\n\t/app/main.go:5 +0x1\n\ngoroutine 3 [running]:\nmain.boom()\n\t/app/main.go:9 +0x1');
    assert.deepEqual(trace.crashOrder, [1, 0]);
  });

  it('dotnet: inner exceptions are groups; frames after "End of inner exception" return to the outer one', () => {
    const trace = parseTrace('System.Exception: outer ---> System.IO.IOException: inner\n   at A.B.C() in /src/A.cs:line 1\n   --- End of inner exception stack trace ---\n   at A.B.D() in /src/A.cs:line 2');
    assert.deepEqual(trace.groups.map((g) => [g.type, g.frames]), [['System.Exception', [1]], ['System.IO.IOException', [0]]]);
    assert.deepEqual(trace.crashOrder, [1, 0]);
  });

  it('ruby: the first line is both a frame and the exception', () => {
    const trace = parseTrace("app/a.rb:3:in 'b': boom (RuntimeError)\n\tfrom app/c.rb:4:in 'd'");
    assert.deepEqual(trace.exception, { type: 'RuntimeError', message: 'boom' });
    assert.deepEqual(trace.frames.map((f) => f.function), ['b', 'd']);
  });

  it('php: the throw site from the header is the first frame; {main} is not a frame', () => {
    const trace = parseTrace('RuntimeException: boom in /var/www/src/A.php:7\nStack trace:\n#0 /var/www/src/B.php(3): A->run()\n#1 {main}');
    assert.deepEqual(trace.frames.map((f) => `${f.deployedPath}:${f.line}`), ['/var/www/src/A.php:7', '/var/www/src/B.php:3']);
    assert.deepEqual([trace.frames[1].module, trace.frames[1].function], ['A', 'run']);
  });

  it('terminal colours are stripped', () => {
    const trace = parseTrace('\u001b[31mError: red\u001b[0m\n    at \u001b[90ma (/app/a.js:1:2)\u001b[0m');
    assert.equal(trace.frames[0].deployedPath, '/app/a.js');
    assert.equal(trace.exception?.type, 'Error');
  });

  it('a stack copied out of a JSON log keeps its escapes and is still read', () => {
    const trace = parseTrace('{"msg":"boom","stack":"Error: boom\\n    at a (/app/a.js:1:2)\\n    at b (/app/b.js:3:4)"');
    assert.equal(trace.frames.length, 2);
    assert.equal(trace.frames[1].deployedPath, '/app/b.js');
  });
});

describe('mapping/parse: event JSON', () => {
  const frames = [
    { absPath: '/app/node_modules/x/index.js', lineNo: 1, colNo: 2, function: 'lib', inApp: true },
    { filename: '/app/src/a.ts', lineNo: 10, colNo: 3, function: 'handler', module: 'a', inApp: true, context: 'const x = y.z;' },
  ];

  it('sentry: the REST and ingest shapes give the same frames', () => {
    const builder = new SentryEventBuilder().exception('TypeError', 'boom', frames);
    const rest = parseSentryEvent(builder.rest())!;
    const ingest = parseSentryEvent(builder.ingest())!;
    const strip = (t: typeof rest) => t.frames.map(({ deployedPath, line, column, function: fn, inApp, contextLine }) => ({ deployedPath, line, column, fn, inApp, contextLine }));
    assert.deepEqual(strip(rest), strip(ingest));
    assert.deepEqual(strip(rest)[1], { deployedPath: '/app/src/a.ts', line: 10, column: 3, fn: 'handler', inApp: true, contextLine: 'const x = y.z;' });
    assert.equal(rest.source, 'sentry');
    assert.equal(rest.groups[0].innermostFirst, false);
  });

  it('sentry: chained exceptions are groups, the first value is the root cause', () => {
    const trace = parseSentryEvent(new SentryEventBuilder().forPlatform('python').exception('KeyError', 'a', [frames[1]]).exception('ValueError', 'b', [frames[1]]).ingest())!;
    assert.equal(trace.language, 'python');
    assert.deepEqual(trace.groups.map((g) => g.type), ['KeyError', 'ValueError']);
    assert.deepEqual(trace.crashOrder, [0, 1]);
  });

  it('sentry: an event without frames says so', () => {
    const trace = parseSentryEvent({ exception: { values: [{ type: 'E', value: 'x' }] } })!;
    assert.equal(trace.frames.length, 0);
    assert.match(trace.reason!, /no stack frames/);
  });

  const stack = 'Error: boom\n    at a (/app/src/a.ts:1:2)';
  const otelShapes: [string, Record<string, unknown>][] = [
    ['log record, plain attributes', new OtelRecordBuilder().exception('Error', 'boom', stack).plain()],
    ['span event, plain attributes', new OtelRecordBuilder().exception('Error', 'boom', stack).asSpanEvent().plain()],
    ['OTLP log export, key/value arrays', new OtelRecordBuilder().exception('Error', 'boom', stack).otlp()],
    ['OTLP span export, key/value arrays', new OtelRecordBuilder().exception('Error', 'boom', stack).asSpanEvent().otlp()],
  ];
  for (const [name, json] of otelShapes) {
    it(`otel: ${name}`, () => {
      const trace = parseTrace(JSON.stringify(json));
      assert.equal(trace.source, 'otel');
      assert.deepEqual(trace.exception, { type: 'Error', message: 'boom' });
      assert.equal(trace.frames[0].deployedPath, '/app/src/a.ts');
    });
  }

  it('otel: the SDK language picks the parser for an ambiguous stacktrace', () => {
    const json = new OtelRecordBuilder().sdkLanguage('python').exception('KeyError', "'x'", '  File "/app/a.py", line 2, in f').otlp();
    const trace = parseOtelRecord(json)!;
    assert.equal(trace.language, 'python');
    assert.equal(trace.frames[0].line, 2);
  });

  it('otel: code attributes alone give one frame', () => {
    const trace = parseOtelRecord(new OtelRecordBuilder().attribute('code.filepath', '/app/src/a.ts').attribute('code.lineno', 12).attribute('code.function', 'handler').otlp())!;
    assert.deepEqual(trace.frames.map((f) => [f.deployedPath, f.line, f.function]), [['/app/src/a.ts', 12, 'handler']]);
  });

  it('otel: exception attributes without a stacktrace keep type and message and say why there are no frames', () => {
    const trace = parseOtelRecord(new OtelRecordBuilder().exception('Error', 'boom').plain())!;
    assert.deepEqual(trace.exception, { type: 'Error', message: 'boom' });
    assert.match(trace.reason!, /no exception.stacktrace/);
  });

  it('JSON that is neither Sentry nor OpenTelemetry nor holds a stack is explained', () => {
    const trace = parseTrace('{"level":"info","msg":"started"}');
    assert.equal(trace.frames.length, 0);
    assert.match(trace.reason!, /neither a Sentry event nor an OpenTelemetry record/);
  });
});

describe('mapping/parse: never throws, bounded work', () => {
  const odd: [string, unknown][] = [
    ['empty', ''],
    ['whitespace', '  \r\n\t '],
    ['null JSON', 'null'],
    ['number JSON', '42'],
    ['array JSON', '[1, "x", null]'],
    ['broken JSON', '{"exception": {"values": [ {'],
    ['nested nulls', '{"exception":{"values":[null,{"stacktrace":null},{"stacktrace":{"frames":[null,1,"x"]}}]}}'],
    ['entries without data', '{"entries":[{"type":"exception"}]}'],
    ['not a string', undefined],
    ['binary noise', '\u0000\u0001\u0002at (\u0000:1:2)'],
  ];
  for (const [name, input] of odd) {
    it(`odd input: ${name}`, () => {
      const trace = parseTrace(input as string);
      assert.ok(Array.isArray(trace.frames));
      if (trace.frames.length === 0) assert.ok(trace.reason && trace.reason.length > 5);
    });
  }

  it('a clock time after "at" is not a frame', () => {
    assert.equal(parseTrace('The nightly job failed at 10:30:15 again').frames.length, 0);
  });

  it('plain prose says no line looks like a frame', () => {
    assert.match(parseTrace('hello world\nnothing to see').reason!, /no line looks like a stack frame/);
    assert.match(parseTrace('').reason!, /empty/);
  });

  it('caps the frame count and says the trace was truncated', () => {
    const text = `Error: x\n${Array.from({ length: MAX_FRAMES + 500 }, (_, i) => `    at f${i} (/app/a.js:${i + 1}:1)`).join('\n')}`;
    const trace = parseTrace(text);
    assert.equal(trace.frames.length, MAX_FRAMES);
    assert.equal(trace.truncated, true);
  });

  it('caps line length and input size', () => {
    const trace = parseTrace(`Error: x\n    at f (/app/${'a'.repeat(10_000)}.js:1:2)`);
    assert.equal(trace.truncated, true);
    const huge = parseTrace(`${'x'.repeat(5_000_000)}`);
    assert.equal(huge.truncated, true);
  });

  const adversarial: [string, string][] = [
    ['many "at " without a location', `${'at '.repeat(600)}\n`.repeat(200)],
    ['many colons', `    at f (${':1'.repeat(900)})\n`.repeat(200)],
    ['many File " markers', `${'File "'.repeat(300)}", line \n`.repeat(200)],
    ['many .go: markers', `${'x.go:'.repeat(300)}1 +0x\n`.repeat(200)],
    ['many :in markers', `${'a.rb:1:in '.repeat(150)}\n`.repeat(200)],
    ['many #0 markers', `${'#0 /a.php(1): '.repeat(100)}\n`.repeat(200)],
    ['many .NET frames without close', `   at A.B(${'Int32 a, '.repeat(200)}\n`.repeat(200)],
    ['a goroutine dump with 50,000 goroutines', Array.from({ length: 50_000 }, (_, i) => `goroutine ${i} [select]:\nmain.wait()\n\t/app/main.go:5 +0x1\n`).join('\n')],
    ['deeply nested JSON', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
    ['wide JSON', `{${Array.from({ length: 50_000 }, (_, i) => `"k${i}":{"x":1}`).join(',')}}`],
  ];
  for (const [name, text] of adversarial) {
    it(`adversarial input stays fast: ${name}`, () => {
      const { ms } = withCpuMs(() => parseTrace(text));
      assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms of CPU`);
    });
  }
});
