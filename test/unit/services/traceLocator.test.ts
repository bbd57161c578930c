// locateTrace and its JSON document over real-shaped traces of the seven languages (log noise, Windows line
// endings, cut traces, `... 12 more`), Sentry and OpenTelemetry events, against the mapping fixture workspaces.
import * as assert from 'node:assert/strict';
import { FileIndex } from '../../../src/core/mapping';
import { groupsInPrintedOrder, hasMappedFrame, locateDocument, locateTrace, printable, splitJoinedTrace, traceMappingContext, type LocateDocument } from '../../../src/services/traceLocator';
import { contextFor, readTrace, type CaseContext } from '../mapping/workspaces';

/** Each frame as `file:line` when it mapped, `!reason` when it did not. */
function outcomes(doc: LocateDocument): string[] {
  return doc.frames.map((f) => (f.location ? `${f.location.file}:${f.location.line}` : `!${f.unmapped}`));
}

function locate(workspace: string, file: string, options: { crlf?: boolean; ctx?: CaseContext } = {}): LocateDocument {
  return locateDocument(locateTrace(readTrace(file, options.crlf), contextFor(workspace, options.ctx)));
}

/** The invariants of schema 1 that hold for every document. */
function assertSchema(doc: LocateDocument): void {
  assert.equal(doc.schema, 1);
  assert.deepEqual(Object.keys(doc).sort(), ['crashFrame', 'exception', 'frames', 'groups', 'language', 'reason', 'schema', 'source', 'truncated']);
  doc.frames.forEach((f, i) => {
    assert.equal(f.index, i, 'index is the printed position, from 0');
    assert.deepEqual(Object.keys(f).sort(), ['candidates', 'column', 'deployedPath', 'explanation', 'function', 'group', 'index', 'line', 'location', 'raw', 'unmapped']);
    assert.ok(['library', 'ambiguous', 'nomatch', 'unparsed', 'nolocation', null].includes(f.unmapped), `unmapped ${f.unmapped}`);
    if (f.location) {
      assert.equal(f.unmapped, null);
      assert.equal(f.explanation, null);
      assert.ok(!f.location.file.includes('\\') && !f.location.file.startsWith('/'), `${f.location.file} is workspace-relative with forward slashes`);
    } else {
      assert.ok(f.unmapped !== null && (f.explanation ?? '').length > 10, `frame ${i} says why it did not map`);
    }
  });
  if (doc.crashFrame !== null) assert.ok(doc.frames[doc.crashFrame].location, 'the crash frame is a mapped frame');
}

const ORDERS = 'orders/src/main/java/com/acme/orders';

