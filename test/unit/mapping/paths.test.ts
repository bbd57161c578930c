import * as assert from 'node:assert/strict';
import { frameLanguage, libraryReason } from '../../../src/core/mapping/classify';
import { applyPathMappings, stripDeployRoot } from '../../../src/core/mapping/deployRoots';
import { goModulesOf, parseGoModModule } from '../../../src/core/mapping/goMod';
import type { TraceFrame } from '../../../src/core/mapping/types';

describe('mapping/deployRoots: stripping what the deployment added', () => {
  const cases: [string, string, string[]][] = [
    ['/app/src/x.ts', 'src/x.ts', ['deploy root /app/']],
    ['/usr/src/app/src/x.ts', 'src/x.ts', ['deploy root /usr/src/app/']],
    ['/var/task/handler.js', 'handler.js', ['deploy root /var/task/']],
    ['/srv/app/shop/views.py', 'shop/views.py', ['deploy root /srv/app/']],
    ['/srv/shop/views.py', 'shop/views.py', ['deploy root /srv/']],
    ['/opt/billing/src/x.py', 'src/x.py', ['deploy root /opt/billing/']],
    ['/opt/app-root/src/app.py', 'app.py', ['deploy root /opt/app-root/src/']],
    ['/home/node/app/src/x.ts', 'app/src/x.ts', ['deploy root /home/node/']],
    ['/home/runner/work/acme/acme/src/x.ts', 'src/x.ts', ['deploy root /home/runner/work/acme/acme/']],
    ['/workspace/src/x.ts', 'src/x.ts', ['deploy root /workspace/']],
    ['/var/www/html/index.php', 'index.php', ['deploy root /var/www/html/']],
    ['webpack:///./src/x.js', 'src/x.js', ['webpack:///./']],
    ['webpack:///src/x.js', 'src/x.js', ['webpack:///']],
    ['webpack://my-app/./src/x.ts?8a2f', 'src/x.ts', ['webpack://my-app/./']],
    ['webpack-internal:///(rsc)/./app/page.tsx', 'app/page.tsx', ['webpack-internal:///./']],
    ['app:///src/x.js', 'src/x.js', ['app:///']],
    ['~/src/x.js', 'src/x.js', ['~/']],
    ['https://cdn.example.com/static/js/main.js', 'static/js/main.js', ['https://cdn.example.com/']],
    ['file:///app/src/x.mjs', 'src/x.mjs', ['file://', 'deploy root /app/']],
    ['file:///C:/Users/dev/acme/src/x.ts', 'acme/src/x.ts', ['file://', 'drive C:/', 'deploy root C:/Users/dev/']],
    ['C:\\build\\src\\Acme\\X.cs', 'build/src/Acme/X.cs', ['drive C:/']],
    ['D:\\a\\1\\s\\src\\X.cs', 'src/X.cs', ['drive D:/', 'deploy root D:/a/1/s/']],
    ['src/x.ts', 'src/x.ts', []],
    ['./src/x.ts', 'src/x.ts', []],
    ['/application/x.js', 'application/x.js', []],
    ['/app', 'app', []],
  ];
  for (const [input, rest, removed] of cases) {
    it(`${input} → ${rest}`, () => {
      assert.deepEqual(stripDeployRoot(input), { rest, removed });
    });
  }
});

describe('mapping/deployRoots: explicit path mappings', () => {
  const mappings = [
    { from: '/app/', to: 'services/api/' },
    { from: '/app/packages/shared/', to: 'packages/shared/' },
    { from: '/srv', to: 'services/web/' },
    { from: 'webpack:///./', to: 'services/web/' },
    { from: '/opt/x/', to: '' },
  ];
  const cases: [string, string[]][] = [
    ['/app/src/a.ts', ['services/api/src/a.ts']],
    ['/app/packages/shared/src/m.ts', ['packages/shared/src/m.ts']],
    ['/srv/x.js', ['services/web/x.js']],
    ['/srvc/x.js', []],
    ['webpack:///./src/a.tsx', ['services/web/src/a.tsx']],
    ['/opt/x/main.go', ['main.go']],
    ['/elsewhere/a.ts', []],
  ];
  for (const [input, targets] of cases) {
    it(`${input} → ${targets.join(', ') || 'no mapping'}`, () => {
      assert.deepEqual(applyPathMappings(input, mappings).map((h) => h.target), targets);
    });
  }

  it('mappings that share a prefix all apply (several services deployed to /app/)', () => {
    const hits = applyPathMappings('/app/src/a.ts', [{ from: '/app/', to: 'services/a/' }, { from: '/app/', to: 'services/b/' }]);
    assert.deepEqual(hits.map((h) => h.target), ['services/a/src/a.ts', 'services/b/src/a.ts']);
  });

  it('Windows backslashes on either side', () => {
    assert.deepEqual(applyPathMappings('C:\\build\\src\\A.cs', [{ from: 'C:\\build\\', to: 'dotnet/' }]).map((h) => h.target), ['dotnet/src/A.cs']);
  });
});

