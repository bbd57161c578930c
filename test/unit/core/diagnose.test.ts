import * as assert from 'node:assert/strict';
import { diagnose, renderDiagnosis, type BackendFacts, type MappingFacts, type ServiceRuntimeFacts } from '../../../src/core/diagnostics/report';
import type { BackendStatus, HealthSnapshot } from '../../../src/core/model';
import { detectServices } from '../../../src/core/detect/services';
import { BackendError, explainBackendError } from '../../../src/backends/errors';

describe('core/diagnostics: why nothing shows', () => {
  it('says when no folder is open', () => {
    const d = diagnose({ workspaceFolders: [], detection: undefined, backendsByService: {} });
    assert.equal(d.summary.errors, 1);
    assert.match(d.findings[0].fix ?? '', /Open the folder/);
  });

  it('names a missing service and what to create', () => {
    const d = diagnose({ workspaceFolders: ['ws'], detection: detectServices([{ path: 'README.md', text: '' }]), backendsByService: {} });
    const finding = d.findings.find((f) => f.level === 'error');
    assert.match(finding?.title ?? '', /No service detected/);
    assert.match(finding?.fix ?? '', /\.prodlens\.json/);
  });

  it('flags a service without backends, a missing required token, and a file outside every service', () => {
    const detection = detectServices([{ path: '.prodlens.json', text: '{"services":[{"name":"api","folders":["api"]},{"name":"web","folders":["web"]}]}' }]);
    const d = diagnose({
      workspaceFolders: ['ws'],
      detection,
      activeFile: 'docs/readme.md',
      backendsByService: { api: [{ kind: 'sentry', url: 'https://sentry.io', from: '.prodlens.json', hasToken: false, tokenOptional: false }] },
    });
    const text = renderDiagnosis(d);
    assert.match(text, /✖ "api" → sentry at https:\/\/sentry\.io .*no token/);
    assert.match(text, /PRODLENS_SENTRY_TOKEN/);
    assert.match(text, /⚠ "web" has no backend/);
    assert.match(text, /⚠ The active file docs\/readme\.md belongs to no detected service/);
    assert.deepEqual(d.summary, { errors: 1, warnings: 2 });
  });
});

