import * as assert from 'node:assert/strict';
import type { MappingResult } from '../../../src/core/model';
import { codeAttributesToFrame } from '../../../src/core/mapping/attributes';
import { mapFrame } from '../../../src/core/mapping/mapFrame';
import { locatedFrames, mapCodeAttributes, mapTrace, pickCrashFrame, traceOfFrames } from '../../../src/core/mapping/mapTrace';
import { parseTrace } from '../../../src/core/mapping/parse/parseTrace';
import { contextFor } from './workspaces';

const at = (r: MappingResult) => (r.location ? `${r.location.file}:${r.location.line}` : `!${r.unmapped}`);

describe('mapping/mapCodeAttributes: OpenTelemetry code attributes', () => {
  const node = contextFor('ts-monorepo');
  const maven = contextFor('maven');
  const python = contextFor('python-pkg');
  const cases: [string, unknown, ReturnType<typeof contextFor>, string][] = [
    ['current names', { 'code.file.path': '/app/src/orders/orders.service.ts', 'code.line.number': 42, 'code.column.number': 7, 'code.function.name': 'OrdersService.place' }, node, 'services/api/src/orders/orders.service.ts:42'],
    ['old names', { 'code.filepath': '/app/src/lib/db.ts', 'code.lineno': '18', 'code.function': 'connect' }, node, 'services/api/src/lib/db.ts:18'],
    ['Prometheus label forms', { code_filepath: '/app/src/lib/db.ts', code_lineno: '18', code_function: 'connect', job: 'api' }, node, 'services/api/src/lib/db.ts:18'],
    ['current names as Prometheus labels', { code_file_path: '/app/src/routes.ts', code_line_number: '9' }, node, 'services/api/src/routes.ts:9'],
    ['OTLP key/value array', [{ key: 'code.filepath', value: { stringValue: '/app/src/routes.ts' } }, { key: 'code.lineno', value: { intValue: '9' } }], node, 'services/api/src/routes.ts:9'],
    ['Java namespace + function, no file', { 'code.namespace': 'com.acme.orders.OrderService', 'code.function': 'place', 'code.lineno': 42 }, maven, 'orders/src/main/java/com/acme/orders/OrderService.java:42'],
    ['fully qualified Java function name', { 'code.function.name': 'com.acme.orders.OrderService.place', 'code.line.number': 42 }, maven, 'orders/src/main/java/com/acme/orders/OrderService.java:42'],
    ['Python namespace', { 'code.namespace': 'shop.views', 'code.function': 'order_detail', 'code.lineno': 17 }, python, 'shop/views.py:17'],
    ['file without a line', { 'code.filepath': '/app/src/routes.ts', 'code.function': 'register' }, node, '!nolocation'],
    ['no code attributes at all', { 'http.route': '/api/orders' }, node, '!nolocation'],
    ['library file', { 'code.filepath': '/app/node_modules/express/lib/router/index.js', 'code.lineno': 3 }, node, '!library'],
    ['not an object', 'code.filepath=/app/x.ts', node, '!nolocation'],
  ];
  for (const [name, attrs, ctx, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      const result = mapCodeAttributes(attrs, ctx);
      assert.equal(at(result), expected, result.explanation ?? result.location?.reason);
    });
  }

  it('keeps the column and the function', () => {
    const frame = codeAttributesToFrame({ 'code.file.path': 'a.ts', 'code.line.number': 3, 'code.column.number': 5, 'code.function.name': 'shop.views.detail' });
    assert.deepEqual(frame, { deployedPath: 'a.ts', line: 3, column: 5, function: 'detail', module: 'shop.views' });
  });

  it('a file without a line still names the file as a candidate', () => {
    const result = mapCodeAttributes({ 'code.filepath': '/app/src/routes.ts' }, node);
    assert.deepEqual(result.candidates, ['services/api/src/routes.ts']);
  });
});