describe('mapping/classify: library and runtime frames', () => {
  const lib = (frame: TraceFrame, options = {}) => libraryReason(frame, options);
  const library: [string, TraceFrame][] = [
    ['node_modules', { deployedPath: '/app/node_modules/express/index.js' }],
    ['node_modules at the root of a relative path', { deployedPath: 'node_modules/x/index.js' }],
    ['node:internal', { deployedPath: 'node:internal/timers' }],
    ['node: core module', { deployedPath: 'node:events' }],
    ['site-packages', { deployedPath: '/usr/lib/python3.11/site-packages/x.py' }],
    ['dist-packages', { deployedPath: '/usr/lib/python3/dist-packages/x.py' }],
    ['Python stdlib', { deployedPath: '/usr/lib/python3.12/json/decoder.py' }],
    ['vendor/', { deployedPath: '/var/www/vendor/symfony/x.php' }],
    ['Go module cache', { deployedPath: '/go/pkg/mod/github.com/x/y@v1.0.0/z.go' }],
    ['GOROOT', { deployedPath: '/usr/local/go/src/runtime/panic.go', language: 'go' }],
    ['Homebrew GOROOT', { deployedPath: '/opt/homebrew/Cellar/go/1.22.0/libexec/src/net/http/server.go' }],
    ['Go std package by name', { function: 'encoding/json.(*decodeState).object', language: 'go' }],
    ['Ruby gem', { deployedPath: '/usr/local/bundle/gems/rack-3.0.0/lib/rack.rb' }],
    ['Ruby stdlib', { deployedPath: '/usr/local/lib/ruby/3.3.0/net/http.rb' }],
    ['phar', { deployedPath: 'phar:///usr/local/bin/composer/src/x.php' }],
    ['JDK', { module: 'java.util.ArrayList', deployedPath: 'ArrayList.java', language: 'jvm' }],
    ['javax', { module: 'javax.servlet.http.HttpServlet', language: 'jvm' }],
    ['Kotlin stdlib', { module: 'kotlin.collections.CollectionsKt', language: 'jvm' }],
    ['Spring', { module: 'org.springframework.web.servlet.DispatcherServlet', language: 'jvm' }],
    ['CGLIB proxy of an app class', { module: 'com.acme.Foo$$SpringCGLIB$$0', language: 'jvm' }],
    ['.NET System', { module: 'System.Linq.Enumerable', language: 'dotnet' }],
    ['.NET Microsoft', { module: 'Microsoft.AspNetCore.Routing.EndpointMiddleware', language: 'dotnet' }],
    ['.NET nested type of a runtime class', { module: 'System.Threading.ExecutionContext+<>c', language: 'dotnet' }],
    ['NuGet cache', { deployedPath: '/root/.nuget/packages/polly/8.0.0/src/x.cs' }],
    ['Maven repository', { deployedPath: '/home/u/.m2/repository/org/x/X.java' }],
    ['inApp: true does not rescue node_modules', { deployedPath: '/app/node_modules/x/y.js', inApp: true }],
  ];
  for (const [name, frame] of library) {
    it(`library: ${name}`, () => {
      assert.ok(lib(frame), `expected library: ${JSON.stringify(frame)}`);
    });
  }

  const application: [string, TraceFrame, object?][] = [
    ['app source', { deployedPath: '/app/src/orders.ts' }],
    ['Go internal/ package of the app', { deployedPath: '/app/internal/store/db.go', function: 'github.com/acme/x/internal/store.Get', language: 'go' }, { goModules: [{ module: 'github.com/acme/x', folder: '' }] }],
    ['Go main package', { function: 'main.main', deployedPath: '/app/main.go', language: 'go' }],
    ['Go module without a domain', { function: 'shipping/internal/track.Track', language: 'go' }, { goModules: [{ module: 'shipping', folder: 'services/shipping' }] }],
    ['GOPATH checkout', { deployedPath: '/home/dev/go/src/github.com/acme/x/main.go', language: 'go' }],
    ['third-party-looking Go package when no go.mod is known', { function: 'github.com/acme/x/store.Get', language: 'go' }],
    ['JVM javalin.* is not java.*', { module: 'javalin.Handler', language: 'jvm' }],
    ['JVM kotlinapp.* is not kotlin.*', { module: 'kotlinapp.Main', language: 'jvm' }],
    ['JVM app package', { module: 'com.acme.orders.OrderService', language: 'jvm' }],
    ['JVM appPackages override', { module: 'org.apache.acme.Thing', language: 'jvm' }, { appPackages: ['org.apache.acme'] }],
    ['.NET app namespace', { module: 'Acme.Orders.OrderService', language: 'dotnet' }],
    ['.NET Systemic is not System', { module: 'Systemic.Orders.X', language: 'dotnet' }],
    ['Python package named vendors', { deployedPath: '/srv/app/vendors/views.py' }],
    ['an app folder called internal outside Node', { deployedPath: 'internal/api/handlers.go', language: 'go' }],
  ];
  for (const [name, frame, options] of application) {
    it(`application: ${name}`, () => {
      assert.equal(lib(frame, options), undefined);
    });
  }

  it('the frame language comes from the file extension before the producer\'s hint', () => {
    assert.equal(frameLanguage({ deployedPath: 'x.kt', language: 'node' }), 'jvm');
    assert.equal(frameLanguage({ deployedPath: 'x.mjs' }), 'node');
    assert.equal(frameLanguage({ deployedPath: 'x.rake' }), 'ruby');
    assert.equal(frameLanguage({ module: 'a.b' }), undefined);
  });
});

describe('mapping/goMod', () => {
  it('reads the module path, ignoring comments and quotes', () => {
    assert.equal(parseGoModModule('// comment\nmodule github.com/acme/x // trailing\n\ngo 1.22\n'), 'github.com/acme/x');
    assert.equal(parseGoModModule('module "example.com/quoted"\r\n'), 'example.com/quoted');
    assert.equal(parseGoModModule('go 1.22\n'), undefined);
  });

  it('turns go.mod files into module → folder pairs', () => {
    assert.deepEqual(goModulesOf([{ path: 'go.mod', text: 'module a.com/x' }, { path: 'tools/go.mod', text: 'module a.com/x/tools' }, { path: 'bad/go.mod', text: '' }]), [
      { module: 'a.com/x', folder: '' },
      { module: 'a.com/x/tools', folder: 'tools' },
    ]);
  });
});