describe('core/diagnostics: what the last refresh says, with a fix for each failure', () => {
  const detection = detectServices([
    { path: '.prodlens.json', text: JSON.stringify({ services: [{ name: 'api', folders: ['api'], pathMappings: [{ from: '/app/', to: 'web/' }], backends: { prometheus: { url: 'http://prom:9090', selector: { job: 'api-prod' } }, sentry: { url: 'https://sentry.io', organization: 'acme', project: 'apii' } } }] }) },
  ]);
  const facts = (hasToken: boolean): BackendFacts[] => [
    { kind: 'prometheus', url: 'http://prom:9090', from: '.prodlens.json', hasToken: false, tokenOptional: true },
    { kind: 'sentry', url: 'https://sentry.io', from: '.prodlens.json', hasToken, tokenOptional: false },
  ];
  const snapshot = (backends: BackendStatus[]): HealthSnapshot => ({
    service: 'api', window: '1h', fetchedAt: 0, status: 'unknown', statusReasons: [], current: { latency: {} }, series: {},
    routes: [], errors: [], incidents: [], deploys: [], backends, stale: false,
  });
  const noMapping: MappingFacts = { framesSeen: 0, framesMapped: 0, unmappedByReason: {}, ambiguous: [], groupsMapped: 0, groupsUnmapped: [], routesMapped: 0, routesUnmapped: [] };
  const run = (backends: BackendStatus[], extra: Partial<ServiceRuntimeFacts> = {}, surface: 'cli' | 'editor' = 'cli', hasToken = true) =>
    diagnose({ workspaceFolders: ['ws'], detection, backendsByService: { api: facts(hasToken) }, surface, runtime: { api: { snapshot: snapshot(backends), mapping: noMapping, ...extra } } });
  const byCode = (d: ReturnType<typeof diagnose>, code: string) => d.findings.filter((f) => f.code === code);

  it('a backend that answered: reachable, authorised, how fast, what it returned', () => {
    const d = run([{ kind: 'prometheus', url: 'http://prom:9090', state: 'ok', latencyMs: 42 }, { kind: 'sentry', url: 'https://sentry.io', state: 'ok', latencyMs: 7 }]);
    const ok = byCode(d, 'backend.ok').map((f) => f.title);
    assert.deepEqual(ok, [
      '"api" → prometheus at http://prom:9090 (from .prodlens.json), no token (optional): reachable and authorised, answered in 42 ms, returned no request metrics',
      '"api" → sentry at https://sentry.io (from .prodlens.json), token set: reachable and authorised, answered in 7 ms, returned 0 error group(s), 0 release(s)',
    ]);
  });

  it('each failure kind gets its own fix, naming the env var in the CLI and the command in the editor', () => {
    const failing = (errorKind: string, error: string): BackendStatus[] => [{ kind: 'sentry', url: 'https://sentry.io', state: 'error', latencyMs: 3, errorKind, error }];
    const fixOf = (d: ReturnType<typeof diagnose>, code: string) => byCode(d, code)[0]?.fix ?? '';
    assert.match(fixOf(run(failing('auth', 'refused')), 'backend.auth'), /The token ProdLens sent was refused: replace it\. Set PRODLENS_SENTRY_TOKEN/);
    assert.match(fixOf(run(failing('auth', 'refused'), {}, 'editor'), 'backend.auth'), /Run "ProdLens: Set Backend Token"/);
    assert.doesNotMatch(fixOf(run(failing('auth', 'refused'), {}, 'editor'), 'backend.auth'), /PRODLENS_SENTRY_TOKEN/);
    assert.match(fixOf(run(failing('notFound', '404')), 'backend.notFound'), /"organization": "acme" and "project": "apii"/);
    assert.match(fixOf(run(failing('network', 'refused')), 'backend.network'), /HTTPS_PROXY \/ NO_PROXY.*curl -sS 'https:\/\/sentry\.io\/api\/0\/'/);
    assert.match(fixOf(run(failing('network', 'refused'), {}, 'editor'), 'backend.network'), /"http\.proxy" setting/);
    assert.match(fixOf(run(failing('badResponse', 'html')), 'backend.badResponse'), /not a login page/);
    assert.match(fixOf(run(failing('timeout', 'slow')), 'backend.timeout'), /--window 15m/);
    assert.equal(byCode(run(failing('rateLimited', 'slow down')), 'backend.rateLimited')[0]?.level, 'warning');
    const prometheus404 = run([{ kind: 'prometheus', url: 'http://prom:9090', state: 'error', errorKind: 'notFound', error: '404' }]);
    assert.match(fixOf(prometheus404, 'backend.notFound'), /path prefix .* ProdLens asks http:\/\/prom:9090\/api\/v1\/query/);
  });

  it('5xx, cut-off, too-large and windowless timeouts each get their own true fix', () => {
    const fixOf = (errorKind: string, error: string, kind: 'sentry' | 'prometheus' = 'sentry') => {
      const url = kind === 'sentry' ? 'https://sentry.io' : 'http://prom:9090';
      return byCode(run([{ kind, url, state: 'error', errorKind, error }]), `backend.${errorKind}`)[0]?.fix ?? '';
    };
    const server = fixOf('badResponse', explainBackendError(new BackendError('badResponse', 'Sentry failed with HTTP 502: Bad Gateway; Sentry error id ab12cd, quote it to support', { status: 502 }), 'Sentry'));
    assert.match(server, /failed on its side \(HTTP 502\).*Retry later.*quote Sentry error id ab12cd to Sentry support/);
    assert.doesNotMatch(server, /login page/);
    const cut = fixOf('badResponse', explainBackendError(new BackendError('badResponse', 'the answer was cut off or malformed at the HTTP level'), 'Sentry'));
    assert.match(cut, /closed before the answer ended: check the timeouts and body-size limits of any proxy or load balancer/);
    assert.doesNotMatch(cut, /login page/);
    const big = fixOf('tooLarge', explainBackendError(new BackendError('tooLarge', 'the response exceeded the size limit of 20971520 bytes', { limitBytes: 20_971_520 }), 'Prometheus'), 'prometheus');
    assert.match(big, /^ProdLens reads at most 20 MB per answer.*no setting to raise it\. Ask for less: a "selector" that matches fewer series/);
    assert.doesNotMatch(big, /login page|raise the limit/);
    const environment = fixOf('notFound', explainBackendError(new BackendError('notFound', 'Sentry has no environment "staging" for project "apii" (pick one of "production"): check --env or the prodlens.environment setting'), 'Sentry'));
    assert.equal(environment, 'Sentry knows no environment "staging" (pick one of "production"): set the environment to one it has (CLI: --env; editor: the "prodlens.environment" setting).');
  });

  it('a PagerDuty or Alertmanager timeout is not told to shorten the window: their queries have none', () => {
    const pdDetection = detectServices([{ path: '.prodlens.json', text: JSON.stringify({ services: [{ name: 'api', folders: ['api'], backends: { pagerduty: { url: 'https://api.pagerduty.com', serviceIds: ['P1'] } } }] }) }]);
    const d = diagnose({
      workspaceFolders: ['ws'],
      detection: pdDetection,
      surface: 'cli',
      backendsByService: { api: [{ kind: 'pagerduty', url: 'https://api.pagerduty.com', from: '.prodlens.json', hasToken: true, tokenOptional: false }] },
      runtime: { api: { snapshot: snapshot([{ kind: 'pagerduty', url: 'https://api.pagerduty.com', state: 'error', errorKind: 'timeout', error: 'slow' }]), mapping: noMapping } },
    });
    const fix = byCode(d, 'backend.timeout')[0]?.fix ?? '';
    assert.doesNotMatch(fix, /--window|window/);
    assert.match(fix, /check PagerDuty's load and the network path to https:\/\/api\.pagerduty\.com/);
  });

  it('a missing required token is one error whatever the refresh said, with the fix for where the user is', () => {
    const d = run([{ kind: 'sentry', url: 'https://sentry.io', state: 'error', errorKind: 'config', error: 'no Sentry auth token is set: use "ProdLens: Set Backend Token"' }], {}, 'cli', false);
    const [finding] = byCode(d, 'backend.noToken');
    assert.equal(finding.level, 'error');
    assert.doesNotMatch(`${finding.detail} ${finding.fix}`, /Set Backend Token/);
    assert.deepEqual(finding.suggestion, { env: 'PRODLENS_SENTRY_TOKEN' });
    assert.equal(d.findings.filter((f) => f.service === 'api' && f.level === 'error').length, 1);
  });

  it('"no request metrics": the selector that exists on the server, or what to run when it is unknown', () => {
    const note: BackendStatus[] = [{ kind: 'prometheus', url: 'http://prom:9090', state: 'ok', latencyMs: 5, notes: ['Prometheus has no request metrics for {"job":"api-prod"} (looked for ...).'] }];
    const known = byCode(run(note, { prometheusIdentities: { job: ['api', 'web'], service_name: ['web'] } }), 'prometheus.noRequestMetrics')[0];
    assert.deepEqual(known.suggestion, { selector: { job: 'api' } });
    assert.equal(known.fix, 'Set { "selector": { "job": "api" } } in the prometheus backend of "api" in .prodlens.json.');
    assert.match(known.detail ?? '', /Request metrics exist for job: api, web; service_name: web\./);
    const many = byCode(run(note, { prometheusIdentities: { job: ['cart', 'web'] } }), 'prometheus.noRequestMetrics')[0];
    assert.equal(many.suggestion, undefined);
    assert.match(many.fix ?? '', /values with request metrics on this server: job: cart, web/);
    assert.match(byCode(run(note, { prometheusIdentities: {} }), 'prometheus.noRequestMetrics')[0].fix ?? '', /No service has request metrics on http:\/\/prom:9090/);
    assert.match(byCode(run(note), 'prometheus.noRequestMetrics')[0].fix ?? '', /count by \(job\) \(up\)/);
  });

  it('mapping: statistics, the derived path mapping, frames with no fix, ambiguous frames and routes without a handler', () => {
    const mapping: MappingFacts = {
      framesSeen: 9, framesMapped: 3, unmappedByReason: { library: 2, nomatch: 3, ambiguous: 1 },
      ambiguous: [{ frame: '/app/src/index.ts:4', candidates: ['api/src/index.ts', 'api/admin/src/index.ts'] }],
      groupsMapped: 1, groupsUnmapped: [{ title: 'TypeError: x', reason: 'Path mapping /app/ → web/ gives web/src/a.ts, which is not in the workspace' }],
      routesMapped: 0, routesUnmapped: ['GET /api/orders/:id'],
    };
    const d = run([], {
      mapping,
      unmapped: [
        { deployedPath: '/app/src/a.ts', line: 3, reason: 'nomatch', candidates: [] },
        { deployedPath: '/app/src/b.ts', reason: 'nomatch', candidates: [] },
        { deployedPath: '/app/src/gone.ts', line: 9, reason: 'nomatch', explanation: 'no workspace file is named gone.ts.', candidates: [] },
      ],
      pathFixes: [{ from: '/app/', to: 'api/', frames: 2, example: { deployed: '/app/src/a.ts', file: 'api/src/a.ts' }, covers: ['/app/src/a.ts', '/app/src/b.ts'], replaces: { from: '/app/', to: 'web/' } }],
    });
    const summary = byCode(d, 'mapping.summary')[0];
    assert.equal(summary.title, '"api" on the code: 3 of 9 stack frame(s) mapped, 1 of 2 error group(s), 0 of 1 route(s)');
    assert.match(summary.detail ?? '', /Unmapped frames: library 2 \(library or runtime code, never mapped\), nomatch 3 \(no workspace file\), ambiguous 1/);
    const fix = byCode(d, 'mapping.pathMapping')[0];
    assert.equal(fix.fix, 'Change the path mapping { "from": "/app/", "to": "web/" } to { "from": "/app/", "to": "api/" } in the "pathMappings" of "api" in .prodlens.json.');
    assert.match(fix.detail ?? '', /sends \/app\/src\/a\.ts to web\/src\/a\.ts, which is not in this workspace; api\/src\/a\.ts is\./);
    const rest = byCode(d, 'mapping.noMatch')[0];
    assert.equal(rest.title, '"api": 1 stack frame(s) match no workspace file');
    assert.equal(rest.detail, '/app/src/gone.ts:9: no workspace file is named gone.ts.');
    assert.match(byCode(d, 'mapping.ambiguous')[0].detail ?? '', /\/app\/src\/index\.ts:4: api\/src\/index\.ts, api\/admin\/src\/index\.ts/);
    const routes = byCode(d, 'mapping.routes')[0];
    assert.equal(routes.level, 'warning');
    assert.equal(routes.detail, 'GET /api/orders/:id');
  });

  it('a new path mapping for a service that has none says "add", and one for a detected service gives the whole entry', () => {
    const detected = detectServices([{ path: 'shop/package.json', text: '{"name":"shop"}' }]);
    const d = diagnose({
      workspaceFolders: ['ws'], detection: detected, backendsByService: { shop: [] }, surface: 'cli',
      runtime: { shop: { snapshot: { ...snapshot([]), service: 'shop' }, mapping: { ...noMapping, framesSeen: 1, groupsUnmapped: [{ title: 't', reason: 'r' }], unmappedByReason: { nomatch: 1 } }, pathFixes: [{ from: '/srv/', to: 'shop/', frames: 1, example: { deployed: '/srv/a.js', file: 'shop/a.js' }, covers: ['/srv/a.js'] }] } },
    });
    assert.equal(d.findings.find((f) => f.code === 'mapping.pathMapping')?.fix, 'Add a path mapping from "/srv/" to "shop/" to a .prodlens.json entry for "shop" ({ "name": "shop", "folders": ["shop"], "pathMappings": [] }): { "pathMappings": [{ "from": "/srv/", "to": "shop/" }] }.');
    const noBackend = d.findings.find((f) => f.code === 'service.noBackend');
    assert.match(noBackend?.fix ?? '', /^Add "shop" to the "services" of \.prodlens\.json .*set PRODLENS_PROMETHEUS_URL/);
  });

  it('names: the runtime name over the manifest name, and .prodlens.json over both, are explained', () => {
    const runtime = diagnose({ workspaceFolders: ['ws'], detection: detectServices([{ path: 'package.json', text: '{"name":"web-frontend"}' }, { path: 'Dockerfile', text: 'ENV OTEL_SERVICE_NAME=web\n' }]), backendsByService: {} });
    assert.match(runtime.findings.find((f) => f.code === 'service.runtimeName')?.title ?? '', /^"web" is the name production uses \(Dockerfile\); its manifest calls it "web-frontend"/);
    const configured = diagnose({ workspaceFolders: ['ws'], detection: detectServices([{ path: '.prodlens.json', text: '{"services":[{"name":"web"}]}' }, { path: '.env', text: 'OTEL_SERVICE_NAME=web-prod\n' }]), backendsByService: {} });
    assert.match(configured.findings.find((f) => f.code === 'service.otherNames')?.fix ?? '', /If production knows it as "web-prod"/);
  });

  it('a secret in .prodlens.json: remove it, revoke it, and where the token goes instead', () => {
    const secret = detectServices([{ path: '.prodlens.json', text: '{"services":[{"name":"x","backends":{"pagerduty":{"serviceIds":["P1"],"apiKey":"k"}}}]}' }]);
    const cli = diagnose({ workspaceFolders: ['ws'], detection: secret, backendsByService: {}, surface: 'cli' }).findings.find((f) => f.code === 'config.invalid');
    assert.equal(cli?.fix, 'Remove services[0].backends.pagerduty.apiKey from .prodlens.json and revoke that credential (it is in the repository, maybe in its history). Set PRODLENS_PAGERDUTY_TOKEN instead.');
    const editor = diagnose({ workspaceFolders: ['ws'], detection: secret, backendsByService: {}, surface: 'editor' }).findings.find((f) => f.code === 'config.invalid');
    assert.match(editor?.fix ?? '', /Store it with "ProdLens: Set Backend Token" instead\.$/);
  });
});

describe('core/diagnostics: a token set after the last refresh', () => {
  it('is not reported as missing from what the old refresh said, and the fix is to refresh', () => {
    const detection = detectServices([{ path: '.prodlens.json', text: '{"services":[{"name":"api","backends":{"sentry":{"organization":"o","project":"p"}}}]}' }]);
    const snapshot = { service: 'api', window: '1h', fetchedAt: 0, status: 'unknown', statusReasons: [], current: { latency: {} }, series: {}, routes: [], errors: [], incidents: [], deploys: [], stale: false,
      backends: [{ kind: 'sentry', url: 'https://sentry.io', state: 'error', errorKind: 'config', error: 'Sentry is not configured correctly: no Sentry auth token is set' }] } as HealthSnapshot;
    const mapping = { framesSeen: 0, framesMapped: 0, unmappedByReason: {}, ambiguous: [], groupsMapped: 0, groupsUnmapped: [], routesMapped: 0, routesUnmapped: [] };
    const d = diagnose({ workspaceFolders: ['ws'], detection, surface: 'editor', backendsByService: { api: [{ kind: 'sentry', url: 'https://sentry.io', from: '.prodlens.json', hasToken: true, tokenOptional: false }] }, runtime: { api: { snapshot, mapping } } });
    const sentry = d.findings.find((f) => f.title.includes('→ sentry'));
    assert.equal(sentry?.level, 'info');
    assert.match(sentry?.title ?? '', /token set: not asked since the token was set$/);
    assert.equal(sentry?.fix, 'Run "ProdLens: Refresh", then the diagnosis again.');
    assert.equal(d.summary.errors, 0);
  });
});