describe('mapping/mapFrame: results always explain themselves', () => {
  const ctx = contextFor('ts-monorepo');

  it('a mapped frame carries column, confidence and reason', () => {
    const r = mapFrame({ deployedPath: '/app/scripts/migrate.mjs', line: 22, column: 5 }, ctx);
    assert.deepEqual(r, {
      location: { file: 'scripts/migrate.mjs', line: 22, column: 5, confidence: 'exact', reason: 'deploy root /app/ then exact path scripts/migrate.mjs' },
      unmapped: null,
    });
  });

  it('a unique suffix deeper than the deployed layout is "high", a bare unique name is "medium"', () => {
    assert.equal(mapFrame({ deployedPath: '/app/src/routes.ts', line: 1 }, ctx).location?.confidence, 'high');
    assert.equal(mapFrame({ deployedPath: 'migrate.mjs', line: 1 }, ctx).location?.confidence, 'medium');
  });

  it('an ambiguous result lists candidates and says how to resolve it', () => {
    const r = mapFrame({ deployedPath: '/var/task/handler.js', line: 1 }, ctx);
    assert.equal(r.unmapped, 'ambiguous');
    assert.match(r.explanation!, /2 workspace files fit the path suffix handler.js equally well: functions\/notify\/handler.js, functions\/resize\/handler.js\. Add a path mapping/);
  });

  it('a miss on a folder mismatch names the files with the same name', () => {
    const r = mapFrame({ deployedPath: '/app/dist/server.ts', line: 1 }, ctx);
    assert.equal(r.unmapped, 'nomatch');
    assert.deepEqual(r.candidates, ['services/api/src/server.ts']);
    assert.match(r.explanation!, /^No workspace file ends with dist\/server.ts \(after deploy root \/app\/\); 1 file named server.ts elsewhere: services\/api\/src\/server.ts\.$/);
  });

  it('a frame with nothing to go on has no location', () => {
    assert.equal(mapFrame({ function: 'anonymous' }, ctx).unmapped, 'nolocation');
    assert.equal(mapFrame({ deployedPath: '<unknown>', line: 1 }, ctx).unmapped, 'nolocation');
  });

  it('never throws on odd frames', () => {
    for (const frame of [{}, { deployedPath: '' }, { deployedPath: '/' }, { deployedPath: '////' }, { module: '..' }, { module: 'a..b', language: 'jvm' as const }, { deployedPath: 'webpack:///' }]) {
      const r = mapFrame(frame, ctx);
      assert.ok(r.location !== undefined && (r.location !== null || r.unmapped !== null));
    }
  });
});

describe('mapping/mapTrace and pickCrashFrame', () => {
  const ctx = contextFor('ts-monorepo');

  it('prefers the innermost in-app mapped frame, skipping library and unmapped ones', () => {
    const trace = parseTrace('Error: x\n    at lib (/app/node_modules/a/b.js:1:1)\n    at nowhere (/app/src/missing.ts:1:1)\n    at db (/app/src/lib/db.ts:5:1)\n    at routes (/app/src/routes.ts:9:1)');
    const mapped = mapTrace(trace, ctx);
    assert.equal(mapped.crashFrame, 2);
  });

  it('frames marked inApp: false are a last resort', () => {
    const frames = [{ deployedPath: '/app/src/routes.ts', line: 9 }, { deployedPath: '/app/src/lib/db.ts', line: 5, inApp: false }];
    const results = frames.map((f) => mapFrame(f, ctx));
    assert.equal(pickCrashFrame(traceOfFrames(frames), results), 0);
    assert.equal(pickCrashFrame(traceOfFrames([frames[1]]), [results[1]]), 0);
  });

  it('oldest-first frames (Sentry order) are searched from the end', () => {
    const frames = [{ deployedPath: '/app/src/routes.ts', line: 9 }, { deployedPath: '/app/src/lib/db.ts', line: 5 }];
    const results = frames.map((f) => mapFrame(f, ctx));
    assert.equal(pickCrashFrame(traceOfFrames(frames), results), 1);
    assert.equal(pickCrashFrame(traceOfFrames(frames, true), results), 0);
  });

  it('no mapped frame means no crash frame', () => {
    const mapped = mapTrace(parseTrace('Error: x\n    at lib (/app/node_modules/a/b.js:1:1)'), ctx);
    assert.equal(mapped.crashFrame, undefined);
    assert.equal(mapped.results[0].unmapped, 'library');
  });

  it('an input without frames maps to one "unparsed" result with the parser\'s reason', () => {
    const mapped = mapTrace(parseTrace('just a log line'), ctx);
    assert.deepEqual(mapped.results, []);
    assert.equal(mapped.unparsed?.unmapped, 'unparsed');
    assert.match(mapped.unparsed.explanation!, /no line looks like a stack frame/);
  });

  it('locatedFrames gives the `prodlens locate --json` frame shape in printed order', () => {
    const mapped = mapTrace(parseTrace('Error: x\n    at db (/app/src/lib/db.ts:5:7)\n    at lib (/app/node_modules/a/b.js:1:1)'), ctx);
    assert.deepEqual(locatedFrames(mapped), [
      { index: 0, raw: '    at db (/app/src/lib/db.ts:5:7)', function: 'db', deployedPath: '/app/src/lib/db.ts', line: 5, column: 7, location: { file: 'services/api/src/lib/db.ts', line: 5, column: 7 }, unmapped: null, candidates: [] },
      { index: 1, raw: '    at lib (/app/node_modules/a/b.js:1:1)', function: 'lib', deployedPath: '/app/node_modules/a/b.js', line: 1, column: 1, location: null, unmapped: 'library', candidates: [] },
    ]);
  });
});
