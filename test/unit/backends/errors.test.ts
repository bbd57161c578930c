// Each failure gets advice that is true for it: a server error is not a login page, a cut-off answer is not
// a wrong URL, a too-large answer states the limit, and only windowed backends are told to shorten the window.
import assert from 'node:assert/strict';
import { BackendError, explainBackendError } from '../../../src/backends/errors';
import { decodeBody } from '../../../src/backends/http/body';
import { statusError, transportError } from '../../../src/backends/http/httpErrors';
import { SentryRateGate } from '../../../src/backends/sentry/rateGate';
import { sentryError } from '../../../src/backends/sentry/sentryErrors';
import { rejectsWithKind } from './assertBackendError';

const ORIGIN = 'https://sentry.example.com';
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('explainBackendError: advice per failure', () => {
  it('a 5xx says the server failed, with its status and retry advice, and no login-page guess', () => {
    const text = explainBackendError(statusError(503, {}, json({ error: 'overloaded' }), ORIGIN, undefined), 'Prometheus');
    assert.equal(text, `Prometheus at ${ORIGIN} failed on its side (HTTP 503: overloaded): the server had an internal error, not a problem with the request; ProdLens retries on the next refresh, and if it persists check the server's logs or status page.`);
    assert.doesNotMatch(text, /login page/);
  });

  it("keeps Sentry's errorId of a 500 in the message, to quote to support", () => {
    const http = statusError(500, { 'content-type': 'application/json' }, json({ detail: 'Internal Error', errorId: '3f1c0e2b9a' }), ORIGIN, undefined);
    assert.equal(http.message, 'HTTP 500: Internal Error; error id 3f1c0e2b9a');
    const sentry = sentryError(http, { operation: 'issues', organization: 'acme', project: 'checkout' }, []) as BackendError;
    assert.equal(sentry.message, 'Sentry failed with HTTP 500: Internal Error; Sentry error id 3f1c0e2b9a, quote it to support');
    assert.match(explainBackendError(sentry, 'Sentry'), /Sentry error id 3f1c0e2b9a, quote it to support/);
    // An id that is not a plain token is not shown: the body is untrusted.
    assert.equal(statusError(500, {}, json({ detail: 'Internal Error', errorId: '<a href=x>' }), ORIGIN, undefined).message, 'HTTP 500: Internal Error');
  });

  it('an answer cut off mid-way blames the connection, not the URL', () => {
    const cut = transportError({ message: 'aborted', code: 'ECONNRESET' }, ORIGIN, undefined, 10_000);
    const text = explainBackendError(cut, 'Alertmanager');
    assert.match(text, /^Alertmanager at https:\/\/sentry\.example\.com cut its answer off mid-way \(.*\): the answer stopped before its end, usually a proxy or load balancer cutting long answers/);
    assert.doesNotMatch(text, /login page|cannot read/);
    // A whole HTTP answer whose JSON stops mid-document is the same story.
    let truncated: BackendError | undefined;
    try {
      decodeBody(Buffer.from('[{"id":"1","title":"x'), {}, 'json', 200, ORIGIN);
    } catch (err) {
      truncated = err as BackendError;
    }
    assert.match(explainBackendError(truncated!, 'Sentry'), /cut its answer off mid-way \(truncated JSON/);
  });

  it('a too-large answer states the limit and what makes the answer smaller, naming no setting that does not exist', () => {
    const big = transportError({ message: 'maxContentLength size of 20971520 exceeded', code: 'ERR_BAD_RESPONSE' }, ORIGIN, undefined, 10_000);
    assert.equal(big.kind, 'tooLarge');
    assert.equal(big.details.limitBytes, 20_971_520);
    assert.equal(explainBackendError(big, 'Prometheus'), `Prometheus at ${ORIGIN} sent an answer larger than ProdLens's limit of 20 MB: ask for less with a "selector" that matches fewer series (one job, one service), or a shorter window.`);
    assert.match(explainBackendError(big, 'PagerDuty'), /limit of 20 MB: ask for less with fewer "serviceIds"\.$/);
    assert.doesNotMatch(explainBackendError(big, 'Sentry'), /raise the limit/);
  });

  it('a timeout suggests a shorter window only for backends whose query covers the window', () => {
    const slow = new BackendError('timeout', 'no complete answer within 10000 ms', { origin: ORIGIN });
    assert.match(explainBackendError(slow, 'Prometheus'), /overloaded, or the window too large\.$/);
    assert.match(explainBackendError(slow, 'Sentry'), /window too large/);
    assert.equal(explainBackendError(slow, 'PagerDuty'), `PagerDuty at ${ORIGIN} did not answer in time (no complete answer within 10000 ms): it may be overloaded.`);
    assert.doesNotMatch(explainBackendError(slow, 'Alertmanager'), /window/);
  });

  it('a 404 the adapter could name keeps its sentence; a bare one gets the generic check', () => {
    const named = new BackendError('notFound', 'Sentry has no project "chekout" in organization "acme" (HTTP 404): check organization and project in .prodlens.json', { status: 404, origin: ORIGIN });
    assert.equal(explainBackendError(named, 'Sentry'), `${named.message} (${ORIGIN}).`);
    assert.match(explainBackendError(new BackendError('notFound', 'HTTP 404', { status: 404 }), 'Prometheus'), /answered 404: check the URL, path prefix and ids/);
  });

  it("a 403 that names the organization and project is not reduced to the bare status", () => {
    const err = new BackendError('auth', 'the token has no access to the Sentry organization "acme" (or to its project "42") (HTTP 403): check the token\'s organization and scopes', { status: 403 });
    assert.match(explainBackendError(err, 'Sentry'), /project "42"/);
  });
});

describe('SentryRateGate', () => {
  const NOW = 1_767_268_800_000;
  const spent = { headers: { 'x-sentry-rate-limit-remaining': '0', 'x-sentry-rate-limit-reset': String(NOW / 1000 + 60) } };

  it('does not send while the window is spent and resets after the deadline', async () => {
    const gate = new SentryRateGate({ now: () => NOW, sleep: async () => assert.fail('must not wait past the deadline') });
    await gate.run(async () => spent);
    let sent = 0;
    const err = await rejectsWithKind(gate.run(async () => { sent++; return spent; }, undefined, NOW + 30_000), 'rateLimited');
    assert.equal(sent, 0);
    assert.equal(err.details.retryAt, NOW + 60_000);
  });

  it('waits for the reset when it comes before the deadline, then sends', async () => {
    const waits: number[] = [];
    const gate = new SentryRateGate({ now: () => NOW, sleep: async (ms) => void waits.push(ms) });
    await gate.run(async () => spent);
    await gate.run(async () => ({ headers: {} }), undefined, NOW + 120_000);
    assert.deepEqual(waits, [60_000]);
  });

  it('keeps at most the concurrent limit in flight, learnt from the headers', async () => {
    const gate = new SentryRateGate({ now: () => NOW, maxConcurrent: 5 });
    await gate.run(async () => ({ headers: { 'x-sentry-rate-limit-concurrentlimit': '2' } }));
    let inFlight = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const task = () => gate.run(() => new Promise<{ headers: Record<string, string> }>((resolve) => {
      most = Math.max(most, ++inFlight);
      releases.push(() => {
        inFlight--;
        resolve({ headers: {} });
      });
    }));
    let done = false;
    const all = Promise.all([task(), task(), task(), task()]).then(() => {
      done = true;
    });
    // Release whatever is in flight until all four are done: never more than two at once.
    while (!done) {
      await new Promise((r) => setImmediate(r));
      releases.splice(0).forEach((release) => release());
    }
    await all;
    assert.equal(most, 2);
  });
});
