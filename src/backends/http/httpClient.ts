// The one HTTP layer every adapter uses. axios only moves bytes (no redirects, no parsing, no env proxy):
// redirects, retries, decoding and error mapping are done here, where they can be guaranteed and tested.
import { BackendError } from '../errors';
import { decodeBody } from './body';
import { statusError, transportError } from './httpErrors';
import { RETRYABLE_STATUSES, abortableSleep, decideRetry, parseRetryAfter } from './retry';
import { createTransport, type Answer, type Hop, type Send } from './transport';
import type { HttpClient, HttpClientOptions, HttpHeaders, HttpMethod, HttpRequest, HttpResponse } from './types';
import { parseHttpUrl, withParams } from './url';

const ALWAYS_CREDENTIALS = ['authorization', 'cookie', 'proxy-authorization'];
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The client's options with their defaults, resolved once per client. */
interface Settings {
  version: string;
  timeoutMs: number;
  maxRetries: number;
  baseDelayMs: number;
  maxWaitMs: number;
  maxRedirects: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  random: () => number;
  /** Lower-case names of the headers that carry credentials, for every request of the client. */
  credentials: readonly string[];
  log: HttpClientOptions['log'];
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const settings: Settings = {
    version: options.version,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxRetries: options.maxRetries ?? 2,
    baseDelayMs: options.retryBaseDelayMs ?? 500,
    maxWaitMs: options.maxRetryWaitMs ?? 10_000,
    maxRedirects: options.maxRedirects ?? 3,
    sleep: options.sleep ?? abortableSleep,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    credentials: [...ALWAYS_CREDENTIALS, ...(options.credentialHeaders ?? [])].map((h) => h.toLowerCase()),
    log: options.log,
  };
  const send = createTransport(options);
  return { request: <T>(req: HttpRequest) => request<T>(req, settings, send) };
}

/** One request: its redirects followed, retried while the answer says to and the request may be repeated. */
async function request<T>(req: HttpRequest, settings: Settings, send: Send): Promise<HttpResponse<T>> {
  const { now, maxRetries } = settings;
  const method = req.method ?? 'GET';
  const idempotent = req.idempotent ?? (method === 'GET' || method === 'HEAD');
  const responseType = req.responseType ?? 'json';
  const credentials = new Set([...settings.credentials, ...(req.credentialHeaders ?? []).map((h) => h.toLowerCase())]);
  const first = firstHop(req, method, settings.version, responseType);
  const retries = req.maxRetries ?? maxRetries;

  for (let retriesDone = 0; ; retriesDone++) {
    const answer = await followRedirects(first, req, credentials, settings, send);
    const origin = answer.url.origin;
    if (!RETRYABLE_STATUSES.has(answer.status)) return finish<T>(answer, req, method, responseType, undefined);
    const retryAt = parseRetryAfter(answer.headers['retry-after'], now()) ?? req.rateLimitResetAt?.(answer.headers, now());
    if (!idempotent) return finish<T>(answer, req, method, responseType, retryAt);
    const { baseDelayMs, maxWaitMs, random } = settings;
    const decision = decideRetry({ retriesDone, maxRetries: retries, retryAt, nowMs: now(), baseDelayMs, maxWaitMs, random });
    if (!decision.retry) return finish<T>(answer, req, method, responseType, decision.retryAt);
    settings.log?.debug(`HTTP ${answer.status} from ${origin}: retry ${retriesDone + 1} of ${retries} in ${decision.waitMs} ms`);
    try {
      await settings.sleep(decision.waitMs, req.signal);
    } catch (err) {
      throw transportError(err, origin, req.signal?.aborted ? 'cancelled' : undefined, 0);
    }
  }
}

async function followRedirects(first: Hop, req: HttpRequest, credentials: Set<string>, settings: Settings, send: Send): Promise<Answer> {
  const { maxRedirects } = settings;
  const originalOrigin = first.url.origin;
  let hop = first;
  for (let redirects = 0; ; redirects++) {
    const answer = await send(hop, req.signal, req.timeoutMs ?? settings.timeoutMs);
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
