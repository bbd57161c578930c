// The terminal-link matcher: where a deployed location is printed in one line of terminal output, and which
// workspace line it maps to. Only mapped locations become links.
import * as assert from 'node:assert/strict';
import { FileIndex } from '../../../src/core/mapping';
import { findDeployedPaths, MAX_TERMINAL_LINE, terminalLinksFor } from '../../../src/services/terminalLinks';
import { contextFor } from '../mapping/workspaces';

/** The linked text of each match, and what it maps to. */
function links(line: string, workspace: string, extra: Parameters<typeof contextFor>[1] = {}): [string, string][] {
  return terminalLinksFor(line, contextFor(workspace, extra)).map((l) => [line.slice(l.startIndex, l.startIndex + l.length), `${l.location.file}:${l.location.line}`]);
}

describe('terminal links: finding deployed paths in a line', () => {
  it('finds the printed location of each language, and no more than it', () => {
    const cases: [string, string, { path: string; line: number; column?: number }][] = [
      ['/app/src/x.ts:42', '/app/src/x.ts:42', { path: '/app/src/x.ts', line: 42 }],
      ['    at handler (/app/src/x.ts:42:7)', '/app/src/x.ts:42:7', { path: '/app/src/x.ts', line: 42, column: 7 }],
      ['  File "/srv/app/shop/views.py", line 17, in index', 'File "/srv/app/shop/views.py", line 17', { path: '/srv/app/shop/views.py', line: 17 }],
      ['\tat com.acme.Foo.bar(Foo.java:42)', 'com.acme.Foo.bar(Foo.java:42)', { path: 'Foo.java', line: 42 }],
      ['\t/go/src/app/main.go:12 +0x1d', '/go/src/app/main.go:12', { path: '/go/src/app/main.go', line: 12 }],
      ['   at Acme.Foo.Bar() in /src/Foo.cs:line 42', '/src/Foo.cs:line 42', { path: '/src/Foo.cs', line: 42 }],
      [' in /src/Foo.cs:line 42', '/src/Foo.cs:line 42', { path: '/src/Foo.cs', line: 42 }],
      ["/app/app/models/order.rb:12:in 'Order#total'", '/app/app/models/order.rb:12', { path: '/app/app/models/order.rb', line: 12 }],
      ['#0 /var/www/html/src/Service/OrderService.php(42): App\\Service\\PaymentGateway->charge()', '/var/www/html/src/Service/OrderService.php(42)', { path: '/var/www/html/src/Service/OrderService.php', line: 42 }],
      ['    at sum (C:\\Users\\dev\\acme\\src\\money.ts:7:13)', 'C:\\Users\\dev\\acme\\src\\money.ts:7:13', { path: 'C:\\Users\\dev\\acme\\src\\money.ts', line: 7, column: 13 }],
    ];
    for (const [line, linked, frame] of cases) {
      const found = findDeployedPaths(line);
      assert.equal(found.length, 1, `${JSON.stringify(line)}: ${JSON.stringify(found)}`);
      assert.equal(line.slice(found[0].startIndex, found[0].startIndex + found[0].length), linked);
      assert.equal(found[0].frame.deployedPath, frame.path);
      assert.equal(found[0].frame.line, frame.line);
      assert.equal(found[0].frame.column, frame.column);
    }
  });

  it('keeps what the engine\'s parser reads from the line: the Java class and the .NET type', () => {
    assert.equal(findDeployedPaths('\tat com.acme.orders.OrderService.place(OrderService.java:57)')[0].frame.module, 'com.acme.orders.OrderService');
    assert.equal(findDeployedPaths('Caused here: com.acme.orders.OrderService.place(OrderService.java:57) went wrong')[0].frame.module, 'com.acme.orders.OrderService');
    assert.equal(findDeployedPaths('   at Acme.Orders.Api.Services.OrderService.PlaceAsync(Order order) in /src/Acme.Orders.Api/Services/OrderService.cs:line 42')[0].frame.module, 'Acme.Orders.Api.Services.OrderService');
  });

  it('finds several locations in one line, left to right', () => {
    const line = 'retry failed at /app/src/a.ts:1:2 after (/app/src/b.ts:3:4)';
    assert.deepEqual(findDeployedPaths(line).map((m) => line.slice(m.startIndex, m.startIndex + m.length)), ['/app/src/a.ts:1:2', '/app/src/b.ts:3:4']);
  });

  it('ignores URLs, versions, times, bare file names and over-long lines', () => {
    for (const line of ['see https://shop.acme.com/static/js/main.8f3a.js:2:12345 now', 'node v20.11.1:3', 'at 10:42:17 the job ran', 'done in orders.ts:3', 'listening on 0.0.0.0:8080', '']) {
      assert.deepEqual(findDeployedPaths(line), [], line);
    }
    assert.deepEqual(findDeployedPaths(`${'x'.repeat(MAX_TERMINAL_LINE)} /app/src/x.ts:1`), []);
  });
});

