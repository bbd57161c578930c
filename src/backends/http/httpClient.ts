// The one HTTP layer every adapter uses. axios only moves bytes (no redirects, no parsing, no env proxy):
// redirects, retries, decoding and error mapping are done here, where they can be guaranteed and tested.
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import type { AxiosInstance, AxiosProxyConfig, AxiosStatic } from 'axios';
import { BackendError } from '../errors';
import { decodeBody } from './body';
import { statusError, transportError, type AbortCause } from './httpErrors';
import { parseProxyUrl, shouldBypassProxy } from './proxy';
import { RETRYABLE_STATUSES, abortableSleep, decideRetry, parseRetryAfter } from './retry';
import type { HttpClient, HttpClientOptions, HttpHeaders, HttpMethod, HttpRequest, HttpResponse } from './types';
import { parseHttpUrl, withParams } from './url';

const MB = 1024 * 1024;
const ALWAYS_CREDENTIALS = ['authorization', 'cookie', 'proxy-authorization'];
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

interface Answer {
  status: number;
  headers: HttpHeaders;
  body: Buffer;
  url: URL;
}

interface Hop {
  method: HttpMethod;
  url: URL;
  headers: HttpHeaders;
  body: string | Buffer | undefined;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxResponseBytes = options.maxResponseBytes ?? 20 * MB;
  const maxRetries = options.maxRetries ?? 2;
  const baseDelayMs = options.retryBaseDelayMs ?? 500;
  const maxWaitMs = options.maxRetryWaitMs ?? 10_000;
  const maxRedirects = options.maxRedirects ?? 3;
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const proxy = options.proxy ? parseProxyUrl(options.proxy) : undefined;
  const clientCredentials = [...ALWAYS_CREDENTIALS, ...(options.credentialHeaders ?? [])].map((h) => h.toLowerCase());

  const rejectUnauthorized = options.rejectUnauthorized !== false;
  if (!rejectUnauthorized) {
    options.log?.warn('TLS certificate verification is disabled for this backend: answers could come from an impostor.');
  }
  // A custom CA is added to Node's roots, not substituted for them, so a redirect to a public host still verifies.
  // Built once: given `ca` instead, every new connection would parse all the roots again (~60 ms of blocked thread).
  const secureContext = options.caPem ? tls.createSecureContext({ ca: [...tls.rootCertificates, options.caPem] }) : undefined;
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true, secureContext, rejectUnauthorized });
  // axios is loaded on the first request: a workspace without backends never pays for the HTTP stack, and
  // the extension bundle keeps it in dist/vendor/axios.js (see esbuild.js).
  let transportInstance: AxiosInstance | undefined;
  const transport = (): AxiosInstance => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy, synchronous load is the point
    transportInstance ??= (require('axios') as { default: AxiosStatic }).default.create();
    return transportInstance;
  };

  function proxyFor(url: URL): AxiosProxyConfig | false {
    // `false` (not undefined) also stops axios from reading HTTP(S)_PROXY from the environment.
    if (!proxy || shouldBypassProxy(url.toString(), options.noProxy)) return false;
    return proxy;
  }

  async function send(hop: Hop, signal: AbortSignal | undefined, attemptTimeoutMs: number): Promise<Answer> {
    const origin = hop.url.origin;
    if (signal?.aborted) throw new BackendError('cancelled', 'the request was cancelled', { origin });
    const controller = new AbortController();
    let abortCause: AbortCause;
    const onAbort = () => {
      abortCause ??= 'cancelled';
      controller.abort();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      abortCause ??= 'timeout';
      controller.abort();
    }, attemptTimeoutMs);
    try {
      const res = await transport().request<ArrayBuffer>({
        method: hop.method,
        url: hop.url.toString(),
        headers: hop.headers,
        data: hop.body,
        signal: controller.signal,
        responseType: 'arraybuffer',
        transformRequest: [(data: unknown) => data],
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        maxRedirects: 0,
        maxContentLength: maxResponseBytes,
        maxBodyLength: 50 * MB,
        decompress: true,
        // Our own timer covers connect + headers + body; axios's only covers socket idle time.
        timeout: 0,
        proxy: proxyFor(hop.url),
        httpAgent,
        httpsAgent,
      });
      return { status: res.status, headers: lowerCaseHeaders(res.headers), body: Buffer.from(res.data ?? []), url: hop.url };
    } catch (err) {
      throw transportError(err, origin, abortCause, attemptTimeoutMs);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function followRedirects(first: Hop, req: HttpRequest, credentials: Set<string>): Promise<Answer> {
    const originalOrigin = first.url.origin;
    let hop = first;
    for (let redirects = 0; ; redirects++) {
      const answer = await send(hop, req.signal, req.timeoutMs ?? timeoutMs);
      const location = answer.headers.location;
      if (!REDIRECT_STATUSES.has(answer.status) || !location) return answer;
      const origin = hop.url.origin;
      if (redirects >= maxRedirects) {
        throw new BackendError('badResponse', `more than ${maxRedirects} redirects`, { status: answer.status, origin });
      }
      let next: URL;
      try {
        next = new URL(location, hop.url);
      } catch {
        throw new BackendError('badResponse', 'a redirect to an invalid URL', { status: answer.status, origin });
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new BackendError('badResponse', `refused a redirect to a ${next.protocol} URL`, { status: answer.status, origin });
      }
      if (hop.url.protocol === 'https:' && next.protocol === 'http:') {
        throw new BackendError('badResponse', 'refused a redirect from https to plain http', { status: answer.status, origin });
      }
      hop = redirectHop(hop, answer.status, next, next.origin !== originalOrigin ? credentials : undefined);
    }
  }

  async function request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const method = req.method ?? 'GET';
    const idempotent = req.idempotent ?? (method === 'GET' || method === 'HEAD');
    const responseType = req.responseType ?? 'json';
    const credentials = new Set([...clientCredentials, ...(req.credentialHeaders ?? []).map((h) => h.toLowerCase())]);
    const first = firstHop(req, method, options.version, responseType);
    const retries = req.maxRetries ?? maxRetries;

    for (let retriesDone = 0; ; retriesDone++) {
      const answer = await followRedirects(first, req, credentials);
      const origin = answer.url.origin;
      if (!RETRYABLE_STATUSES.has(answer.status)) return finish<T>(answer, req, method, responseType, undefined);
      const retryAt = parseRetryAfter(answer.headers['retry-after'], now()) ?? req.rateLimitResetAt?.(answer.headers, now());
      if (!idempotent) return finish<T>(answer, req, method, responseType, retryAt);
      const decision = decideRetry({ retriesDone, maxRetries: retries, retryAt, nowMs: now(), baseDelayMs, maxWaitMs, random });
      if (!decision.retry) return finish<T>(answer, req, method, responseType, decision.retryAt);
      options.log?.debug(`HTTP ${answer.status} from ${origin}: retry ${retriesDone + 1} of ${retries} in ${decision.waitMs} ms`);
      try {
        await sleep(decision.waitMs, req.signal);
      } catch (err) {
        throw transportError(err, origin, req.signal?.aborted ? 'cancelled' : undefined, 0);
      }
    }
  }

  return { request };
}

