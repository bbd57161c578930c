// A synthetic but realistic 50,000-file monorepo for the mapping benchmarks: TypeScript services sharing one
// layout (so `src/orders/orders.service.ts`, `index.ts` and `handlers/create.ts` exist many times over), React
// apps, shared packages, Django services (`__init__.py` everywhere), Spring services in Maven layout, Go
// modules and .NET projects, plus dependency and build folders that the index must leave out. Also the stack
// traces production would send for it, as text in each runtime's own format. Deterministic for a given seed.
import { pick, seededRandom } from './common';

export interface ServiceLayout {
  language: 'node' | 'python' | 'jvm' | 'go' | 'dotnet';
  /** Workspace-relative folder of the service. */
  folder: string;
  /** Business areas, one folder each (`orders`, `billing`...). */
  domains: string[];
  /** Python package, Java package root, Go module path or .NET root namespace. */
  root?: string;
}

export interface SyntheticWorkspace {
  /** Every file a workspace listing returns, dependency and build folders included. */
  listed: string[];
  /** How many of them the index should keep (the rest are under node_modules, dist, target, .venv...). */
  expectedIndexed: number;
  services: ServiceLayout[];
  goMods: { path: string; text: string }[];
}

const DOMAINS = [
  'orders', 'billing', 'payments', 'invoices', 'refunds', 'carts', 'checkout', 'catalog', 'products', 'pricing',
  'discounts', 'coupons', 'inventory', 'stock', 'warehouses', 'shipping', 'returns', 'customers', 'accounts',
  'users', 'sessions', 'auth', 'permissions', 'roles', 'teams', 'organizations', 'notifications', 'emails',
  'webhooks', 'events', 'audit', 'reports', 'analytics', 'search', 'recommendations', 'reviews', 'ratings',
  'subscriptions', 'plans', 'usage', 'quotas', 'limits', 'files', 'uploads', 'images', 'exports', 'imports',
  'jobs', 'schedules', 'tasks', 'workflows', 'approvals', 'comments', 'messages', 'chats', 'feeds', 'tags',
  'categories', 'brands', 'suppliers', 'vendors', 'contracts', 'quotes', 'leads', 'campaigns', 'referrals',
  'loyalty', 'giftcards', 'wallets', 'ledgers', 'taxes', 'currencies', 'addresses', 'locations', 'devices',
  'tokens', 'settings', 'features', 'experiments', 'health',
];

const SERVICE_NAMES = [
  'checkout-api', 'billing-api', 'orders-api', 'payments-gateway', 'catalog-api', 'search-api', 'identity',
  'notifications', 'inventory-api', 'shipping-api', 'returns-api', 'pricing-engine', 'reviews-api', 'feeds-api',
  'gateway', 'admin-api', 'partner-api', 'reporting-api', 'webhooks-relay', 'scheduler', 'media-api', 'exports',
  'ledger', 'loyalty-api', 'campaigns-api', 'support-api', 'tax-api', 'wallet-api', 'devices-api', 'audit-api',
];

const PY_SERVICES = ['shop', 'warehouse', 'recommender', 'fraud', 'forecasting', 'crm', 'pim', 'etl', 'mailer', 'geo'];
const JAVA_SERVICES = ['settlement', 'clearing', 'risk', 'kyc', 'statements', 'treasury', 'fx', 'cards', 'loans', 'payouts'];
const GO_SERVICES = ['edge-proxy', 'ratelimiter', 'tracker', 'dispatcher', 'indexer', 'thumbnailer', 'collector', 'router', 'cache-warmer', 'ingest'];
const DOTNET_SERVICES = ['Invoicing', 'Payroll', 'Contracts', 'Procurement'];
const APPS = ['storefront', 'backoffice', 'partner-portal', 'mobile-web'];
const COMPONENT_WORDS = ['Order', 'Cart', 'Price', 'Product', 'User', 'Account', 'Invoice', 'Search', 'Filter', 'Table', 'List', 'Card', 'Modal', 'Form', 'Field', 'Button', 'Menu', 'Header', 'Footer', 'Banner', 'Badge', 'Chart', 'Summary', 'Details'];

