// The bytes on the wire for the HTTP layer (httpClient.ts): axios with keep-alive agents, the proxy, the TLS
// settings and one timer per exchange. Built once per client; nothing here is allocated per request but the
// exchange's own abort controller and timer.
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import type { AxiosInstance, AxiosProxyConfig, AxiosStatic } from 'axios';
import { BackendError } from '../errors';
import { transportError, type AbortCause } from './httpErrors';
import { parseProxyUrl, shouldBypassProxy } from './proxy';
import type { HttpClientOptions, HttpHeaders, HttpMethod } from './types';

const MB = 1024 * 1024;

/** One HTTP exchange to send: the first request, or a redirect hop. */
export interface Hop {
  method: HttpMethod;
  url: URL;
  headers: HttpHeaders;
  body: string | Buffer | undefined;
}

/** What came back, body not decoded yet. */
export interface Answer {
  status: number;
  headers: HttpHeaders;
  body: Buffer;
  url: URL;
}

/** Sends one hop; the timeout covers connecting, the headers and the whole body. */
export type Send = (hop: Hop, signal: AbortSignal | undefined, attemptTimeoutMs: number) => Promise<Answer>;

export function createTransport(options: HttpClientOptions): Send {
  const maxResponseBytes = options.maxResponseBytes ?? 20 * MB;
  const proxy = options.proxy ? parseProxyUrl(options.proxy) : undefined;
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

  return async function send(hop, signal, attemptTimeoutMs) {
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
  };
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