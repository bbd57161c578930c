import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { createHttpClient } from '../../../../src/backends/http/httpClient';
import { rejectsWithKind } from '../assertBackendError';
import { closedPort, sendJson, startTestServer, type TestHandler, type TestServer } from './testServer';

const client = createHttpClient({ version: '9.9.9', maxRetries: 0 });

describe('http client: answers and failures', () => {
  let server: TestServer | undefined;
  const serve = async (handler: TestHandler) => {
    server = await startTestServer(handler);
    return server;
  };
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends User-Agent, Accept-Encoding gzip, repeated params and a JSON body; decodes gzip', async () => {
    const s = await serve((req, res) => {
      const zipped = zlib.gzipSync(JSON.stringify({ echoed: true }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(zipped);
      void req;
    });
    const res = await client.request<{ echoed: boolean }>({
      method: 'POST',
      url: `${s.origin}/api/v2/x?keep=1`,
      params: { filter: ['service="checkout"', 'env="prod"'], active: true, skipped: undefined },
      body: { hello: 'world' },
    });
    assert.deepEqual(res.data, { echoed: true });
    const [seen] = s.requests;
    assert.equal(seen.headers['user-agent'], 'ProdLens/9.9.9');
    assert.match(String(seen.headers['accept-encoding']), /gzip/);
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.equal(seen.body, '{"hello":"world"}');
    assert.equal(seen.url, '/api/v2/x?keep=1&filter=service%3D%22checkout%22&filter=env%3D%22prod%22&active=true');
  });

  for (const [status, kind] of [[401, 'auth'], [403, 'auth'], [404, 'notFound'], [500, 'badResponse']] as const) {
    it(`maps HTTP ${status} to ${kind} with status and origin, without echoing secrets`, async () => {
      const s = await serve((_req, res) => sendJson(res, status, { error: 'token Bearer sk_live_abcdef123456 rejected' }));
      const err = await rejectsWithKind(client.request({ url: `${s.origin}/private?token=abc` }), kind);
      assert.equal(err.details.status, status);
      assert.equal(err.details.origin, s.origin);
      assert.doesNotMatch(err.message, /sk_live_abcdef123456/);
      assert.doesNotMatch(err.message, /private|token=abc/);
    });
  }

  it('names an HTML error page without echoing it', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1><p>nginx internal-host-10.0.0.7</p></body></html>');
    });
    const err = await rejectsWithKind(client.request({ url: s.url }), 'badResponse');
    assert.match(err.message, /HTML/);
    assert.doesNotMatch(err.message, /nginx|10\.0\.0\.7/);
  });

  it('rejects an HTML page served with 200 where JSON was expected (an SSO login page)', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><form action="/login"></form></html>');
    });
    const err = await rejectsWithKind(client.request({ url: s.url }), 'badResponse');
    assert.match(err.message, /HTML page instead of JSON/);
  });

  it('returns text untouched when responseType is text', async () => {
    const s = await serve((_req, res) => res.end('Prometheus Server is Ready.\n'));
    const res = await client.request<string>({ url: s.url, responseType: 'text' });
    assert.equal(res.data, 'Prometheus Server is Ready.\n');
  });

  it('maps truncated JSON to badResponse', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"success","data":{"resultType":"vector","result":[{"metric":{');
    });
    const err = await rejectsWithKind(client.request({ url: s.url }), 'badResponse');
    assert.match(err.message, /truncated JSON/);
  });

  it('maps a body cut off by a closed connection to badResponse', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      // Closed once the first half is on its way: the client reads it, then the end of the stream.
      res.write('{"status":"success","data":', () => res.socket?.end());
    });
    const err = await rejectsWithKind(client.request({ url: s.url }), 'badResponse');
    assert.match(err.message, /cut off/);
  });

  it('maps a connection closed before any answer to network', async () => {
    const s = await serve((req) => req.socket.destroy());
    const err = await rejectsWithKind(client.request({ url: s.url }), 'network');
    assert.equal(err.message, 'connection reset');
  });

  it('maps a non-JSON answer to badResponse', async () => {
    const s = await serve((_req, res) => res.end('ok, not json'));
    const err = await rejectsWithKind(client.request({ url: s.url }), 'badResponse');
    assert.match(err.message, /not valid JSON/);
  });

  it('enforces the size cap (tooLarge)', async () => {
    const s = await serve((_req, res) => sendJson(res, 200, { big: 'x'.repeat(5000) }));
    const small = createHttpClient({ version: '1', maxResponseBytes: 1000 });
    const err = await rejectsWithKind(small.request({ url: s.url }), 'tooLarge');
    assert.equal(err.details.origin, s.origin);
  });

  it('counts decompressed bytes, so a small gzip bomb is still tooLarge', async () => {
    const zipped = zlib.gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20));
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(zipped);
    });
    assert.ok(zipped.length < 100_000);
    const small = createHttpClient({ version: '1', maxResponseBytes: 100_000 });
    await rejectsWithKind(small.request({ url: s.url }), 'tooLarge');
  });

  it('times out when no answer arrives', async () => {
    const s = await serve(() => undefined);
    const fast = createHttpClient({ version: '1', timeoutMs: 150 });
    const err = await rejectsWithKind(fast.request({ url: s.url }), 'timeout');
    // The client's own deadline ended it (were it missing, the request would hang until mocha's timeout).
    assert.equal(err.message, 'no complete answer within 150 ms');
    assert.equal(err.details.origin, s.origin);
  });

  it('times out when the body trickles past the deadline (the timeout covers the whole answer)', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const timer = setInterval(() => res.write('1,'), 30);
      res.on('close', () => clearInterval(timer));
    });
    const fast = createHttpClient({ version: '1', timeoutMs: 200 });
    await rejectsWithKind(fast.request({ url: s.url }), 'timeout');
  });

  it('cancels when the caller aborts mid-request', async () => {
    const s = await serve(() => undefined);
    const controller = new AbortController();
    const pending = client.request({ url: s.url, signal: controller.signal });
    while (s.requests.length === 0) await new Promise((r) => setImmediate(r));
    controller.abort();
    const err = await rejectsWithKind(pending, 'cancelled');
    assert.equal(err.details.origin, s.origin);
  });

  it('does not even connect when the signal is already aborted', async () => {
    const s = await serve((_req, res) => sendJson(res, 200, {}));
    await rejectsWithKind(client.request({ url: s.url, signal: AbortSignal.abort() }), 'cancelled');
    assert.equal(s.requests.length, 0);
  });

  it('maps connection refused to network', async () => {
    const port = await closedPort();
    const err = await rejectsWithKind(client.request({ url: `http://127.0.0.1:${port}/api` }), 'network');
    assert.equal(err.message, 'connection refused');
    assert.equal(err.details.origin, `http://127.0.0.1:${port}`);
  });

  it('never puts URL credentials into an error', async () => {
    const port = await closedPort();
    const err = await rejectsWithKind(client.request({ url: `http://admin:hunter2@127.0.0.1:${port}/` }), 'network');
    assert.doesNotMatch(`${err.message} ${JSON.stringify(err.details)}`, /hunter2|admin/);
  });

  it('maps an invalid URL to config', async () => {
    await rejectsWithKind(client.request({ url: 'ftp://example.com/x' }), 'config');
    await rejectsWithKind(client.request({ url: 'not a url' }), 'config');
  });
});
