import assert from 'node:assert/strict';
import { createHttpClient } from '../../../../src/backends/http/httpClient';
import { PrometheusClient } from '../../../../src/backends/prometheus/prometheusClient';
import { PromErrorBuilder, PromMatrixBuilder, PromVectorBuilder } from '../../../builders/prometheus';
import { rejectsWithKind, throwsWithKind } from '../assertBackendError';
import { sendJson, startTestServer, type TestServer } from '../http/testServer';

const http = createHttpClient({ version: '1', sleep: async () => {}, maxRetries: 1 });

describe('PrometheusClient (against a local fake)', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('keeps the path prefix and sends tenant and auth headers', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, new PromVectorBuilder().sample({ job: 'api' }, 0.5).build()));
    const client = new PrometheusClient({
      baseUrl: `${server.origin}/prometheus/`,
      http,
      headers: { 'X-Scope-OrgID': 'tenant-1' },
      getAuthHeader: async () => 'Bearer abc',
    });
    const result = await client.query('up', 1_767_225_600);
    assert.equal(result.resultType, 'vector');
    const [seen] = server.requests;
    assert.equal(seen.method, 'GET');
    assert.equal(seen.url, '/prometheus/api/v1/query?query=up&time=1767225600');
    assert.equal(seen.headers['x-scope-orgid'], 'tenant-1');
    assert.equal(seen.headers.authorization, 'Bearer abc');
  });

  it('sends range parameters and parses the matrix', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, new PromMatrixBuilder().series({ route: '/a' }, 100, 10, [1, 2]).build()));
    const client = new PrometheusClient({ baseUrl: server.origin, http });
    const { series } = await client.queryRange('rate(x[5m])', 100, 110, 10);
    assert.deepEqual(series[0].points, [{ t: 100_000, v: 1 }, { t: 110_000, v: 2 }]);
    assert.equal(server.requests[0].url, '/api/v1/query_range?query=rate%28x%5B5m%5D%29&start=100&end=110&step=10');
  });

  it('POSTs long expressions as a form', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, new PromVectorBuilder().build()));
    const client = new PrometheusClient({ baseUrl: server.origin, http });
    const long = `sum(${Array.from({ length: 300 }, (_, i) => `metric_${i}`).join(' + ')})`;
    await client.query(long);
    const [seen] = server.requests;
    assert.equal(seen.method, 'POST');
    assert.equal(seen.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(new URLSearchParams(seen.body).get('query'), long);
  });

  it("turns a 400 error envelope into badResponse with Prometheus's message and the origin", async () => {
    server = await startTestServer((_req, res) => sendJson(res, 400, new PromErrorBuilder().error('1:5: parse error: unexpected end of input').build()));
    const client = new PrometheusClient({ baseUrl: server.origin, http });
    const err = await rejectsWithKind(client.query('sum('), 'badResponse');
    assert.equal(err.message, 'Prometheus bad_data: 1:5: parse error: unexpected end of input');
    assert.equal(err.details.status, 400);
    assert.equal(err.details.origin, server.origin);
  });

  it('retries a 503 and then reports the envelope', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 503, new PromErrorBuilder().type('unavailable').error('TSDB not ready').build()));
    const client = new PrometheusClient({ baseUrl: server.origin, http });
    const err = await rejectsWithKind(client.query('up'), 'badResponse');
    assert.match(err.message, /TSDB not ready/);
    assert.equal(server.requests.length, 2);
  });

  it('reports a 503 without an envelope as the HTTP status', async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('Service Unavailable');
    });
    const client = new PrometheusClient({ baseUrl: server.origin, http });
    const err = await rejectsWithKind(client.query('up'), 'badResponse');
    assert.equal(err.message, 'HTTP 503');
  });

  it('maps 401 to auth and a failing credential source to config', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 401, { error: 'unauthorized' }));
    await rejectsWithKind(new PrometheusClient({ baseUrl: server.origin, http }).alerts(), 'auth');
    const broken = new PrometheusClient({
      baseUrl: server.origin,
      http,
      getAuthHeader: () => {
        throw new Error('keychain locked');
      },
    });
    const err = await rejectsWithKind(broken.query('up'), 'config');
    assert.equal(err.details.origin, server.origin);
  });

  it('probe: one GET of vector(1) under the path prefix, with the tenant and auth headers of a query', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, new PromVectorBuilder().sample({}, 1).build()));
    const client = new PrometheusClient({
      baseUrl: `${server.origin}/prometheus`,
      http,
      headers: { 'X-Scope-OrgID': 'tenant-1' },
      getAuthHeader: async () => 'Bearer abc',
    });
    await client.probe();
    assert.equal(server.requests.length, 1);
    const [seen] = server.requests;
    assert.equal(seen.method, 'GET');
    assert.equal(seen.url, '/prometheus/api/v1/query?query=vector%281%29');
    assert.equal(seen.headers['x-scope-orgid'], 'tenant-1');
    assert.equal(seen.headers.authorization, 'Bearer abc');
  });

  it('probe: a 503 (TSDB not ready) fails at once, never retried; an answer that is not Prometheus fails too', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 503, new PromErrorBuilder().type('unavailable').error('TSDB not ready').build()));
    const client = new PrometheusClient({ baseUrl: server.origin, http });
    const err = await rejectsWithKind(client.probe(), 'badResponse');
    assert.match(err.message, /TSDB not ready/);
    assert.equal(server.requests.length, 1, 'the client would retry a query once; the probe sends one request');
    await server.close();
    server = await startTestServer((_req, res) => sendJson(res, 200, { hello: 'a login proxy' }));
    await rejectsWithKind(new PrometheusClient({ baseUrl: server.origin, http }).probe(), 'badResponse');
  });

  it('validates arguments and the base URL as config errors', async () => {
    const client = new PrometheusClient({ baseUrl: 'http://127.0.0.1:1', http });
    await rejectsWithKind(client.queryRange('up', 200, 100, 10), 'config');
    await rejectsWithKind(client.queryRange('up', 0, 100, 0), 'config');
    await rejectsWithKind(client.queryRange('up', 0, 86_400 * 7, 1), 'config');
    throwsWithKind(() => new PrometheusClient({ baseUrl: 'prometheus:9090', http }), 'config');
  });
});
