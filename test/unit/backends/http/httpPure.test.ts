import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBody } from '../../../../src/backends/http/body';
import { statusError, transportError } from '../../../../src/backends/http/httpErrors';
import { parseProxyUrl, shouldBypassProxy } from '../../../../src/backends/http/proxy';
import { backoffDelay, decideRetry, parseRetryAfter } from '../../../../src/backends/http/retry';
import { joinUrl, safeOrigin, webLink, withParams } from '../../../../src/backends/http/url';
import { throwsWithKind } from '../assertBackendError';

const NOW = Date.UTC(2026, 0, 1);
const ORIGIN = 'https://prom.example.com';

describe('http helpers (pure)', () => {
  it('parses Retry-After as seconds or HTTP date, ignoring junk', () => {
    assert.equal(parseRetryAfter('120', NOW), NOW + 120_000);
    assert.equal(parseRetryAfter(' 1.5 ', NOW), NOW + 1500);
    assert.equal(parseRetryAfter(new Date(NOW + 60_000).toUTCString(), NOW), NOW + 60_000);
    assert.equal(parseRetryAfter(new Date(NOW - 60_000).toUTCString(), NOW), NOW, 'a past date means now');
    assert.equal(parseRetryAfter('soon', NOW), undefined);
    assert.equal(parseRetryAfter('-5', NOW), undefined);
    assert.equal(parseRetryAfter(undefined, NOW), undefined);
  });

  it('backs off exponentially with bounded jitter', () => {
    assert.deepEqual([0, 1, 2, 3].map((r) => backoffDelay(r, 100, 10_000, () => 1)), [100, 200, 400, 800]);
    assert.equal(backoffDelay(2, 100, 10_000, () => 0), 200);
    assert.equal(backoffDelay(20, 100, 5000, () => 1), 5000);
  });

  it('decides retries from the budget and the wait cap', () => {
    const base = { nowMs: NOW, baseDelayMs: 100, maxWaitMs: 5000, random: () => 1 };
    assert.deepEqual(decideRetry({ ...base, retriesDone: 0, maxRetries: 2, retryAt: NOW + 2000 }), { retry: true, waitMs: 2000 });
    assert.deepEqual(decideRetry({ ...base, retriesDone: 2, maxRetries: 2, retryAt: undefined }), { retry: false, retryAt: NOW + 400 });
    assert.deepEqual(decideRetry({ ...base, retriesDone: 0, maxRetries: 2, retryAt: NOW + 60_000 }), { retry: false, retryAt: NOW + 60_000 });
  });

  it('matches NO_PROXY entries like curl does', () => {
    const list = ['.corp.example', 'localhost', 'metrics.io:9090', '[::1]'];
    assert.equal(shouldBypassProxy('http://prom.corp.example/', list), true);
    assert.equal(shouldBypassProxy('http://corp.example/', list), true);
    assert.equal(shouldBypassProxy('http://notcorp.example/', list), false);
    assert.equal(shouldBypassProxy('http://localhost:9090/', list), true);
    assert.equal(shouldBypassProxy('http://metrics.io:9090/', list), true);
    assert.equal(shouldBypassProxy('http://metrics.io/', list), false);
    assert.equal(shouldBypassProxy('http://[::1]:9090/', list), true);
    assert.equal(shouldBypassProxy('https://anything/', ['*']), true);
    assert.equal(shouldBypassProxy('https://anything/', []), false);
  });

  it('parses proxy URLs, with or without scheme and credentials', () => {
    assert.deepEqual(parseProxyUrl('http://u%40x:p@proxy:3128'), {
      protocol: 'http',
      host: 'proxy',
      port: 3128,
      auth: { username: 'u@x', password: 'p' },
    });
    assert.deepEqual(parseProxyUrl('proxy.corp'), { protocol: 'http', host: 'proxy.corp', port: 80 });
    throwsWithKind(() => parseProxyUrl('socks5://proxy:1080'), 'config');
  });

  it('keeps path prefixes and repeats array params', () => {
    assert.equal(joinUrl('https://mimir.example.com/prometheus/', '/api/v1/query'), 'https://mimir.example.com/prometheus/api/v1/query');
    assert.equal(joinUrl('http://127.0.0.1:9090', 'api/v1/query'), 'http://127.0.0.1:9090/api/v1/query');
    assert.equal(withParams('http://h/x', { filter: ['a="1"', 'b'], n: 2, skip: undefined }), 'http://h/x?filter=a%3D%221%22&filter=b&n=2');
    assert.equal(safeOrigin('https://user:pw@host:8443/path?token=x'), 'https://host:8443');
    assert.equal(safeOrigin('nonsense'), undefined);
  });

  it('decodes bodies strictly', () => {
    const json = (text: string, headers = { 'content-type': 'application/json' }) =>
      decodeBody(Buffer.from(text), headers, 'json', 200, ORIGIN);
    assert.deepEqual(json('\uFEFF{"a":[1,2]}'), { a: [1, 2] });
    assert.match(throwsWithKind(() => json('{"a":[1,2'), 'badResponse').message, /truncated/);
    assert.match(throwsWithKind(() => json('{"a":"unterminated'), 'badResponse').message, /truncated/);
    assert.match(throwsWithKind(() => json('{"a":1}}'), 'badResponse').message, /not valid JSON/);
    assert.match(throwsWithKind(() => json('  '), 'badResponse').message, /empty body/);
    assert.match(throwsWithKind(() => json('<html></html>', { 'content-type': 'text/plain' }), 'badResponse').message, /HTML/);
    assert.equal(decodeBody(Buffer.alloc(0), {}, 'json', 204, ORIGIN), null);
    assert.deepEqual(json('{"detail":"ok"}', { 'content-type': 'text/html' }), { detail: 'ok' }, 'JSON mislabelled as HTML is still JSON');
  });

  it('maps transport error codes to one kind each', () => {
    const kind = (err: unknown, cause?: 'timeout' | 'cancelled') => transportError(err, ORIGIN, cause, 1000).kind;
    assert.equal(kind({ code: 'ENOTFOUND' }), 'network');
    assert.equal(kind({ code: 'EAI_AGAIN' }), 'network');
    assert.equal(kind({ code: 'ECONNRESET' }), 'network');
    assert.equal(kind({ code: 'ERR_BAD_RESPONSE', cause: { code: 'ECONNREFUSED' } }), 'network');
    assert.equal(kind({ code: 'ETIMEDOUT' }), 'timeout');
    assert.equal(kind({ code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }), 'tls');
    assert.equal(kind({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), 'tls');
    assert.equal(kind({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'tls');
    assert.equal(kind({ code: 'ERR_BAD_RESPONSE', message: 'maxContentLength size of 10 exceeded' }), 'tooLarge');
    assert.equal(kind({ code: 'ERR_CANCELED' }, 'timeout'), 'timeout');
    assert.equal(kind({ code: 'ERR_CANCELED' }, 'cancelled'), 'cancelled');
    assert.equal(kind(new Error('weird')), 'network');
    assert.equal(transportError({ code: 'ENOTFOUND' }, ORIGIN, undefined, 1).details.origin, ORIGIN);
  });

  it('maps statuses and keeps server messages short and scrubbed', () => {
    const body = Buffer.from(JSON.stringify({ error: { message: `api_key=SECRET123 ${'x'.repeat(500)}` } }));
    const err = statusError(500, { 'content-type': 'application/json' }, body, ORIGIN, undefined);
    assert.equal(err.kind, 'badResponse');
    assert.doesNotMatch(err.message, /SECRET123/);
    assert.ok(err.message.length < 200);
    assert.equal(statusError(407, {}, Buffer.alloc(0), ORIGIN, undefined).kind, 'auth');
    assert.equal(statusError(429, {}, Buffer.alloc(0), ORIGIN, NOW).details.retryAt, NOW);
    assert.match(statusError(400, {}, Buffer.from('"bad matcher"'), ORIGIN, undefined).message, /bad matcher/);
    // Sentry serves its rate-limit JSON as text/html.
    const sentry429 = statusError(429, { 'content-type': 'text/html' }, Buffer.from('{"detail":"You are attempting to use this endpoint too frequently."}'), ORIGIN, NOW);
    assert.equal(sentry429.message, 'HTTP 429: You are attempting to use this endpoint too frequently.');
  });

  it('keeps a link exactly when the URL parser reads it as http(s) (its fast path for plain links agrees)', () => {
    const byParser = (raw: string) => {
      try {
        const url = new URL(raw);
        return url.protocol === 'http:' || url.protocol === 'https:' ? raw : undefined;
      } catch {
        return undefined;
      }
    };
    const piece = (chars: string, max: number) => fc.string({ unit: fc.constantFrom(...chars), maxLength: max });
    const label = fc.oneof(piece('abz09-', 6), piece('abz09-', 4).map((l) => `xn--${l}`), fc.constantFrom('0x1', '1e', '255', '300', ''));
    const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.'));
    const path = piece('az09/._~%-?#:@ \u00e9', 12);
    const link = fc.tuple(fc.constantFrom('http://', 'https://', 'HTTPS://', 'ftp://', 'javascript:', 'http:/', ''), host, fc.option(fc.constantFrom(':8080', ':99999', ':')), path)
      .map(([scheme, h, port, p]) => `${scheme}${h}${port ?? ''}${p}`);
    fc.assert(fc.property(fc.oneof(link, fc.string()), (raw) => {
      assert.equal(webLink(raw), byParser(raw), raw);
    }), { numRuns: 20_000 });
    assert.equal(webLink('https://acme.sentry.io/issues/42/'), 'https://acme.sentry.io/issues/42/');
    assert.equal(webLink('javascript:alert(1)'), undefined);
    assert.equal(webLink('http://xn--a.com/'), undefined, 'punycode the parser refuses');
    assert.equal(webLink(42), undefined);
  });
});
