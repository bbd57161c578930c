import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isBackendError } from '../../../src/backends/errors';
import { httpClientsFor } from '../../../src/services/httpClients';
import { sendJson, startTestServer, type TestServer } from '../backends/http/testServer';
import { TEST_CA_PEM, TEST_SERVER_CERT_PEM, TEST_SERVER_KEY_PEM } from '../backends/http/tlsFixture';

describe('services/httpClients: TLS per backend', () => {
  let server: TestServer;
  let dir: string;
  const warnings: string[] = [];
  const log = { error() {}, warn: (m: string) => void warnings.push(m), info() {}, debug() {} };

  before(async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, { ok: true }), { cert: TEST_SERVER_CERT_PEM, key: TEST_SERVER_KEY_PEM });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-ca-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), TEST_CA_PEM);
  });

  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const clients = () => httpClientsFor({ version: 'test', log, maxRetries: 0 }, (file) => fs.readFileSync(path.resolve(dir, file), 'utf8'));

  it('refuses a private CA\'s certificate by default, with a tls error', async () => {
    const err = await clients()(undefined).request({ url: server.url }).then(() => undefined, (e: unknown) => e);
    assert.ok(isBackendError(err) && err.kind === 'tls', String(err));
  });

  it('trusts it with the backend\'s caFile (relative to the workspace), for that backend only', async () => {
    const httpFor = clients();
    const res = await httpFor({ caFile: 'ca.pem' }).request<{ ok: boolean }>({ url: server.url });
    assert.equal(res.data.ok, true);
    assert.notEqual(httpFor({ caFile: 'ca.pem' }), httpFor(undefined));
    assert.equal(httpFor({ caFile: 'ca.pem' }), httpFor({ caFile: 'ca.pem' }), 'one client per distinct setting');
    const other = await httpFor(undefined).request({ url: server.url }).then(() => undefined, (e: unknown) => e);
    assert.ok(isBackendError(other) && other.kind === 'tls');
  });

  it('turns verification off only when asked, and warns', async () => {
    warnings.length = 0;
    const res = await clients()({ insecureSkipVerify: true }).request<{ ok: boolean }>({ url: server.url });
    assert.equal(res.data.ok, true);
    assert.ok(warnings.some((w) => /verif/i.test(w)), `warnings: ${warnings.join(' | ')}`);
  });

  it('a caFile that cannot be read throws when the backend is set up', () => {
    assert.throws(() => clients()({ caFile: 'missing.pem' }), /ENOENT/);
  });
});
