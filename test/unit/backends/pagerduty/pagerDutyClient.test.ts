import assert from 'node:assert/strict';
import type { BackendErrorKind } from '../../../../src/backends/errors';
import { createHttpClient } from '../../../../src/backends/http/httpClient';
import type { HttpClient, HttpClientOptions } from '../../../../src/backends/http/types';
import { PagerDutyClient } from '../../../../src/backends/pagerduty/pagerDutyClient';
import type { PagerDutyClientOptions } from '../../../../src/backends/pagerduty/types';
import { PdIncidentBuilder, pagerDutyFixture } from '../../../../src/demo/replay/pagerDutyBuilders';
import { startReplayServer, type FailureMode, type FailureOptions, type ReplayServer } from '../../../../src/demo/replay/replayServer';
import { rejectsWithKind } from '../assertBackendError';
import { sendJson, startTestServer, type TestServer } from '../http/testServer';

const TOKEN = 'u+Zx3KqPdSeCrEtKeY_9f8e7d6c';
const NOW = Date.UTC(2026, 0, 10, 12);
const DAY = 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

const testHttp = (overrides: Partial<HttpClientOptions> = {}) =>
  createHttpClient({ version: 'test', sleep: async () => {}, now: () => NOW, timeoutMs: 2_000, ...overrides });

function pdClient(baseUrl: string, overrides: Partial<PagerDutyClientOptions> = {}): PagerDutyClient {
  return new PagerDutyClient({ baseUrl, http: testHttp(), getToken: () => TOKEN, now: () => NOW, ...overrides });
}

/** `n` open incidents of PSVC001, one per hour back from NOW, newest first. */
function openIncidents(n: number): PdIncidentBuilder[] {
  return Array.from({ length: n }, (_, i) => new PdIncidentBuilder(`Incident ${i}`).createdAt(iso(NOW - (i + 1) * 3600_000)));
}