const pascal = (s: string) => s.replace(/(^|[-_])(\w)/g, (_, __, c: string) => c.toUpperCase());
const singular = (s: string) => s.replace(/ies$/, 'y').replace(/s$/, '');

function someDomains(random: () => number, count: number): string[] {
  const pool = [...DOMAINS];
  const out: string[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return out;
}

export function syntheticWorkspace(indexedFiles = 50_000, seed = 42): SyntheticWorkspace {
  const random = seededRandom(seed);
  const files: string[] = [];
  const ignored: string[] = [];
  const services: ServiceLayout[] = [];
  const goMods: { path: string; text: string }[] = [];
  const add = (...paths: string[]) => files.push(...paths);

  for (const name of SERVICE_NAMES) {
    const folder = `services/${name}`;
    const domains = someDomains(random, 45);
    services.push({ language: 'node', folder, domains });
    add(`${folder}/package.json`, `${folder}/tsconfig.json`, `${folder}/README.md`, `${folder}/Dockerfile`, `${folder}/.env.example`);
    add(`${folder}/src/index.ts`, `${folder}/src/server.ts`, ...['logger', 'db', 'http', 'config', 'errors', 'index'].map((l) => `${folder}/src/lib/${l}.ts`));
    for (const d of domains) {
      const base = `${folder}/src/${d}`;
      add(`${base}/index.ts`, `${base}/${d}.service.ts`, `${base}/${d}.controller.ts`, `${base}/${d}.repository.ts`, `${base}/${d}.module.ts`);
      add(`${base}/dto/create-${singular(d)}.dto.ts`, `${base}/dto/update-${singular(d)}.dto.ts`, `${base}/__tests__/${d}.service.test.ts`);
      add(...['create', 'update', 'remove', 'get', 'list'].map((h) => `${base}/handlers/${h}.ts`));
    }
    // What a checkout with dependencies installed and a build done also holds.
    ignored.push(...['express/lib/router/layer.js', 'express/lib/router/route.js', '@nestjs/core/router/router-execution-context.js', 'pg/lib/client.js', 'axios/lib/core/Axios.js'].map((p) => `${folder}/node_modules/${p}`));
    ignored.push(...domains.slice(0, 20).map((d) => `${folder}/dist/${d}/${d}.service.js`));
  }

  for (const app of APPS) {
    const folder = `apps/${app}`;
    services.push({ language: 'node', folder, domains: [] });
    add(`${folder}/package.json`, `${folder}/next.config.js`, `${folder}/src/pages/index.tsx`, `${folder}/src/pages/_app.tsx`);
    for (let i = 0; i < 500; i++) {
      const comp = `${pick(random, COMPONENT_WORDS)}${pick(random, COMPONENT_WORDS)}${i}`;
      const dir = `${folder}/src/components/${comp}`;
      add(`${dir}/index.tsx`, `${dir}/${comp}.tsx`, `${dir}/${comp}.test.tsx`, `${dir}/${comp}.module.css`);
    }
    for (const d of DOMAINS) add(`${folder}/src/pages/${d}/index.tsx`, `${folder}/src/pages/${d}/[id].tsx`);
    ignored.push(`${folder}/.next/server/pages/index.js`, `${folder}/node_modules/react-dom/cjs/react-dom.development.js`);
  }

  for (let p = 0; p < 25; p++) {
    const folder = `packages/${pick(random, ['ui', 'sdk', 'core', 'utils', 'config', 'types', 'auth', 'http'])}-${p}`;
    add(`${folder}/package.json`, `${folder}/src/index.ts`);
    for (const m of someDomains(random, 40)) add(`${folder}/src/${m}/index.ts`, `${folder}/src/${m}/${m}.ts`, `${folder}/src/${m}/${m}.test.ts`);
  }

  for (const pkg of PY_SERVICES) {
    const folder = `services/${pkg}`;
    const domains = someDomains(random, 40);
    services.push({ language: 'python', folder, domains, root: pkg });
    add(`${folder}/pyproject.toml`, `${folder}/manage.py`, ...['__init__', 'settings', 'urls', 'wsgi', 'celery'].map((m) => `${folder}/${pkg}/${m}.py`));
    for (const d of domains) {
      const base = `${folder}/${pkg}/${d}`;
      add(...['__init__', 'views', 'models', 'serializers', 'urls', 'tasks', 'admin'].map((m) => `${base}/${m}.py`));
      add(`${base}/tests/__init__.py`, `${base}/tests/test_views.py`, `${base}/migrations/__init__.py`, `${base}/migrations/0001_initial.py`);
    }
    ignored.push(`${folder}/.venv/lib/python3.11/site-packages/django/core/handlers/base.py`, `${folder}/${pkg}/__pycache__/views.cpython-311.pyc`);
  }

  for (const svc of JAVA_SERVICES) {
    const folder = `services/${svc}`;
    const root = `com.acme.${svc}`;
    const domains = someDomains(random, 45);
    services.push({ language: 'jvm', folder, domains, root });
    const main = `${folder}/src/main/java/com/acme/${svc}`;
    const test = `${folder}/src/test/java/com/acme/${svc}`;
    add(`${folder}/pom.xml`, `${main}/Application.java`, `${folder}/src/main/resources/application.yml`);
    for (const d of domains) {
      const T = pascal(singular(d));
      add(...['Controller', 'Service', 'ServiceImpl', 'Repository', 'Entity', 'Dto', 'Mapper', 'NotFoundException'].map((k) => `${main}/${d}/${T}${k}.java`));
      add(`${test}/${d}/${T}ServiceTest.java`, `${test}/${d}/${T}ControllerTest.java`);
    }
    ignored.push(`${folder}/target/classes/com/acme/${svc}/Application.class`);
  }

  for (const svc of GO_SERVICES) {
    const folder = `services/${svc}`;
    const root = `github.com/acme/${svc}`;
    const domains = someDomains(random, 45);
    services.push({ language: 'go', folder, domains, root });
    add(`${folder}/go.mod`, `${folder}/go.sum`, `${folder}/cmd/server/main.go`);
    goMods.push({ path: `${folder}/go.mod`, text: `module ${root}\n\ngo 1.22\n` });
    for (const d of domains) add(...['handler', 'service', 'store', 'models', 'handler_test'].map((f) => `${folder}/internal/${d}/${f}.go`));
    ignored.push(`${folder}/vendor/github.com/go-chi/chi/v5/mux.go`);
  }

  for (const svc of DOTNET_SERVICES) {
    const folder = `services/${svc.toLowerCase()}`;
    const root = `Acme.${svc}`;
    const domains = someDomains(random, 45);
    services.push({ language: 'dotnet', folder, domains, root });
    add(`${folder}/src/${root}/${root}.csproj`, `${folder}/src/${root}/Program.cs`);
    for (const d of domains) {
      const T = pascal(singular(d));
      add(`${folder}/src/${root}/Controllers/${T}Controller.cs`, `${folder}/src/${root}/Services/${T}Service.cs`, `${folder}/src/${root}/Models/${T}.cs`);
    }
  }

  // Documentation, infrastructure and generated clients bring a real monorepo to its size.
  for (let i = 0; files.length < indexedFiles; i++) {
    const d = DOMAINS[i % DOMAINS.length];
    const group = Math.floor(i / DOMAINS.length);
    switch (group % 4) {
      case 0: add(`docs/${d}/guide-${group}.md`); break;
      case 1: add(`infra/k8s/${SERVICE_NAMES[group % SERVICE_NAMES.length]}/${d}-${group}.yaml`); break;
      case 2: add(`tools/codegen/generated/client-${group}/${d}/index.ts`); break;
      default: add(`tools/codegen/generated/client-${group}/${d}/${d}.api.ts`); break;
    }
  }
  files.length = indexedFiles;
  // A listing returns files in directory order, not grouped like this: interleave the ignored ones.
  const listed = [...files];
  ignored.forEach((p, i) => listed.splice(Math.floor((i * listed.length) / ignored.length), 0, p));
  return { listed, expectedIndexed: files.length, services, goMods };
}

export type TraceLanguageName = 'node' | 'python' | 'jvm' | 'go';

/** One production stack trace as text, as its runtime prints it, `frames` long, from one service. */
export function syntheticTrace(service: ServiceLayout, frames: number, random: () => number): string {
  switch (service.language) {
    case 'python': return pythonTrace(service, frames, random);
    case 'jvm': return jvmTrace(service, frames, random);
    case 'go': return goTrace(service, frames, random);
    default: return nodeTrace(service, frames, random);
  }
}

function nodeTrace(s: ServiceLayout, frames: number, random: () => number): string {
  const lines = [`TypeError: Cannot read properties of undefined (reading 'id')`];
  const deployRoot = pick(random, ['/app/', '/usr/src/app/', '/home/node/app/']);
  for (let i = 0; i < frames; i++) {
    const r = random();
    const line = 1 + Math.floor(random() * 400);
    const col = 1 + Math.floor(random() * 40);
    if (r < 0.3 || s.domains.length === 0) {
      lines.push(pick(random, [
        `    at Layer.handle [as handle_request] (${deployRoot}node_modules/express/lib/router/layer.js:95:5)`,
        `    at next (${deployRoot}node_modules/express/lib/router/route.js:149:13)`,
        `    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`,
        `    at async Promise.all (index 0)`,
        `    at Client._handleReadyForQuery (${deployRoot}node_modules/pg/lib/client.js:380:9)`,
        `    at ${deployRoot}node_modules/@nestjs/core/router/router-execution-context.js:46:28`,
      ]));
      continue;
    }
    const d = pick(random, s.domains);
    const D = pascal(d);
    const [file, fn] = pick(random, [
      [`src/${d}/${d}.service.ts`, `${D}Service.${pick(random, ['create', 'update', 'find', 'place'])}`],
      [`src/${d}/${d}.controller.ts`, `${D}Controller.handle`],
      [`src/${d}/${d}.repository.ts`, `${D}Repository.findOne`],
      [`src/${d}/handlers/${pick(random, ['create', 'update', 'get', 'list', 'remove'])}.ts`, 'handler'],
      [`src/${d}/index.ts`, 'Object.<anonymous>'],
      [`src/lib/${pick(random, ['db', 'http', 'logger'])}.ts`, 'wrap'],
    ] as const);
    lines.push(`    at ${random() < 0.2 ? 'async ' : ''}${fn} (${deployRoot}${file}:${line}:${col})`);
  }
  return lines.join('\n');
}

function pythonTrace(s: ServiceLayout, frames: number, random: () => number): string {
  const lines = ['Traceback (most recent call last):'];
  for (let i = 0; i < frames; i++) {
    const line = 1 + Math.floor(random() * 300);
    if (random() < 0.35) {
      const [file, fn] = pick(random, [
        ['django/core/handlers/exception.py', 'inner'],
        ['django/core/handlers/base.py', '_get_response'],
        ['rest_framework/views.py', 'dispatch'],
        ['django/db/models/query.py', 'get'],
        ['celery/app/trace.py', '__protected_call__'],
      ] as const);
      lines.push(`  File "/usr/local/lib/python3.11/site-packages/${file}", line ${line}, in ${fn}`, '    response = get_response(request)');
      continue;
    }
    const d = pick(random, s.domains);
    const mod = pick(random, ['views', 'models', 'serializers', 'tasks']);
    lines.push(`  File "${pick(random, ['/srv/app/', '/app/', '/usr/src/app/'])}${s.root}/${d}/${mod}.py", line ${line}, in ${pick(random, ['create', 'get_queryset', 'validate', 'run', 'save'])}`, '    order = Order.objects.get(pk=pk)');
  }
  lines.push(`KeyError: 'sku'`);
  return lines.join('\n');
}

function jvmTrace(s: ServiceLayout, frames: number, random: () => number): string {
  const lines = [`java.lang.IllegalStateException: settlement ${Math.floor(random() * 1e6)} is not open`];
  // Causes each take a share of the frames, with `... N more` for the frames they share with the outer one.
  const causes = frames >= 60 ? 2 : 0;
  const perGroup = Math.floor(frames / (causes + 1));
  for (let g = 0; g <= causes; g++) {
    if (g > 0) lines.push(`Caused by: ${pick(random, ['org.springframework.dao.DataIntegrityViolationException: could not execute statement', 'java.sql.SQLException: Deadlock found when trying to get lock', 'java.lang.NullPointerException: Cannot invoke "String.length()" because "s" is null'])}`);
    const count = g === causes ? frames - perGroup * causes : perGroup;
    for (let i = 0; i < count; i++) {
      const line = 1 + Math.floor(random() * 500);
      if (random() < 0.45) {
        lines.push(pick(random, [
          `\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:${line})`,
          `\tat org.springframework.aop.framework.ReflectiveMethodInvocation.proceed(ReflectiveMethodInvocation.java:${line})`,
          `\tat org.hibernate.internal.SessionImpl.firePersist(SessionImpl.java:${line})`,
          `\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:${line})`,
          `\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:${line})`,
          `\tat org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:${line})`,
        ]));
        continue;
      }
      const d = pick(random, s.domains);
      const T = pascal(singular(d));
      const kind = pick(random, ['Controller', 'ServiceImpl', 'Repository', 'Mapper']);
      const inner = random() < 0.15 ? `$${pick(random, ['1', 'Builder', 'lambda$0'])}` : '';
      lines.push(`\tat ${s.root}.${d}.${T}${kind}${inner}.${pick(random, ['handle', 'settle', 'toDto', 'save', 'lambda$process$0'])}(${T}${kind}.java:${line})`);
    }
    if (g > 0) lines.push(`\t... ${Math.floor(random() * 40) + 3} more`);
  }
  return lines.join('\n');
}

function goTrace(s: ServiceLayout, frames: number, random: () => number): string {
  const lines = ['panic: runtime error: invalid memory address or nil pointer dereference', '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6b1f2a]', '', 'goroutine 42 [running]:'];
  for (let i = 0; i < frames; i++) {
    const line = 1 + Math.floor(random() * 300);
    if (random() < 0.35) {
      const [fn, file] = pick(random, [
        ['net/http.HandlerFunc.ServeHTTP(0xc000123450?, {0x7f1c20?, 0xc0001b2000?}, 0xc0001c4000?)', '/usr/local/go/src/net/http/server.go'],
        ['net/http.serverHandler.ServeHTTP({0xc000110000?}, {0x7f1c20, 0xc0001b2000}, 0xc0001c4000)', '/usr/local/go/src/net/http/server.go'],
        ['github.com/go-chi/chi/v5.(*Mux).routeHTTP(0xc0000b6060, {0x7f1c20, 0xc0001b2000}, 0xc0001c4000)', '/go/pkg/mod/github.com/go-chi/chi/v5@v5.0.12/mux.go'],
        ['runtime.goexit()', '/usr/local/go/src/runtime/asm_amd64.s'],
      ] as const);
      lines.push(fn, `\t${file}:${line} +0x${(random() * 4096 | 0).toString(16)}`);
      continue;
    }
    const d = pick(random, s.domains);
    const file = pick(random, ['handler', 'service', 'store']);
    const recv = file === 'handler' ? '(*Handler)' : file === 'service' ? '(*Service)' : '(*Store)';
    lines.push(`${s.root}/internal/${d}.${recv}.${pick(random, ['Create', 'Get', 'List', 'Update'])}(0xc000123450, {0x7f1c20, 0xc0001b2000})`);
    lines.push(`\t/build/internal/${d}/${file}.go:${line} +0x${(random() * 4096 | 0).toString(16)}`);
  }
  lines.push('exit status 2');
  return lines.join('\n');
}