describe('trace locator: seven languages, as pasted', () => {
  it('Node: an Express trace with a log prefix on every line; Windows line endings give the same document', () => {
    const doc = locate('ts-monorepo', 'node/express-typeerror.txt');
    assertSchema(doc);
    assert.deepEqual(outcomes(doc), ['services/api/src/orders/orders.service.ts:42', 'services/api/src/orders/orders.controller.ts:27', '!library', '!library', 'services/api/src/middleware/auth.ts:18', '!library']);
    assert.equal(doc.crashFrame, 0);
    assert.deepEqual(doc.exception, { type: 'TypeError', message: "Cannot read properties of undefined (reading 'sku')" });
    assert.equal(doc.frames[0].column, 31);
    assert.match(doc.frames[0].raw ?? '', /at OrdersService\.place \(/);
    assert.deepEqual(locate('ts-monorepo', 'node/express-typeerror.txt', { crlf: true }), doc);
  });

  it('Node: a worker log cut in the middle of a frame keeps every whole frame; built-in frames are runtime code', () => {
    const doc = locate('ts-monorepo', 'node/truncated.txt', { ctx: { preferFolders: ['services/worker'] } });
    assertSchema(doc);
    assert.deepEqual(outcomes(doc), ['!library', 'services/worker/src/jobs/sendInvoice.js:61', 'services/worker/src/jobs/sendInvoice.js:22', '!nolocation', 'services/worker/src/index.ts:48']);
    assert.equal(doc.crashFrame, 1, 'Date.toISOString (<anonymous>) is skipped: the crash is the first frame of the code');
    assert.match(doc.frames[0].explanation ?? '', /built-in code/);
    assert.match(doc.frames[3].explanation ?? '', /names no file/);
  });

  it('Python: a Celery log with a prefix on every line; the crash is the innermost frame of the code', () => {
    const doc = locate('python-pkg', 'python/log-prefixed.txt');
    assertSchema(doc);
    assert.deepEqual(outcomes(doc), ['!library', 'shop/management/commands/sync_stock.py:41', 'shop/services/inventory.py:73', '!library']);
    assert.equal(doc.crashFrame, 2, 'Python prints the innermost call last');
    assert.equal(doc.language, 'python');
  });

  it('Python: a truncated gunicorn traceback, and a Sentry ingest event', () => {
    const cut = locate('python-pkg', 'python/truncated.txt');
    assertSchema(cut);
    assert.deepEqual(outcomes(cut), ['!library', 'shop/api/views.py:33', 'shop/api/serializers.py:20']);
    assert.equal(cut.exception, null, 'the exception line was cut off');
    const sentry = locate('python-pkg', 'python/sentry-ingest-event.json');
    assertSchema(sentry);
    assert.equal(sentry.source, 'sentry');
    assert.deepEqual(outcomes(sentry), ['!library', 'shop/api/views.py:48', '!library', 'shop/utils.py:9']);
    assert.equal(sentry.crashFrame, 3);
    assert.equal(sentry.frames[0].raw, null, 'event frames have no raw text line');
  });

  it('Java: log noise around a Caused by chain with "... 12 more": the root cause holds the crash', () => {
    const doc = locate('maven', 'jvm/caused-by-more.txt');
    assertSchema(doc);
    assert.deepEqual(outcomes(doc), [`${ORDERS}/OrderService.java:61`, `${ORDERS}/OrderController.java:34`, '!library', '!library', 'common/src/main/java/com/acme/common/Money.java:44', `${ORDERS}/model/Order.java:52`, `${ORDERS}/OrderService.java:58`]);
    assert.equal(doc.crashFrame, 4);
    assert.deepEqual(doc.groups.map((g) => [g.title, g.frames, g.elided]), [
      ['java.lang.IllegalStateException: could not price order 42', [0, 1, 2, 3], null],
      ['Caused by: java.lang.ArithmeticException: / by zero', [4, 5, 6], 12],
    ]);
    assert.deepEqual(doc.frames.map((f) => f.group), [0, 0, 0, 0, 1, 1, 1]);
    assert.equal(doc.frames[0].function, 'place');
    assert.equal(doc.frames[0].deployedPath, 'OrderService.java');
    assert.deepEqual(locate('maven', 'jvm/caused-by-more.txt', { crlf: true }), doc);
  });

  it('Java: a Sentry REST event', () => {
    const doc = locate('maven', 'jvm/sentry-rest-event.json');
    assertSchema(doc);
    assert.equal(doc.source, 'sentry');
    assert.deepEqual(outcomes(doc), ['!library', '!library', `${ORDERS}/OrderController.java:34`, '!library', `${ORDERS}/OrderService.java:71`, 'common/src/main/java/com/acme/common/json/JsonMapper.java:15']);
    assert.equal(doc.crashFrame, 4);
  });

  it('Go: a goroutine dump with Windows line endings: one group per goroutine, the running one crashes', () => {
    const doc = locate('go-module', 'go/nil-pointer-dump.txt', { crlf: true });
    assertSchema(doc);
    assert.deepEqual(outcomes(doc), ['internal/store/db.go:42', 'internal/api/handlers.go:57', '!library', 'internal/api/middleware.go:23', '!library', '!library', '!library', '!library', 'cmd/server/main.go:30', 'internal/store/cache.go:58', 'internal/store/db.go:20']);
    assert.equal(doc.crashFrame, 0);
    assert.deepEqual(doc.groups.map((g) => g.title), ['goroutine 42 [running] · panic: runtime error: invalid memory address or nil pointer dereference', 'goroutine 1 [IO wait]', 'goroutine 7 [select]']);
    assert.match(doc.frames[0].raw ?? '', /store\.\(\*DB\)\.Get[\s\S]*db\.go:42/, 'a Go frame keeps both of its printed lines');
  });

  it('.NET: an ASP.NET Core log with an inner exception printed first; Windows paths with CRLF', () => {
    const inner = locate('dotnet', 'dotnet/aspnet-inner.txt');
    assertSchema(inner);
    assert.deepEqual(outcomes(inner), ['!library', 'src/Acme.Orders.Api/Services/OrderService.cs:88', 'src/Acme.Orders.Api/Services/OrderService.cs:42', 'src/Acme.Orders.Api/Controllers/OrdersController.cs:31', '!library', '!library', '!library']);
    assert.equal(inner.crashFrame, 1, 'the inner exception is the root cause');
    assert.deepEqual(inner.groups.map((g) => g.frames), [[2, 3, 4, 5, 6], [0, 1]]);
    const located = locateTrace(readTrace('dotnet/aspnet-inner.txt'), contextFor('dotnet'));
    assert.deepEqual(groupsInPrintedOrder(located.trace), [1, 0], 'views list the inner exception first, as printed');
    const unhandled = locate('dotnet', 'dotnet/unhandled.txt', { crlf: true });
    assertSchema(unhandled);
    assert.deepEqual(outcomes(unhandled), ['!library', 'src/Acme.Orders.Domain/Services/PricingService.cs:17', 'src/Acme.Orders.Domain/Order.cs:66', 'src/Acme.Orders.Api/Program.cs:25']);
  });

  it('Ruby: a Rails log with request tags, and a Sidekiq log cut mid-line with CRLF', () => {
    const rails = locate('ruby', 'ruby/rails-log.txt');
    assertSchema(rails);
    assert.deepEqual(outcomes(rails), ['app/controllers/orders_controller.rb:8', '!nomatch', 'app/models/concerns/priceable.rb:5', '!library']);
    assert.match(rails.frames[1].explanation ?? '', /auditable\.rb/);
    const sidekiq = locate('ruby', 'ruby/sidekiq.txt', { crlf: true });
    assertSchema(sidekiq);
    assert.deepEqual(outcomes(sidekiq), ['app/services/payments/charge.rb:33', 'app/jobs/invoice_job.rb:7', 'lib/acme/client.rb:44', '!library', '!library']);
  });

  it('PHP: a fatal error log, and a Laravel log line', () => {
    const fatal = locate('php', 'php/uncaught.txt');
    assertSchema(fatal);
    assert.deepEqual(outcomes(fatal), ['src/Service/PaymentGateway.php:57', 'src/Service/OrderService.php:42', 'src/Controller/OrderController.php:30', '!library', '!nolocation', 'public/index.php:20']);
    const laravel = locate('php', 'php/laravel-log.txt');
    assertSchema(laravel);
    assert.deepEqual(outcomes(laravel), ['src/Repository/OrderRepository.php:55', 'src/Service/OrderService.php:88', 'legacy/lib/functions.php:12', '!library']);
  });

  it('OpenTelemetry: a span with an exception event', () => {
    const doc = locate('ts-monorepo', 'node/otel-span-otlp.json');
    assertSchema(doc);
    assert.equal(doc.source, 'otel');
    assert.deepEqual(outcomes(doc), ['services/api/src/orders/orders.service.ts:88', '!library', 'services/api/src/orders/orders.service.ts:40', '!library']);
  });
});

describe('trace locator: misses and edge cases', () => {
  it('an ambiguous frame lists its candidates and maps nothing; the trace then has no crash frame', () => {
    const located = locateTrace('Error: boom\n    at Object.<anonymous> (/srv/app/src/lib/logger.ts:3:1)\n', contextFor('ts-monorepo'));
    const doc = locateDocument(located);
    assertSchema(doc);
    assert.equal(doc.frames[0].unmapped, 'ambiguous');
    assert.deepEqual(doc.frames[0].candidates, ['services/api/src/lib/logger.ts', 'services/worker/src/lib/logger.ts']);
    assert.equal(doc.crashFrame, null);
    assert.equal(hasMappedFrame(located), false);
  });

  it('text without any frame: no frames, a reason, nothing mapped', () => {
    const located = locateTrace('2024-05-01 INFO all good\nnothing to see here\n', contextFor('ts-monorepo'));
    const doc = locateDocument(located);
    assertSchema(doc);
    assert.deepEqual(doc.frames, []);
    assert.match(doc.reason ?? '', /no line looks like a stack frame/);
    assert.equal(hasMappedFrame(located), false);
    assert.equal(locateDocument(locateTrace('   ', contextFor('ts-monorepo'))).reason, 'the input is empty');
  });

  it('puts the preferred service\'s path mappings first and prefers its folders on a tie', () => {
    const index = new FileIndex(['services/api/src/lib/logger.ts', 'services/worker/src/lib/logger.ts']);
    const services = [
      { name: 'api', folders: ['services/api'], config: { pathMappings: [{ from: '/app/', to: 'services/api/' }] } },
      { name: 'worker', folders: ['services/worker'], config: { pathMappings: [{ from: '/app/', to: 'services/worker/' }] } },
      { name: 'web', folders: [''] },
    ];
    const plain = traceMappingContext(index, { services });
    assert.deepEqual(plain.pathMappings?.map((m) => m.to), ['services/api/', 'services/worker/']);
    assert.deepEqual(plain.preferFolders, []);
    const worker = traceMappingContext(index, { services, preferService: 'worker' });
    assert.deepEqual(worker.pathMappings?.map((m) => m.to), ['services/worker/', 'services/api/']);
    assert.deepEqual(worker.preferFolders, ['services/worker']);
    const tie = '    at log (/srv/x/src/lib/logger.ts:3:1)';
    assert.equal(locateDocument(locateTrace(tie, traceMappingContext(index, { services }))).frames[0].unmapped, 'ambiguous');
    assert.equal(locateDocument(locateTrace(tie, worker)).frames[0].location?.file, 'services/worker/src/lib/logger.ts');
  });

  it('re-splits a trace whose line breaks an input box dropped', () => {
    const joined = "TypeError: x is undefined    at handler (/app/src/orders/orders.service.ts:42:17)    at Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)";
    const split = splitJoinedTrace(joined);
    assert.equal(split.split('\n').length, 3);
    const doc = locateDocument(locateTrace(split, contextFor('ts-monorepo')));
    assert.deepEqual(outcomes(doc), ['services/api/src/orders/orders.service.ts:42', '!library']);
    const python = splitJoinedTrace('Traceback (most recent call last):  File "/app/shop/views.py", line 12, in index  File "/app/shop/utils.py", line 9, in total');
    assert.deepEqual(outcomes(locateDocument(locateTrace(python, contextFor('python-pkg')))), ['shop/views.py:12', 'shop/utils.py:9']);
    assert.equal(splitJoinedTrace('a\n    at b'), 'a\n    at b', 'multi-line text is left alone');
  });

  it('printable() keeps production text to one line without control characters', () => {
    assert.equal(printable('a\u001b[31mred\u001b[0m\nb\u202eevil', 100), 'a [31mred [0m b evil');
    assert.equal(printable('x'.repeat(20), 10), `${'x'.repeat(9)}…`);
  });
});