describe('PagerDutyClient against the replay server', () => {
  let server: ReplayServer | undefined;
  let plain: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    await plain?.close();
    server = undefined;
    plain = undefined;
  });
  const start = async (incidents: PdIncidentBuilder[], more: { maxPageSize?: number; userEmails?: string[] } = {}) => {
    server = await startReplayServer({ pagerduty: pagerDutyFixture({ token: TOKEN, incidents, ...more }), now: () => NOW });
    return server;
  };

  it('pages with limit/offset across three pages until more is false, newest first', async () => {
    const all = [
      ...openIncidents(7),
      new PdIncidentBuilder('other service').service('PSVC999').createdAt(iso(NOW - 1000)),
      new PdIncidentBuilder('resolved').status('resolved').createdAt(iso(NOW - 2000)),
    ];
    await start(all, { maxPageSize: 3 });
    const incidents = await pdClient(server!.url).incidents({ serviceIds: ['PSVC001', 'PSVC002'] });
    assert.deepEqual(incidents.map((i) => i.title), ['Incident 0', 'Incident 1', 'Incident 2', 'Incident 3', 'Incident 4', 'Incident 5', 'Incident 6']);
    const pages = server!.requests.filter((r) => r.route === 'pagerduty.incidents');
    assert.deepEqual(pages.map((r) => r.query.get('offset')), ['0', '3', '6']);
    const q = pages[0].query;
    assert.deepEqual(q.getAll('service_ids[]'), ['PSVC001', 'PSVC002']);
    assert.deepEqual(q.getAll('statuses[]'), ['triggered', 'acknowledged']);
    assert.equal(q.get('total'), 'true');
    assert.equal(q.get('limit'), '100');
    assert.equal(q.get('date_range'), 'all');
    assert.equal(q.get('sort_by'), 'created_at:desc');
    assert.equal(pages[0].headers.authorization, `Token token=${TOKEN}`);
    assert.equal(pages[0].headers.accept, 'application/vnd.pagerduty+json;version=2');
  });

  it('stops when the limit is reached', async () => {
    await start(openIncidents(10), { maxPageSize: 3 });
    const incidents = await pdClient(server!.url).incidents({ serviceIds: ['PSVC001'], limit: 5 });
    assert.equal(incidents.length, 5);
    const pages = server!.requests.filter((r) => r.route === 'pagerduty.incidents');
    assert.deepEqual(pages.map((r) => [r.query.get('offset'), r.query.get('limit')]), [['0', '5'], ['3', '2']]);
  });

  it('at the refresh deadline keeps the pages that arrived and says what is missing', async () => {
    await start(openIncidents(9), { maxPageSize: 3 });
    // Two pages answer; the third is held until the caller's signal ends it, after the deadline.
    server!.setFailure('pagerduty.incidents', 'hang', { after: 2 });
    const deadline = Date.now() + 500;
    const list = await pdClient(server!.url).listIncidents({ serviceIds: ['PSVC001'] }, AbortSignal.timeout(600), deadline);
    assert.deepEqual(list.items.map((i) => i.title), ['Incident 0', 'Incident 1', 'Incident 2', 'Incident 3', 'Incident 4', 'Incident 5']);
    assert.equal(list.partial, 'stopped after 2 pages of incidents at the refresh deadline; older open incidents are missing');
  });

  it('finds an incident open for longer than PagerDuty\'s 30-day default window, and honours since/until', async () => {
    const old = new PdIncidentBuilder('still open after 40 days').createdAt(iso(NOW - 40 * DAY));
    await start([old, ...openIncidents(1)]);
    const client = pdClient(server!.url);
    assert.equal((await client.incidents({ serviceIds: ['PSVC001'] })).length, 2);
    const recent = await client.incidents({ serviceIds: ['PSVC001'], since: iso(NOW - 7 * DAY), until: iso(NOW) });
    assert.deepEqual(recent.map((i) => i.title), ['Incident 0']);
    const last = server!.requests.at(-1)!.query;
    assert.equal(last.get('date_range'), null);
    assert.equal(last.get('since'), iso(NOW - 7 * DAY));
  });

  it('maps incidents: urgency to severity, assignee, link', async () => {
    await start([new PdIncidentBuilder('DB down').urgency('low').assignee('Sam').withId('PDB0001')]);
    const [incident] = await pdClient(server!.url).incidents({ serviceIds: ['PSVC001'] });
    assert.equal(incident.severity, 'warning');
    assert.equal(incident.assignee, 'Sam');
    assert.equal(incident.url, 'https://acme.pagerduty.com/incidents/PDB0001');
    assert.equal(incident.kind, 'incident');
    assert.equal(incident.status, 'triggered');
  });

  it('acknowledges with one PUT carrying exactly the documented headers and body', async () => {
    const target = new PdIncidentBuilder().withId('PACK001');
    await start([target]);
    const incident = await pdClient(server!.url).acknowledge('PACK001', 'dana@example.com');
    assert.equal(incident.status, 'acknowledged');
    assert.equal(server!.requests.length, 1);
    const put = server!.requests[0];
    assert.equal(put.method, 'PUT');
    assert.equal(put.path, '/incidents/PACK001');
    assert.equal(put.headers.authorization, `Token token=${TOKEN}`);
    assert.equal(put.headers.from, 'dana@example.com');
    assert.equal(put.headers.accept, 'application/vnd.pagerduty+json;version=2');
    assert.equal(put.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(put.body), { incident: { type: 'incident_reference', status: 'acknowledged' } });
  });

  it('never retries an acknowledgement, even on 429 or a 502', async () => {
    await start([new PdIncidentBuilder().withId('PACK002')]);
    server!.setFailure('pagerduty.updateIncident', 'rateLimited', { resetInSeconds: 1 });
    const err = await rejectsWithKind(pdClient(server!.url).acknowledge('PACK002', 'dana@example.com'), 'rateLimited');
    assert.equal(err.details.retryAt, NOW + 1000);
    server!.setFailure('pagerduty.updateIncident', 'htmlPage');
    await rejectsWithKind(pdClient(server!.url).acknowledge('PACK002', 'dana@example.com'), 'badResponse');
    assert.equal(server!.requests.length, 2);
  });

  it('turns a missing From (400 code 2016) into a config error naming the setting', async () => {
    await start([new PdIncidentBuilder().withId('PACK003')], { userEmails: ['oncall@example.com'] });
    const client = pdClient(server!.url, { fromEmailSetting: 'prodlens.pagerduty.fromEmail' });
    const err = await rejectsWithKind(client.acknowledge('PACK003', 'stranger@example.com'), 'config');
    assert.match(err.message, /prodlens\.pagerduty\.fromEmail/);
    assert.match(err.message, /code 2016/);
    const before = server!.requests.length;
    await rejectsWithKind(client.acknowledge('PACK003', 'not-an-email'), 'config');
    assert.equal(server!.requests.length, before, 'an invalid email is refused before sending');
    assert.equal((await client.acknowledge('PACK003', 'oncall@example.com')).status, 'acknowledged');
  });

  it('gives notFound for an unknown incident and auth for a key that may not write', async () => {
    await start([]);
    const missing = await rejectsWithKind(pdClient(server!.url).acknowledge('PNOPE01', 'dana@example.com'), 'notFound');
    assert.match(missing.message, /incident PNOPE01/);
    server!.setFailure('pagerduty.updateIncident', 'forbidden');
    const denied = await rejectsWithKind(pdClient(server!.url).acknowledge('PNOPE01', 'dana@example.com'), 'auth');
    assert.match(denied.message, /may not acknowledge/);
    assert.match(denied.message, /Access Denied \(code 2010\)/);
  });

  interface Case {
    mode: FailureMode;
    options?: FailureOptions;
    http?: Partial<HttpClientOptions>;
    kind: BackendErrorKind;
    message: RegExp;
    requests: number;
    retryAt?: number;
  }
  const cases: Case[] = [
    { mode: 'unauthorized', kind: 'auth', message: /rejected the API key \(HTTP 401: Authentication failed \(code 2006\)\)/, requests: 1 },
    { mode: 'forbidden', kind: 'auth', message: /may not read these incidents/, requests: 1 },
    { mode: 'notFound', kind: 'notFound', message: /HTTP 404/, requests: 1 },
    { mode: 'rateLimited', kind: 'rateLimited', message: /HTTP 429: Rate Limit Exceeded/, requests: 1, retryAt: NOW + 60_000 },
    { mode: 'rateLimited', options: { resetInSeconds: 60, retryAfterSeconds: 20 }, kind: 'rateLimited', message: /HTTP 429/, requests: 1, retryAt: NOW + 20_000 },
    { mode: 'serverError', kind: 'badResponse', message: /HTTP 500: Internal Server Error/, requests: 1 },
    { mode: 'truncatedJson', kind: 'badResponse', message: /truncated JSON/, requests: 1 },
    { mode: 'htmlPage', options: { status: 403 }, kind: 'auth', message: /HTTP 403 \(an HTML page/, requests: 1 },
    { mode: 'oversize', http: { maxResponseBytes: 8 * 1024 }, kind: 'tooLarge', message: /size limit/, requests: 1 },
    { mode: 'hang', http: { timeoutMs: 120 }, kind: 'timeout', message: /within 120 ms/, requests: 1 },
  ];
  for (const c of cases) {
    const label = `${c.mode}${c.options ? ` ${JSON.stringify(c.options)}` : ''}`;
    it(`maps ${label} on the incident list to ${c.kind} with a safe message`, async () => {
      await start(openIncidents(2));
      server!.setFailure('pagerduty.incidents', c.mode, c.options);
      const client = pdClient(server!.url, { http: testHttp(c.http) });
      const err = await rejectsWithKind(client.incidents({ serviceIds: ['PSVC001'] }), c.kind);
      assert.match(err.message, c.message);
      assert.ok(!err.message.includes(TOKEN), 'the key must never appear in a message');
      assert.equal(err.details.origin, server!.url);
      if (c.retryAt !== undefined) assert.equal(err.details.retryAt, c.retryAt);
      assert.equal(server!.requests.length, c.requests);
    });
  }

  it('waits out a short ratelimit-reset on the list and succeeds on the retry', async () => {
    await start(openIncidents(2));
    server!.setFailure('pagerduty.incidents', 'rateLimited', { resetInSeconds: 1, times: 1 });
    const waits: number[] = [];
    const http = testHttp({ sleep: async (ms) => void waits.push(ms) });
    assert.equal((await pdClient(server!.url, { http }).incidents({ serviceIds: ['PSVC001'] })).length, 2);
    assert.deepEqual(waits, [1000], 'waited exactly until the reset');
    assert.equal(server!.requests.length, 2);
  });

  it('refuses a key sent as Bearer, as PagerDuty would, and a missing key before sending', async () => {
    await start(openIncidents(1));
    const http = testHttp();
    const asBearer: HttpClient = { request: (req) => http.request({ ...req, headers: { ...req.headers, Authorization: `Bearer ${TOKEN}` } }) };
    const wrong = pdClient(server!.url, { http: asBearer });
    const err = await rejectsWithKind(wrong.incidents({ serviceIds: ['PSVC001'] }), 'auth');
    assert.ok(!err.message.includes(TOKEN));
    const before = server!.requests.length;
    await rejectsWithKind(pdClient(server!.url, { getToken: () => '  ' }).incidents({ serviceIds: ['PSVC001'] }), 'config');
    await rejectsWithKind(pdClient(server!.url).incidents({ serviceIds: [] }), 'config');
    await rejectsWithKind(pdClient(server!.url).incidents({ serviceIds: ['P1'], since: 'last week' }), 'config');
    assert.equal(server!.requests.length, before);
  });

  it('turns a 400 on the list into a config error with PagerDuty\'s reasons, and scrubs an echoed key', async () => {
    plain = await startTestServer((req, res) =>
      req.url?.startsWith('/echo')
        ? sendJson(res, 401, { error: { message: `Authentication failed for ${TOKEN}`, code: 2006 } })
        : sendJson(res, 400, { error: { message: 'Invalid Input Provided', code: 2001, errors: ['Service ids is invalid.'] } }),
    );
    const err = await rejectsWithKind(pdClient(plain.origin).incidents({ serviceIds: ['bad id'] }), 'config');
    assert.match(err.message, /check serviceIds .*Invalid Input Provided \(code 2001\): Service ids is invalid\./);
    const echoed = await rejectsWithKind(pdClient(`${plain.origin}/echo`).incidents({ serviceIds: ['P1'] }), 'auth');
    assert.ok(!echoed.message.includes(TOKEN), echoed.message);
  });
});
