import assert from 'node:assert/strict';
import type { BackendErrorKind } from '../../../../src/backends/errors';
import type { HttpClientOptions } from '../../../../src/backends/http/types';
import type { FailureMode, FailureOptions, ReplayServer } from '../../../../src/demo/replay/replayServer';
import { rejectsWithKind } from '../assertBackendError';
import { sendJson, startTestServer, type TestServer } from '../http/testServer';
import { NOW, TOKEN, issuesByCount, sentryClient, startSentry, testHttp } from './sentryContext';

interface FailureCase {
  name: string;
  mode: FailureMode;
  options?: FailureOptions;
  http?: Partial<HttpClientOptions>;
  kind: BackendErrorKind;
  message: RegExp;
  requests: number;
  retryAt?: number;
}

const RESET_AT = (Math.ceil(NOW / 1000) + 60) * 1000;

const cases: FailureCase[] = [
  { name: '401', mode: 'unauthorized', kind: 'auth', message: /Sentry rejected the token \(HTTP 401: Invalid token\)/, requests: 1 },
  { name: '403', mode: 'forbidden', kind: 'auth', message: /token has no access to the Sentry organization "acme"/, requests: 1 },
  { name: '404', mode: 'notFound', kind: 'notFound', message: /organization "acme" or project "42" was not found/, requests: 1 },
  {
    name: '429 with X-Sentry-Rate-Limit-Reset and no Retry-After',
    mode: 'rateLimited',
    kind: 'rateLimited',
    message: /HTTP 429: You are attempting to use this endpoint too frequently/,
    requests: 1,
    retryAt: RESET_AT,
  },
  {
    name: '429 with a short reset, retried until the retries run out',
    mode: 'rateLimited',
    options: { resetInSeconds: 2 },
    kind: 'rateLimited',
    message: /HTTP 429/,
    requests: 3,
    retryAt: (Math.ceil(NOW / 1000) + 2) * 1000,
  },
  {
    name: '429 with Retry-After, which wins over the reset header',
    mode: 'rateLimited',
    options: { retryAfterSeconds: 30 },
    kind: 'rateLimited',
    message: /HTTP 429/,
    requests: 1,
    retryAt: NOW + 30_000,
  },
  { name: '500', mode: 'serverError', kind: 'badResponse', message: /HTTP 500: Internal Error/, requests: 1 },
  { name: 'truncated JSON', mode: 'truncatedJson', kind: 'badResponse', message: /truncated JSON/, requests: 1 },
  { name: 'an HTML 502 page from a proxy', mode: 'htmlPage', kind: 'badResponse', message: /HTTP 502 \(an HTML page/, requests: 3 },
  { name: 'an HTML login page with 200', mode: 'htmlPage', options: { status: 200 }, kind: 'badResponse', message: /HTML page instead of JSON/, requests: 1 },
  {
    name: 'a body over the size limit',
    mode: 'oversize',
    options: { bytes: 64 * 1024 },
    http: { maxResponseBytes: 16 * 1024 },
    kind: 'tooLarge',
    message: /size limit/,
    requests: 1,
  },
  { name: 'no answer at all', mode: 'hang', http: { timeoutMs: 150 }, kind: 'timeout', message: /within 150 ms/, requests: 1 },
];

describe('SentryClient failure modes', () => {
  let server: ReplayServer | undefined;
  let plain: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    await plain?.close();
    server = undefined;
    plain = undefined;
  });

  for (const c of cases) {
    it(`maps ${c.name} to ${c.kind} with a safe message`, async () => {
      server = await startSentry(issuesByCount(2));
      server.setFailure('sentry.issues', c.mode, c.options);
      const client = sentryClient(server.url, { project: '42', http: testHttp(c.http) });
      const err = await rejectsWithKind(client.issues({ statsPeriod: '1h' }), c.kind);
      assert.match(err.message, c.message);
      assert.ok(!err.message.includes(TOKEN), 'the token must never appear in a message');
      assert.equal(err.details.origin, server.url);
      assert.equal(server.requests.filter((r) => r.route === 'sentry.issues').length, c.requests);
      if (c.retryAt !== undefined) assert.equal(err.details.retryAt, c.retryAt);
    });
  }

  it('refuses a token sent in PagerDuty form, as Sentry would', async () => {
    server = await startSentry(issuesByCount(1));
    const client = sentryClient(server.url, { project: '42', getAuthHeader: () => `Token token=${TOKEN}` });
    const err = await rejectsWithKind(client.issues({ statsPeriod: '1h' }), 'auth');
    assert.equal(err.details.status, 401);
    assert.ok(!err.message.includes(TOKEN));
  });

  it('names the organization and project when the slug does not resolve', async () => {
    server = await startSentry(issuesByCount(1));
    const err = await rejectsWithKind(sentryClient(server.url, { project: 'payments' }).issues({ statsPeriod: '1h' }), 'notFound');
    assert.match(err.message, /no project "payments" in organization "acme"/);
    const other = await rejectsWithKind(sentryClient(server.url, { organization: 'globex', project: '42' }).releases(), 'notFound');
    assert.match(other.message, /organization "globex"/);
  });

  it('retries a failed slug lookup on the next call instead of caching the failure', async () => {
    server = await startSentry(issuesByCount(1));
    server.setFailure('sentry.project', 'serverError', { times: 1 });
    const client = sentryClient(server.url);
    await rejectsWithKind(client.issues({ statsPeriod: '1h' }), 'badResponse');
    assert.equal((await client.issues({ statsPeriod: '1h' })).length, 1);
  });

  it('answers a project id Sentry does not know with 403, as the token cannot see it', async () => {
    server = await startSentry(issuesByCount(1));
    const err = await rejectsWithKind(sentryClient(server.url, { project: '999' }).issues({ statsPeriod: '1h' }), 'auth');
    assert.equal(err.details.status, 403);
  });

  it('scrubs the token even when the server echoes it back', async () => {
    plain = await startTestServer((_req, res) => sendJson(res, 401, { detail: `Invalid token ${TOKEN}` }));
    const err = await rejectsWithKind(sentryClient(plain.origin, { project: '42' }).issues({ statsPeriod: '1h' }), 'auth');
    assert.ok(!err.message.includes(TOKEN), err.message);
    assert.match(err.message, /Invalid token (sntrys_)?\*\*\*/);
  });

  it('stops waiting when the caller cancels, without caching the abandoned fetch once it fails', async () => {
    const issues = issuesByCount(1);
    server = await startSentry(issues);
    server.setFailure('sentry.latestEvent', 'hang', { times: 1 });
    const client = sentryClient(server.url, { http: testHttp({ timeoutMs: 1_000 }) });
    const controller = new AbortController();
    const pending = client.latestEvent(issues[0].id, controller.signal);
    // Abort once the hanging request has arrived: `cancelled`, not `timeout`, shows the caller stopped waiting.
    while (!server.requests.some((r) => r.route === 'sentry.latestEvent')) await new Promise((r) => setImmediate(r));
    controller.abort();
    await rejectsWithKind(pending, 'cancelled');
    // A second caller joins the request still in flight, and sees how it ends.
    await rejectsWithKind(client.latestEvent(issues[0].id), 'timeout');
    const event = await client.latestEvent(issues[0].id);
    assert.equal(event.exceptionValue, 'failure 0');
    const aborted = new AbortController();
    aborted.abort();
    await rejectsWithKind(client.releases(aborted.signal), 'cancelled');
  });
});
