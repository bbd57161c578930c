// Maps every way a request can fail to exactly one BackendError kind. Messages are short and safe to show:
// a status, a code, at most a short server-provided sentence with secrets scrubbed, never a body or a URL.
import { scrubSecrets } from '../../core/log';
import { BackendError } from '../errors';
import type { HttpHeaders } from './types';

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed (temporary)',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
};

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

const TLS_CODE = /CERT|SSL|TLS|EPROTO|UNABLE_TO_(GET|VERIFY)|SELF_SIGNED|HOSTNAME_MISMATCH|ALTNAME/i;

const MAX_DETAIL = 160;

/** One line, bounded, scrubbed: safe to show even if the server echoed a token back. */
export function shortDetail(text: string, max = MAX_DETAIL): string {
  const line = scrubSecrets(text.replace(/\s+/g, ' ').trim());
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function isHtml(headers: HttpHeaders, body: Buffer): boolean {
  if (/text\/html|application\/xhtml/i.test(headers['content-type'] ?? '')) return true;
  return /^\s*(<!doctype html|<html|<head|<body)/i.test(body.subarray(0, 256).toString('utf8'));
}

/** The error sentence a JSON error body carries under the usual keys (Prometheus, Sentry, PagerDuty, ...). */
export function jsonErrorMessage(body: Buffer): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  // Alertmanager answers validation errors with a bare JSON string.
  if (typeof parsed === 'string') return parsed.trim() || undefined;
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  for (const key of ['error', 'message', 'detail', 'title']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return value;
    if (typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>).message === 'string') {
      return (value as Record<string, string>).message;
    }
  }
  return undefined;
}

/**
 * The id a server gives its own failure (Sentry's 500 body: `{"detail":"Internal Error","errorId":"..."}`),
 * which its support can look up. Only a plain token: the body is untrusted.
 */
export function jsonErrorId(body: Buffer): string | undefined {
  if (body.length > 64 * 1024) return undefined;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const id = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).errorId : undefined;
    return typeof id === 'string' && /^[\w-]{1,64}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** A non-2xx answer (after redirects and retries) as a BackendError. */
export function statusError(
  status: number,
  headers: HttpHeaders,
  body: Buffer,
  origin: string,
  retryAt: number | undefined,
): BackendError {
  const details = { status, origin };
  const serverSays = jsonErrorMessage(body);
  const html = !serverSays && isHtml(headers, body);
  const errorId = status >= 500 ? jsonErrorId(body) : undefined;
  const said = serverSays ? `: ${shortDetail(serverSays)}${errorId ? `; error id ${errorId}` : ''}` : '';
  const suffix = html ? ' (an HTML page, probably from a proxy, load balancer or login page)' : said;
  if (status === 401 || status === 403) return new BackendError('auth', `HTTP ${status}${suffix}`, details);
  if (status === 407) return new BackendError('auth', 'HTTP 407: the proxy requires authentication', details);
  if (status === 404) return new BackendError('notFound', `HTTP 404${suffix}`, details);
  if (status === 429) return new BackendError('rateLimited', `HTTP 429${suffix}`, { ...details, retryAt });
  return new BackendError('badResponse', `HTTP ${status}${suffix}`, details);
}

interface TransportErrorLike {
  code?: string;
  message?: string;
  cause?: unknown;
}

function codeOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as TransportErrorLike;
    if (typeof code === 'string' && code !== 'ERR_BAD_RESPONSE' && code !== 'ERR_BAD_REQUEST') return code;
    current = cause;
  }
  return typeof (err as TransportErrorLike)?.code === 'string' ? (err as TransportErrorLike).code : undefined;
}

/** Why the attempt's own AbortController fired, if it did. */
export type AbortCause = 'timeout' | 'cancelled' | undefined;

/** A failure without a usable answer (socket, DNS, TLS, size limit, abort) as a BackendError. */
export function transportError(err: unknown, origin: string, abortCause: AbortCause, timeoutMs: number): BackendError {
  if (err instanceof BackendError) return err;
  const details = { origin };
  if (abortCause === 'cancelled') return new BackendError('cancelled', 'the request was cancelled', details);
  if (abortCause === 'timeout') return new BackendError('timeout', `no complete answer within ${timeoutMs} ms`, details);
  const message = typeof (err as TransportErrorLike)?.message === 'string' ? (err as TransportErrorLike).message! : '';
  const code = codeOf(err);
  if (message.startsWith('maxContentLength')) {
    // axios says `maxContentLength size of <bytes> exceeded`: the limit is worth stating.
    const limit = /size of (\d+)/.exec(message);
    const limitBytes = limit ? Number(limit[1]) : undefined;
    return new BackendError('tooLarge', `the response exceeded the size limit${limitBytes !== undefined ? ` of ${limitBytes} bytes` : ''}`, { ...details, limitBytes });
  }
  // Before the codes: a body that stops mid-way is Node's ECONNRESET "aborted" when it runs through a
  // decompressor (gzip, as Prometheus sends), yet the backend was reached and its answer was cut off.
  if (/aborted|premature close/i.test(message) || code === 'ERR_STREAM_PREMATURE_CLOSE' || code?.startsWith('HPE_')) {
    return new BackendError('badResponse', 'the answer was cut off or malformed at the HTTP level', details);
  }
  if (code && NETWORK_CODES[code]) return new BackendError('network', NETWORK_CODES[code], details);
  if (code && TIMEOUT_CODES.has(code)) return new BackendError('timeout', 'the connection timed out', details);
  if (code && TLS_CODE.test(code)) return new BackendError('tls', shortDetail(`${code}: ${message}`), details);
  if (code === 'ERR_CANCELED') return new BackendError('cancelled', 'the request was cancelled', details);
  return new BackendError('network', shortDetail(code ? `request failed (${code})` : 'request failed'), details);
}
