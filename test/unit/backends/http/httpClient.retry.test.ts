import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { BackendError } from '../../../../src/backends/errors';
import { createHttpClient } from '../../../../src/backends/http/httpClient';
import { abortableSleep } from '../../../../src/backends/http/retry';
import type { HttpClientOptions } from '../../../../src/backends/http/types';
import { rejectsWithKind } from '../assertBackendError';
import { sendJson, startTestServer, type TestServer } from './testServer';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

/** A client whose waits are recorded instead of slept, with a frozen clock and no jitter. */
function fastClient(extra: Partial<HttpClientOptions> = {}) {
  const sleeps: number[] = [];
  const client = createHttpClient({
    version: '1.2.3',
    now: () => NOW,
    random: () => 1,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  return { client, sleeps };
}

/** Answers with the given statuses in turn (the last one repeats). */
function sequence(steps: { status: number; headers?: Record<string, string> }[]) {
  let i = 0;
  return (_req: unknown, res: ServerResponse) => {
    const step = steps[Math.min(i++, steps.length - 1)];
    sendJson(res, step.status, step.status === 200 ? { ok: true } : { error: `status ${step.status}` }, step.headers);
  };
}

describe('http client: retries', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('retries a GET after 503 honouring Retry-After in seconds', async () => {
    server = await startTestServer(sequence([{ status: 503, headers: { 'retry-after': '2' } }, { status: 200 }]));
    const { client, sleeps } = fastClient();
    const res = await client.request<{ ok: boolean }>({ url: server.url });
    assert.deepEqual(res.data, { ok: true });
    assert.deepEqual(sleeps, [2000]);
    assert.equal(server.requests.length, 2);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const at = new Date(NOW + 3000).toUTCString();
    server = await startTestServer(sequence([{ status: 429, headers: { 'retry-after': at } }, { status: 200 }]));
    const { client, sleeps } = fastClient();
    await client.request({ url: server.url });
    assert.deepEqual(sleeps, [3000]);
  });

  it('backs off exponentially without Retry-After, then maps the last 502 to badResponse', async () => {
    server = await startTestServer(sequence([{ status: 502 }]));
    const { client, sleeps } = fastClient({ maxRetries: 2, retryBaseDelayMs: 100 });
    const err = await rejectsWithKind(client.request({ url: server.url }), 'badResponse');
    assert.equal(err.details.status, 502);
    assert.deepEqual(sleeps, [100, 200]);
    assert.equal(server.requests.length, 3);
  });

  it('gives rateLimited with retryAt once retries are used up', async () => {
    server = await startTestServer(sequence([{ status: 429, headers: { 'retry-after': '1' } }]));
    const { client, sleeps } = fastClient({ maxRetries: 1 });
    const err = await rejectsWithKind(client.request({ url: server.url }), 'rateLimited');
    assert.equal(err.details.retryAt, NOW + 1000);
    assert.equal(err.details.origin, server.origin);
    assert.deepEqual(sleeps, [1000]);
  });

  it('does not block when Retry-After is beyond the max wait: rateLimited at once', async () => {
    server = await startTestServer(sequence([{ status: 429, headers: { 'retry-after': '3600' } }]));
    const { client, sleeps } = fastClient({ maxRetryWaitMs: 5000 });
    const err = await rejectsWithKind(client.request({ url: server.url }), 'rateLimited');
    assert.equal(err.details.retryAt, NOW + 3_600_000);
    assert.deepEqual(sleeps, []);
    assert.equal(server.requests.length, 1);
  });

  it('uses the rateLimitResetAt hook when the backend sends no Retry-After', async () => {
    server = await startTestServer(sequence([{ status: 429, headers: { 'x-sentry-rate-limit-reset': String(NOW / 1000 + 7) } }]));
    const { client } = fastClient({ maxRetries: 0 });
    const err = await rejectsWithKind(
      client.request({ url: server.url, rateLimitResetAt: (h) => Number(h['x-sentry-rate-limit-reset']) * 1000 }),
      'rateLimited',
    );
    assert.equal(err.details.retryAt, NOW + 7000);
  });

  it('never retries a POST unless it is flagged idempotent', async () => {
    server = await startTestServer(sequence([{ status: 503, headers: { 'retry-after': '1' } }, { status: 200 }]));
    const { client, sleeps } = fastClient();
    const err = await rejectsWithKind(client.request({ method: 'POST', url: server.url, body: { a: 1 } }), 'badResponse');
    assert.equal(err.details.status, 503);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(sleeps, []);

    const res = await client.request({ method: 'POST', url: server.url, body: { a: 1 }, idempotent: true });
    assert.equal(res.status, 200);
  });

  it('a request may ask for fewer retries than the client makes: maxRetries 0 sends exactly one', async () => {
    server = await startTestServer(sequence([{ status: 503 }, { status: 200 }]));
    const { client, sleeps } = fastClient({ maxRetries: 2 });
    const err = await rejectsWithKind(client.request({ url: server.url, maxRetries: 0 }), 'badResponse');
    assert.equal(err.details.status, 503);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(sleeps, []);
    const res = await client.request<{ ok: boolean }>({ url: server.url });
    assert.deepEqual(res.data, { ok: true }, 'the client default still retries');
  });

  it('does not retry other errors (500, 404)', async () => {
    server = await startTestServer(sequence([{ status: 500 }]));
    const { client, sleeps } = fastClient();
    await rejectsWithKind(client.request({ url: server.url }), 'badResponse');
    assert.equal(server.requests.length, 1);
    assert.deepEqual(sleeps, []);
  });

  it('stops waiting for a retry when the caller aborts', async () => {
    server = await startTestServer(sequence([{ status: 503, headers: { 'retry-after': '5' } }]));
    const controller = new AbortController();
    // A sleep that only an abort ends: the test finishes only if the client hands the caller's signal to the wait.
    const waits: number[] = [];
    const client = createHttpClient({
      version: '1',
      now: () => NOW,
      maxRetryWaitMs: 10_000,
      sleep: (ms, signal) => {
        waits.push(ms);
        return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new BackendError('cancelled', 'the request was cancelled')), { once: true }));
      },
    });
    const pending = client.request({ url: server.url, signal: controller.signal });
    while (waits.length === 0) await new Promise((r) => setImmediate(r));
    assert.deepEqual(waits, [5_000], 'the wait Retry-After asked for');
    controller.abort();
    await rejectsWithKind(pending, 'cancelled');
    assert.equal(server.requests.length, 1);
  });

  it('the default sleep ends early, as cancelled, when the signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort();
    await rejectsWithKind(sleeping, 'cancelled');
    await rejectsWithKind(abortableSleep(60_000, AbortSignal.abort()), 'cancelled');
  });
});