function finish<T>(answer: Answer, req: HttpRequest, method: HttpMethod, responseType: 'json' | 'text', retryAt: number | undefined): HttpResponse<T> {
  const { status, headers, body, url } = answer;
  const origin = url.origin;
  const ok = status >= 200 && status < 300;
  if (!ok && !req.acceptStatus?.includes(status)) throw statusError(status, headers, body, origin, retryAt);
  let data: unknown = null;
  if (method !== 'HEAD') {
    try {
      data = decodeBody(body, headers, responseType, status, origin);
    } catch (err) {
      // An accepted error status whose body is not the expected envelope is still that error status.
      throw ok ? err : statusError(status, headers, body, origin, retryAt);
    }
  }
  return { status, headers, data: data as T, url: url.toString() };
}

function firstHop(req: HttpRequest, method: HttpMethod, version: string, responseType: 'json' | 'text'): Hop {
  const url = parseHttpUrl(withParams(req.url, req.params));
  const headers: HttpHeaders = {
    'user-agent': `ProdLens/${version}`,
    'accept-encoding': 'gzip, deflate',
    accept: responseType === 'json' ? 'application/json' : '*/*',
  };
  for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
  // Credentials in the URL become a header so the cross-origin redirect rule covers them too.
  if (url.username || url.password) {
    const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.authorization ??= `Basic ${Buffer.from(pair).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  let body: string | Buffer | undefined;
  if (req.body === undefined || req.body === null) body = undefined;
  else if (typeof req.body === 'string' || Buffer.isBuffer(req.body)) body = req.body;
  else {
    body = JSON.stringify(req.body);
    headers['content-type'] ??= 'application/json';
  }
  return { method, url, headers, body };
}

/** The next hop of a redirect; `strip` lists the credential headers to drop when it leaves the original origin. */
function redirectHop(hop: Hop, status: number, next: URL, strip: Set<string> | undefined): Hop {
  const headers = { ...hop.headers };
  if (strip) for (const name of Object.keys(headers)) if (strip.has(name)) delete headers[name];
  // Browsers turn 301/302 after POST, and every 303, into a GET without a body; 307/308 keep both.
  const toGet = (status === 303 && hop.method !== 'HEAD') || ((status === 301 || status === 302) && hop.method === 'POST');
  if (!toGet) return { method: hop.method, url: next, headers, body: hop.body };
  delete headers['content-type'];
  delete headers['content-length'];
  return { method: 'GET', url: next, headers, body: undefined };
}

function lowerCaseHeaders(raw: unknown): HttpHeaders {
  const out: HttpHeaders = {};
  if (typeof raw !== 'object' || raw === null) return out;
  const entries = typeof (raw as { toJSON?: unknown }).toJSON === 'function'
    ? Object.entries((raw as { toJSON(): Record<string, unknown> }).toJSON())
    : Object.entries(raw);
  for (const [name, value] of entries) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
