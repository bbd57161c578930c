import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createHttpClient } from '../../../../src/backends/http/httpClient';
import { rejectsWithKind } from '../assertBackendError';
import { sendJson, startTestServer, type TestServer } from './testServer';
import { TEST_CA_PEM, TEST_SERVER_CERT_PEM, TEST_SERVER_KEY_PEM } from './tlsFixture';

interface ProxySeen {
  method: string;
  url: string;
  proxyAuth: string | undefined;
}

/** A minimal forward proxy: absolute-form requests for http targets, CONNECT tunnels for https ones. */
async function startProxy() {
  const seen: ProxySeen[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', proxyAuth: req.headers['proxy-authorization'] });
    const target = new URL(req.url ?? '');
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    seen.push({ method: 'CONNECT', url: req.url ?? '', proxyAuth: req.headers['proxy-authorization'] });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const tlsOptions = { cert: TEST_SERVER_CERT_PEM, key: TEST_SERVER_KEY_PEM };
const ok = (_req: unknown, res: http.ServerResponse) => sendJson(res, 200, { secure: true });

describe('http client: TLS and proxies', () => {
  const cleanups: (() => Promise<void>)[] = [];
  const startServer = async (...args: Parameters<typeof startTestServer>): Promise<TestServer> => {
    const s = await startTestServer(...args);
    cleanups.push(() => s.close());
    return s;
  };
  const proxy = async () => {
    const p = await startProxy();
    cleanups.push(p.close);
    return p;
  };
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()));
  });

  it('maps an untrusted certificate to tls', async () => {
    const s = await startServer(ok, tlsOptions);
    const err = await rejectsWithKind(createHttpClient({ version: '1' }).request({ url: s.url }), 'tls');
    assert.equal(err.details.origin, s.origin);
  });

  it('trusts a server signed by the configured CA', async () => {
    const s = await startServer(ok, tlsOptions);
    const res = await createHttpClient({ version: '1', caPem: TEST_CA_PEM }).request<{ secure: boolean }>({ url: s.url });
    assert.deepEqual(res.data, { secure: true });
  });

  it('connects without verification only on explicit opt-out, and logs a warning', async () => {
    const s = await startServer(ok, tlsOptions);
    const warnings: string[] = [];
    const insecure = createHttpClient({ version: '1', rejectUnauthorized: false, log: { warn: (m) => warnings.push(m), debug: () => {} } });
    assert.equal((await insecure.request({ url: s.url })).status, 200);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /verification is disabled/);
  });

  it('refuses a redirect from https to plain http', async () => {
    const plain = await startServer(ok);
    const s = await startServer((_req, res) => {
      res.writeHead(302, { location: plain.url });
      res.end();
    }, tlsOptions);
    const client = createHttpClient({ version: '1', caPem: TEST_CA_PEM });
    const err = await rejectsWithKind(client.request({ url: s.url, headers: { Authorization: 'Bearer x' } }), 'badResponse');
    assert.match(err.message, /https to plain http/);
    assert.equal(plain.requests.length, 0);
  });

  it('sends http requests through the proxy in absolute form, with proxy credentials', async () => {
    const target = await startServer(ok);
    const p = await proxy();
    const client = createHttpClient({ version: '1', proxy: `http://proxyuser:proxypass@127.0.0.1:${p.port}` });
    await client.request({ url: `${target.origin}/api/v1/query?query=up` });
    assert.equal(p.seen.length, 1);
    assert.equal(p.seen[0].url, `${target.origin}/api/v1/query?query=up`);
    assert.equal(p.seen[0].proxyAuth, `Basic ${Buffer.from('proxyuser:proxypass').toString('base64')}`);
    assert.equal(target.requests.length, 1);
  });

  it('tunnels https through CONNECT, still verifying the origin with the custom CA', async () => {
    const target = await startServer(ok, tlsOptions);
    const p = await proxy();
    // By name, not IP: TLS SNI must not carry an IP address (Node warns about it).
    const url = `https://localhost:${target.port}/`;
    const client = createHttpClient({ version: '1', proxy: `http://127.0.0.1:${p.port}`, caPem: TEST_CA_PEM });
    const res = await client.request<{ secure: boolean }>({ url });
    assert.deepEqual(res.data, { secure: true });
    assert.deepEqual(p.seen.map((s) => [s.method, s.url]), [['CONNECT', `localhost:${target.port}`]]);

    const untrusting = createHttpClient({ version: '1', proxy: `http://127.0.0.1:${p.port}` });
    await rejectsWithKind(untrusting.request({ url }), 'tls');
  });

  it('bypasses the proxy for noProxy hosts', async () => {
    const target = await startServer(ok);
    const p = await proxy();
    const client = createHttpClient({ version: '1', proxy: `http://127.0.0.1:${p.port}`, noProxy: ['localhost', '127.0.0.1'] });
    await client.request({ url: target.url });
    assert.equal(p.seen.length, 0);
    assert.equal(target.requests.length, 1);
  });

  it('never reads proxy settings from the environment', async () => {
    const target = await startServer(ok);
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };
    process.env.HTTP_PROXY = process.env.http_proxy = 'http://127.0.0.1:9';
    try {
      assert.equal((await createHttpClient({ version: '1' }).request({ url: target.url })).status, 200);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('maps an unreachable proxy to network', async () => {
    const target = await startServer(ok);
    const p = await proxy();
    await p.close();
    const client = createHttpClient({ version: '1', proxy: `http://127.0.0.1:${p.port}` });
    await rejectsWithKind(client.request({ url: target.url }), 'network');
  });
});
