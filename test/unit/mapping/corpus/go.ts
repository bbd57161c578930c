// Go frames (function line + file line) against a module with cmd/ and internal/, a nested tools module and a
// shipping service whose module path has no domain (test/fixtures/mapping/workspaces/go-module.json).
import type { CorpusTable } from './types';

const fn = (symbol: string, file: string) => `${symbol}\n\t${file}`;

export const goCorpus: CorpusTable = {
  language: 'go',
  workspace: 'go-module',
  frames: [
    { name: 'import path under the root module', text: fn('github.com/acme/inventory/internal/store.(*DB).Get(0xc000010000, {0x5a4b20, 0xc000012345})', '/app/internal/store/db.go:42 +0x1c'), expect: 'internal/store/db.go:42', reason: 'Go import path github.com/acme/inventory/internal/store' },
    { name: 'package main at the root', text: fn('main.main()', '/app/main.go:17 +0x29'), expect: '!ambiguous' },
    { name: 'package main under cmd/', text: fn('main.main()', '/build/cmd/server/main.go:30 +0x1d'), expect: 'cmd/server/main.go:30' },
    { name: 'binary built with -trimpath', text: fn('github.com/acme/inventory/internal/api.(*Handler).CreateItem(0xc0001, {0x9a, 0xc00})', 'github.com/acme/inventory/internal/api/handlers.go:77 +0x2f5'), expect: 'internal/api/handlers.go:77', reason: 'Go module github.com/acme/inventory' },
    { name: 'net/http is the standard library', text: fn('net/http.HandlerFunc.ServeHTTP(0xc0000a4000?, {0x6f2c18?, 0xc0000c00e0?}, 0x4d?)', '/usr/local/go/src/net/http/server.go:2136 +0x29'), expect: '!library' },
    { name: 'runtime.gopanic', text: fn('runtime.gopanic({0x8d2b40?, 0xc0000a2000?})', '/usr/local/go/src/runtime/panic.go:770 +0x132'), expect: '!library' },
    { name: 'module cache is library', text: fn('github.com/gin-gonic/gin.(*Context).Next(...)', '/go/pkg/mod/github.com/gin-gonic/gin@v1.9.1/context.go:174'), expect: '!library' },
    { name: 'vendor/ is library even when indexed', text: fn('github.com/gin-gonic/gin.(*Context).Next(...)', '/app/vendor/github.com/gin-gonic/gin/context.go:174'), expect: '!library' },
    { name: 'nested module wins over its parent module', text: fn('github.com/acme/inventory/tools/gen.main()', '/src/tools/gen/main.go:12 +0x45'), expect: 'tools/gen/main.go:12', reason: 'module github.com/acme/inventory/tools' },
    { name: 'module path without a domain', text: fn('shipping/internal/track.Track({0xc0000140a0, 0x4})', '/app/internal/track/track.go:22 +0x88'), expect: 'services/shipping/internal/track/track.go:22' },
    { name: 'go.mod disambiguates internal/api/handlers.go', text: fn('shipping/internal/api.(*Server).handle(0xc0000a2000, {0x7f, 0xc0})', '/app/internal/api/handlers.go:15 +0x1f'), expect: 'services/shipping/internal/api/handlers.go:15' },
    { name: 'without go.mod the same frame is ambiguous', text: fn('shipping/internal/api.(*Server).handle(0xc0000a2000, {0x7f, 0xc0})', '/app/internal/api/handlers.go:15 +0x1f'), expect: '!ambiguous', ctx: { withoutGoModules: true }, candidates: ['internal/api/handlers.go', 'services/shipping/internal/api/handlers.go'] },
    { name: 'GOPATH checkout is application code', text: fn('github.com/acme/inventory/internal/api.(*Server).routes.func1({0x9c, 0xc0})', '/home/dev/go/src/github.com/acme/inventory/internal/api/routes.go:40 +0x65'), expect: 'internal/api/routes.go:40' },
    { name: 'sync is the standard library', text: fn('sync.(*Once).doSlow(0xc0000b4000?, 0xc0000a6000?)', '/usr/local/go/src/sync/once.go:74 +0xc2'), expect: '!library' },
    { name: 'created by the standard library', text: fn('created by net/http.(*Server).Serve in goroutine 1', '/usr/local/go/src/net/http/server.go:3285 +0x4b4'), expect: '!library' },
    { name: 'created by an application function', text: fn('created by github.com/acme/inventory/internal/store.(*DB).startJanitor in goroutine 1', '/app/internal/store/cache.go:58 +0x85'), expect: 'internal/store/cache.go:58' },
    { name: 'inlined frame without pc offset', text: fn('github.com/acme/inventory/pkg/money.Add(...)', '/app/pkg/money/money.go:9'), expect: 'pkg/money/money.go:9' },
    { name: 'third-party module in the module cache', text: fn('github.com/stripe/stripe-go/v76.(*Client).Do(0xc0001)', '/root/go/pkg/mod/github.com/stripe/stripe-go/v76@v76.3.0/client.go:120 +0x3a'), expect: '!library' },
    { name: 'third-party module outside any workspace go.mod', text: fn('github.com/stripe/stripe-go/v76.(*Client).Do(0xc0001)', '/build/deps/stripe/client.go:120 +0x3a'), expect: '!library' },
    { name: 'main package file absent from the workspace', text: fn('main.main()', '/app/cmd/worker/main.go:9 +0x1d'), expect: '!nomatch' },
    { name: 'package of the module that has no such file', text: fn('github.com/acme/inventory/internal/reports.Build()', '/app/internal/reports/build.go:5 +0x1d'), expect: '!nomatch', reason: 'internal/reports/build.go' },
    { name: 'testing is the standard library', text: fn('testing.tRunner(0xc000007860, 0x6b5e30)', '/usr/local/go/src/testing/testing.go:1689 +0xfb'), expect: '!library' },
    { name: 'Windows path', text: fn('github.com/acme/inventory/internal/store.(*DB).Get(0x0)', 'C:/Users/dev/go/src/inventory/internal/store/db.go:42 +0x1c'), expect: 'internal/store/db.go:42' },
    { name: 'distribution-packaged Go', text: fn('internal/poll.(*FD).Read(0xc0001)', '/usr/lib/go-1.21/src/internal/poll/fd_unix.go:164 +0x27a'), expect: '!library' },
    { name: 'assembly runtime frame', text: fn('runtime.goexit({})', '/usr/local/go/src/runtime/asm_amd64.s:1695 +0x1'), expect: '!library' },
    { name: 'builtin panic frame', text: fn('panic({0x7a1f00?, 0xc00001c0a8?})', '/usr/local/go/src/runtime/panic.go:914 +0x21f'), expect: '!library' },
    { name: 'container runtime log prefix on both lines', text: '2024-05-01T10:00:00.000000000Z stderr F github.com/acme/inventory/internal/store.(*DB).Get(0x0)\n2024-05-01T10:00:00.000000000Z stderr F \t/app/internal/store/db.go:42 +0x1c', expect: 'internal/store/db.go:42' },
    { name: 'Sentry Go frame (module + abs_path)', frame: { module: 'github.com/acme/inventory/internal/store', function: '(*DB).Get', deployedPath: '/app/internal/store/db.go', line: 42, inApp: true, language: 'go' }, expect: 'internal/store/db.go:42' },
    { name: 'Sentry inApp: true on a vendored package', frame: { module: 'github.com/gin-gonic/gin', function: '(*Context).Next', deployedPath: '/app/vendor/github.com/gin-gonic/gin/context.go', line: 174, inApp: true, language: 'go' }, expect: '!library' },
    { name: 'goroutine frame with generic type parameters', text: fn('github.com/acme/inventory/internal/store.Map[...](0xc0001, 0xc0002)', '/app/internal/store/cache.go:12 +0x1c'), expect: 'internal/store/cache.go:12' },
  ],
  traces: [
    {
      name: 'nil pointer panic with a multi-goroutine dump: the running goroutine is the crash', file: 'go/nil-pointer-dump.txt', language: 'go', groups: 3,
      exception: { type: 'panic', message: 'runtime error: invalid memory address or nil pointer dereference' },
      frames: ['internal/store/db.go:42', 'internal/api/handlers.go:57', '!library', 'internal/api/middleware.go:23', '!library', '!library',
        '!library', '!library', 'cmd/server/main.go:30',
        'internal/store/cache.go:58', 'internal/store/db.go:20'],
      crash: 'internal/store/db.go:42',
    },
    {
      name: 'same dump with Windows line endings', file: 'go/nil-pointer-dump.txt', crlf: true, language: 'go', groups: 3,
      frames: ['internal/store/db.go:42', 'internal/api/handlers.go:57', '!library', 'internal/api/middleware.go:23', '!library', '!library',
        '!library', '!library', 'cmd/server/main.go:30', 'internal/store/cache.go:58', 'internal/store/db.go:20'],
      crash: 'internal/store/db.go:42',
    },
    {
      name: 'net/http recovered panic in a log', file: 'go/http-recovered.txt', language: 'go',
      exception: { type: 'panic', message: 'runtime error: index out of range [3] with length 3' },
      frames: ['!library', '!library', 'pkg/money/money.go:31', 'internal/api/handlers.go:77', '!library', '!library'],
      crash: 'pkg/money/money.go:31',
    },
    {
      name: 'Kubernetes log prefixes, nested recovered panic, domainless module', file: 'go/k8s-shipping.txt', crlf: true, language: 'go', ctx: { preferFolders: ['services/shipping'] },
      exception: { type: 'panic', message: 'track: unknown carrier "ACME"' },
      frames: ['services/shipping/internal/track/track.go:22', 'services/shipping/internal/api/handlers.go:15', 'services/shipping/main.go:9'],
      crash: 'services/shipping/internal/track/track.go:22',
    },
    {
      name: 'deadlock: no running goroutine, GOPATH and Windows paths', file: 'go/deadlock.txt', language: 'go', groups: 2,
      exception: { type: 'fatal error', message: 'all goroutines are asleep - deadlock!' },
      frames: ['main.go:14', 'tools/gen/main.go:12', 'tools/gen/main.go:10'],
      crash: 'main.go:14',
    },
  ],
};
