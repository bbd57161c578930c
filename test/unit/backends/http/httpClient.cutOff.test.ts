// A body that stops mid-way is one failure, whatever the encoding: the backend was reached and its answer was
// cut off (badResponse). Through gzip (as real Prometheus answers) Node reports it as ECONNRESET "aborted",
// which used to read as "cannot be reached (connection reset): check the URL, VPN or proxy".
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { createHttpClient } from '../../../../src/backends/http/httpClient';
import { rejectsWithKind } from '../assertBackendError';
import { startTestServer, type TestHandler, type TestServer } from './testServer';

const client = createHttpClient({ version: '9.9.9', maxRetries: 0 });
const BODY = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: Array.from({ length: 200 }, (_, i) => ({ metric: { route: `/r${i}` }, value: [1, String(i)] })) } });

describe('http client: an answer cut off mid-body', () => {
  let server: TestServer | undefined;
  const serve = async (handler: TestHandler) => {
    server = await startTestServer(handler);
    return server;
  };
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  for (const gzip of [false, true]) {
    for (const how of ['closed', 'reset'] as const) {
      it(`${gzip ? 'gzip' : 'identity'} body, connection ${how} after half of it: badResponse, cut off`, async () => {
        const s = await serve((_req, res) => {
          const body = gzip ? zlib.gzipSync(BODY) : Buffer.from(BODY);
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
          res.write(body.subarray(0, body.length >> 1), () => {
            const socket = res.socket;
            if (how === 'reset') socket?.resetAndDestroy();
            else socket?.destroy();
          });
        });
        const err = await rejectsWithKind(client.request({ url: s.url }), 'badResponse');
        assert.match(err.message, /cut off/);
      });
    }
  }

  it('a connection reset before any answer is still network, connection reset', async () => {
    const s = await serve((req) => req.socket.resetAndDestroy());
    const err = await rejectsWithKind(client.request({ url: s.url }), 'network');
    assert.equal(err.message, 'connection reset');
  });
});
