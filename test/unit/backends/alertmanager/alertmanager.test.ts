import assert from 'node:assert/strict';
import { AlertmanagerClient } from '../../../../src/backends/alertmanager/alertmanagerClient';
import {
  alertToIncident,
  codeLocationHint,
  formatMatcher,
  parseAlertsResponse,
  parseSilenceResponse,
} from '../../../../src/backends/alertmanager/parse';
import { createHttpClient } from '../../../../src/backends/http/httpClient';
import { AmAlertBuilder, amAlerts } from '../../../builders/alertmanager';
import { rejectsWithKind, throwsWithKind } from '../assertBackendError';
import { sendJson, startTestServer, type TestServer } from '../http/testServer';

const parseOne = (b: AmAlertBuilder) => parseAlertsResponse(amAlerts(b))[0];

describe('alertmanager parsing and mapping', () => {
  it('maps an alert to an Incident', () => {
    const alert = parseOne(
      new AmAlertBuilder('CheckoutErrors')
        .fingerprint('abc123')
        .label('service', 'checkout')
        .label('severity', 'Critical')
        .annotation('summary', '5xx above 5%')
        .annotation('description', 'POST /api/orders fails 12% of requests')
        .generatorURL('http://prometheus:9090/graph?g0.expr=x'),
    );
    assert.deepEqual(alertToIncident(alert), {
      id: 'abc123',
      source: 'alertmanager',
      kind: 'alert',
      title: 'CheckoutErrors: 5xx above 5%',
      summary: 'POST /api/orders fails 12% of requests',
      severity: 'critical',
      status: 'firing',
      startedAt: '2026-01-01T10:00:00.000Z',
      url: 'http://prometheus:9090/graph?g0.expr=x',
      labels: { alertname: 'CheckoutErrors', service: 'checkout', severity: 'Critical' },
    });
  });

  it('defaults severity to warning, uses summary when there is no description, and maps states', () => {
    const plain = alertToIncident(parseOne(new AmAlertBuilder('Foo').label('severity', 'page').annotation('summary', 's')));
    assert.equal(plain.severity, 'warning');
    assert.equal(plain.summary, 's');
    assert.equal(alertToIncident(parseOne(new AmAlertBuilder().label('severity', 'info'))).severity, 'info');
    assert.equal(alertToIncident(parseOne(new AmAlertBuilder().label('severity', 'error'))).severity, 'error');
    assert.equal(alertToIncident(parseOne(new AmAlertBuilder().silencedBy('s-1'))).status, 'suppressed');
    assert.equal(alertToIncident(parseOne(new AmAlertBuilder().state('unprocessed'))).status, 'firing');
    const bare = alertToIncident(parseOne(new AmAlertBuilder('Bare')));
    assert.equal(bare.title, 'Bare');
    assert.equal(bare.summary, undefined);
  });

  it('drops non-web generator links', () => {
    assert.equal(alertToIncident(parseOne(new AmAlertBuilder().generatorURL('javascript:alert(1)'))).url, undefined);
    assert.equal(alertToIncident(parseOne(new AmAlertBuilder().generatorURL('command:workbench.action.quit'))).url, undefined);
  });

  it('finds code location hints in labels and annotations, old and new names', () => {
    assert.deepEqual(codeLocationHint({ labels: { code_filepath: '/app/src/orders.ts', code_lineno: '42', code_function: 'createOrder' }, annotations: {} }), {
      path: '/app/src/orders.ts',
      line: 42,
      function: 'createOrder',
    });
    assert.deepEqual(codeLocationHint({ labels: {}, annotations: { code_file_path: 'src/cart.py', code_line_number: '7' } }), { path: 'src/cart.py', line: 7 });
    assert.deepEqual(codeLocationHint({ labels: { code_file_path: 'new.ts' }, annotations: { code_filepath: 'old.ts' } }), { path: 'new.ts' });
    assert.deepEqual(codeLocationHint({ labels: { code_filepath: 'src/a.go:19' }, annotations: {} }), { path: 'src/a.go', line: 19 });
    assert.deepEqual(codeLocationHint({ labels: { code_filepath: 'x.ts', code_lineno: 'zero' }, annotations: {} }), { path: 'x.ts' });
    assert.equal(codeLocationHint({ labels: { alertname: 'A' }, annotations: {} }), undefined);
  });

  it('formats matchers in filter syntax with escaping', () => {
    assert.equal(formatMatcher({ name: 'service', value: 'checkout' }), 'service="checkout"');
    assert.equal(formatMatcher({ name: 'env', value: 'prod', isEqual: false }), 'env!="prod"');
    assert.equal(formatMatcher({ name: 'route', value: '/api/.*', isRegex: true }), 'route=~"/api/.*"');
    assert.equal(formatMatcher({ name: 'route', value: 'a"b\\c', isRegex: true, isEqual: false }), 'route!~"a\\"b\\\\c"');
    throwsWithKind(() => formatMatcher({ name: 'bad name', value: 'x' }), 'config');
  });

  const malformed: [string, unknown][] = [
    ['not a list', { alerts: [] }],
    ['no fingerprint', [{ ...new AmAlertBuilder().build(), fingerprint: undefined }]],
    ['bad state', [new AmAlertBuilder().state('resolved').build()]],
    ['bad startsAt', [new AmAlertBuilder().startsAt('yesterday').build()]],
    ['label not string', [{ ...new AmAlertBuilder().build(), labels: { a: 1 } }]],
    ['no status', [{ ...new AmAlertBuilder().build(), status: undefined }]],
    ['receiver without name', [{ ...new AmAlertBuilder().build(), receivers: [{}] }]],
  ];
  for (const [name, body] of malformed) {
    it(`rejects malformed alerts (${name}) with badResponse`, () => {
      throwsWithKind(() => parseAlertsResponse(body), 'badResponse');
    });
  }

  it('reads the silence id', () => {
    assert.equal(parseSilenceResponse({ silenceID: 'f00' }), 'f00');
    throwsWithKind(() => parseSilenceResponse({}), 'badResponse');
  });
});