describe('terminal links: mapping to the workspace', () => {
  it('maps each language\'s shape to its workspace line', () => {
    assert.deepEqual(links('2024-05-01T10:00:00Z api | /app/src/orders/orders.service.ts:42', 'ts-monorepo'), [['/app/src/orders/orders.service.ts:42', 'services/api/src/orders/orders.service.ts:42']]);
    assert.deepEqual(links('  File "/srv/app/shop/views.py", line 17, in index', 'python-pkg'), [['File "/srv/app/shop/views.py", line 17', 'shop/views.py:17']]);
    assert.deepEqual(links('\tat com.acme.orders.OrderService.place(OrderService.java:57)', 'maven'), [['com.acme.orders.OrderService.place(OrderService.java:57)', 'orders/src/main/java/com/acme/orders/OrderService.java:57']]);
    assert.deepEqual(links('\t/go/src/github.com/acme/inventory/internal/api/handlers.go:77 +0x2f5', 'go-module'), [['/go/src/github.com/acme/inventory/internal/api/handlers.go:77', 'internal/api/handlers.go:77']]);
    assert.deepEqual(links(' in /src/Acme.Orders.Api/Controllers/OrdersController.cs:line 31', 'dotnet'), [['/src/Acme.Orders.Api/Controllers/OrdersController.cs:line 31', 'src/Acme.Orders.Api/Controllers/OrdersController.cs:31']]);
    assert.deepEqual(links("/usr/src/app/app/models/order.rb:12:in 'Order#total'", 'ruby'), [['/usr/src/app/app/models/order.rb:12', 'app/models/order.rb:12']]);
    assert.deepEqual(links('#1 /var/www/html/src/Controller/OrderController.php(30): x()', 'php'), [['/var/www/html/src/Controller/OrderController.php(30)', 'src/Controller/OrderController.php:30']]);
  });

  it('honours the .prodlens.json path mappings of the context', () => {
    const line = '    at handler (/var/task/handler.js:10:3)';
    assert.deepEqual(links(line, 'ts-monorepo'), [], 'two functions have a handler.js: ambiguous, so no link');
    assert.deepEqual(links(line, 'ts-monorepo', { pathMappings: [{ from: '/var/task/', to: 'functions/resize/' }] }), [['/var/task/handler.js:10:3', 'functions/resize/handler.js:10']]);
  });

  it('gives no link for library frames, unknown files or ambiguous ones', () => {
    assert.deepEqual(links('    at Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)', 'ts-monorepo'), []);
    assert.deepEqual(links('\tat java.base/java.lang.Thread.run(Thread.java:1583)', 'maven'), []);
    assert.deepEqual(links('    at Cache.get (/app/src/lib/cache.ts:4:2)', 'ts-monorepo'), []);
    assert.deepEqual(links('    at x (/srv/app/src/lib/logger.ts:3:1)', 'ts-monorepo'), []);
    assert.deepEqual(terminalLinksFor('/app/src/x.ts:1', { index: new FileIndex([]) }), []);
  });
});
