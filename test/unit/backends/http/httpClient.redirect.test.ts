import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { createHttpClient } from '../../../../src/backends/http/httpClient';
import { rejectsWithKind } from '../assertBackendError';
import { sendJson, startTestServer, type TestServer } from './testServer';

const client = createHttpClient({ version: '1', maxRetries: 0, maxRedirects: 3, credentialHeaders: ['X-Api-Key'] });

function redirectTo(location: () => string, status = 302) {
  return (_req: unknown, res: ServerResponse) => {
    res.writeHead(status, { location: location() });
    res.end();
  };
}

const okJson = (_req: unknown, res: ServerResponse) => sendJson(res, 200, { landed: true });

describe('http client: redirects', () => {
  const servers: TestServer[] = [];
  const start = async (...args: Parameters<typeof startTestServer>) => {
    const s = await startTestServer(...args);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('drops Authorization and flagged credential headers on a redirect to another origin', async () => {
    const other = await start(okJson);
    const first = await start(redirectTo(() => `${other.origin}/landing`));
    const res = await client.request<{ landed: boolean }>({
      url: `${first.origin}/api`,
      headers: { Authorization: 'Bearer secret-token', 'X-Api-Key': 'k-123', 'X-Scope-OrgID': 'tenant-1' },
    });
    assert.deepEqual(res.data, { landed: true });
    assert.equal(res.url, `${other.origin}/landing`);
    assert.equal(first.requests[0].headers.authorization, 'Bearer secret-token');
    const arrived = other.requests[0].headers;
    assert.equal(arrived.authorization, undefined);
    assert.equal(arrived['x-api-key'], undefined);
    assert.equal(arrived['x-scope-orgid'], 'tenant-1');
  });

  it('keeps Authorization on a same-origin redirect', async () => {
    const s = await start((req, res) => {
      if (req.url === '/old') redirectTo(() => '/new', 301)(req, res);
      else okJson(req, res);
    });
    await client.request({ url: `${s.origin}/old`, headers: { Authorization: 'Bearer same' } });
    assert.deepEqual(
      s.requests.map((r) => [r.url, r.headers.authorization]),
      [['/old', 'Bearer same'], ['/new', 'Bearer same']],
    );
  });

  it('does not restore credentials when a foreign origin redirects back to the original one', async () => {
    const back = { origin: '' };
    const foreign = await start(redirectTo(() => `${back.origin}/back`, 307));
    const original = await start((req, res) => {
      if (req.url === '/start') redirectTo(() => `${foreign.origin}/bounce`)(req, res);
      else okJson(req, res);
    });
    back.origin = original.origin;
    await client.request({ url: `${original.origin}/start`, headers: { Authorization: 'Bearer t' } });
    assert.equal(original.requests[1].url, '/back');
    assert.equal(original.requests[1].headers.authorization, undefined);
  });

  it('turns URL credentials into a header that is also dropped across origins', async () => {
    const other = await start(okJson);
    const first = await start(redirectTo(() => `${other.origin}/`));
    await client.request({ url: `http://user:p%40ss@127.0.0.1:${first.port}/` });
    assert.equal(first.requests[0].headers.authorization, `Basic ${Buffer.from('user:p@ss').toString('base64')}`);
    assert.equal(other.requests[0].headers.authorization, undefined);
  });

  it('stops after the maximum number of redirects', async () => {
    let n = 0;
    const s = await start(redirectTo(() => `/hop${++n}`));
    const err = await rejectsWithKind(client.request({ url: s.url }), 'badResponse');
    assert.match(err.message, /more than 3 redirects/);
    assert.equal(s.requests.length, 4);
  });

  it('turns a POST into a GET without body on 303, and keeps method and body on 307', async () => {
    const s = await start((req, res) => {
      if (req.url === '/see-other') redirectTo(() => '/result', 303)(req, res);
      else if (req.url === '/temporary') redirectTo(() => '/result', 307)(req, res);
      else okJson(req, res);
    });
    await client.request({ method: 'POST', url: `${s.origin}/see-other`, body: { a: 1 } });
    await client.request({ method: 'POST', url: `${s.origin}/temporary`, body: { b: 2 } });
    assert.deepEqual(
      s.requests.map((r) => [r.method, r.url, r.body]),
      [
        ['POST', '/see-other', '{"a":1}'],
        ['GET', '/result', ''],
        ['POST', '/temporary', '{"b":2}'],
        ['POST', '/result', '{"b":2}'],
      ],
    );
  });

  it('refuses redirects to non-http schemes', async () => {
    const s = await start(redirectTo(() => 'file:///etc/passwd'));
    await rejectsWithKind(client.request({ url: s.url }), 'badResponse');
  });

  it('treats a 3xx without Location as badResponse', async () => {
    const s = await start((_req, res) => {
      res.writeHead(302);
      res.end();
    });
    const err = await rejectsWithKind(client.request({ url: s.url }), 'badResponse');
    assert.equal(err.details.status, 302);
  });
});