describe('AlertmanagerClient (against a local fake)', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const http = createHttpClient({ version: '1', sleep: async () => {} });

  it('sends repeated filter params and state flags', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, amAlerts(new AmAlertBuilder().label('service', 'checkout'))));
    const client = new AlertmanagerClient({ baseUrl: `${server.origin}/am`, http });
    const incidents = await client.alerts({
      matchers: [{ name: 'service', value: 'checkout' }, { name: 'env', value: 'prod' }],
      active: true,
      silenced: false,
      inhibited: false,
    });
    assert.equal(incidents.length, 1);
    const url = new URL(server.requests[0].url, server.origin);
    assert.equal(url.pathname, '/am/api/v2/alerts');
    assert.deepEqual(url.searchParams.getAll('filter'), ['service="checkout"', 'env="prod"']);
    assert.equal(url.searchParams.get('silenced'), 'false');
    assert.equal(url.searchParams.get('active'), 'true');
  });

  it('creates a silence with one POST, never retried', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 503, 'cluster not ready', { 'retry-after': '1' }));
    const now = Date.UTC(2026, 0, 1, 12);
    const client = new AlertmanagerClient({ baseUrl: server.origin, http, now: () => now });
    const request = { matchers: [{ name: 'service', value: 'checkout' }], durationMs: 3_600_000, createdBy: 'dev@x', comment: 'deploying fix' };
    const err = await rejectsWithKind(client.createSilence(request), 'badResponse');
    assert.match(err.message, /cluster not ready/);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(JSON.parse(server.requests[0].body), {
      matchers: [{ name: 'service', value: 'checkout', isRegex: false, isEqual: true }],
      startsAt: '2026-01-01T12:00:00.000Z',
      endsAt: '2026-01-01T13:00:00.000Z',
      createdBy: 'dev@x',
      comment: 'deploying fix',
    });
  });

  it('probe: one GET of /api/v2/status under the path prefix, with the auth of the alert list', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, { cluster: { status: 'ready', peers: [] }, uptime: '2026-01-01T00:00:00Z' }));
    const client = new AlertmanagerClient({ baseUrl: `${server.origin}/alertmanager`, http, headers: { 'X-Scope-OrgID': 't1' }, getAuthHeader: () => 'Bearer am' });
    await client.probe();
    assert.deepEqual(server.requests.map((r) => [r.method, r.url, r.headers.authorization, r.headers['x-scope-orgid']]), [['GET', '/alertmanager/api/v2/status', 'Bearer am', 't1']]);
  });

  it('probe: a 503 fails at once, never retried; a JSON answer that is not an object fails too', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 503, 'cluster not ready'));
    const client = new AlertmanagerClient({ baseUrl: server.origin, http });
    await rejectsWithKind(client.probe(), 'badResponse');
    assert.equal(server.requests.length, 1);
    await server.close();
    server = await startTestServer((_req, res) => sendJson(res, 200, ['not', 'a', 'status']));
    await rejectsWithKind(new AlertmanagerClient({ baseUrl: server.origin, http }).probe(), 'badResponse');
  });

  it('validates silences before sending', async () => {
    const client = new AlertmanagerClient({ baseUrl: 'http://127.0.0.1:1', http });
    const base = { matchers: [{ name: 'a', value: 'b' }], durationMs: 1000, createdBy: 'me', comment: 'c' };
    await rejectsWithKind(client.createSilence({ ...base, matchers: [] }), 'config');
    await rejectsWithKind(client.createSilence({ ...base, durationMs: 0 }), 'config');
    await rejectsWithKind(client.createSilence({ ...base, comment: ' ' }), 'config');
  });
});
