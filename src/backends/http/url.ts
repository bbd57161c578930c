// URL helpers shared by the HTTP layer and the adapters. Errors and logs only ever carry an origin,
// so credentials in a configured URL (`https://user:pass@host`) cannot leak through them.
import { BackendError } from '../errors';
import type { QueryParams, QueryValue } from './types';

/** Parses an absolute http(s) URL, or throws BackendError `config`. */
export function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BackendError('config', 'the backend URL is not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BackendError('config', `unsupported URL scheme ${url.protocol} (use http or https)`, { origin: url.origin });
  }
  return url;
}

/** `scheme://host[:port]`, never userinfo or path; `undefined` when the text is not a URL. */
export function safeOrigin(raw: string): string | undefined {
  try {
    const origin = new URL(raw).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * The plain form nearly every link in an answer has (`https://acme.sentry.io/issues/42/`): http(s), a host name
 * whose last label starts with a letter (never an IP address, which the URL parser may refuse) and no
 * `xn--` label (punycode it may refuse), no port, a path of safe characters. The URL parser accepts each such
 * text; anything else is parsed to be sure. A list of 10,000 issues carries 10,000 permalinks.
 */
const PLAIN_WEB_LINK = /^https?:\/\/(?:(?!xn--)[a-z0-9-]+\.)*(?!xn--)[a-z][a-z0-9-]*(?:\/[\w.~%-]*)*$/i;

/** Only web links: server-provided text that the UI will offer to open is kept only when it is an http(s) URL. */
export function webLink(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  if (PLAIN_WEB_LINK.test(raw)) return raw;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? raw : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Appends an API path to a base URL that may carry a path prefix (`https://mimir/prometheus` +
 * `/api/v1/query`); `new URL(path, base)` would drop the prefix.
 */
export function joinUrl(base: string, path: string): string {
  const url = parseHttpUrl(base);
  // A loop, not /\/+$/: that backtracks quadratically over a long run of slashes inside a configured path.
  let end = url.pathname.length;
  while (end > 0 && url.pathname.charCodeAt(end - 1) === 47) end--;
  url.pathname = `${url.pathname.slice(0, end)}/${path.replace(/^\/+/, '')}`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** Parameters as ordered pairs, repeating array values as separate keys (never `key[]=`). */
export function paramPairs(params: QueryParams): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const values: readonly QueryValue[] = Array.isArray(value) ? value : [value as QueryValue];
    for (const v of values) pairs.push([key, String(v)]);
  }
  return pairs;
}

/** Adds parameters to a URL (after any it already has). */
export function withParams(rawUrl: string, params: QueryParams | undefined): string {
  if (!params) return rawUrl;
  const url = new URL(rawUrl);
  for (const [key, value] of paramPairs(params)) url.searchParams.append(key, value);
  return url.toString();
}
