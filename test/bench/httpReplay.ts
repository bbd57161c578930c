// The measuring instruments of the refresh benchmark: an HttpClient wrapper that records what ProdLens asked,
// a raw node:http replay of the same requests (the baseline ProdLens's overhead is measured against), and an
// HttpClient that answers recorded bytes from memory (to time everything after the HTTP responses arrive).
import * as http from 'node:http';
import { decodeBody } from '../../src/backends/http/body';
import type { HttpClient, HttpHeaders, HttpRequest, HttpResponse } from '../../src/backends/http/types';
import { withParams } from '../../src/backends/http/url';
import { nowMs } from './common';

export interface RecordedCall {
  method: string;
  url: string;
  headers: HttpHeaders;
  body?: string;
}

export interface RawAnswer {
  status: number;
  headers: HttpHeaders;
  body: Buffer;
}

function bodyOf(req: HttpRequest): { body?: string; contentType?: string } {
  if (req.body === undefined || req.body === null) return {};
  if (typeof req.body === 'string') return { body: req.body };
  if (Buffer.isBuffer(req.body)) return { body: req.body.toString('utf8') };
  return { body: JSON.stringify(req.body), contentType: 'application/json' };
}

function callOf(req: HttpRequest): RecordedCall {
  const { body, contentType } = bodyOf(req);
  // What the real client adds to every request (httpClient.ts): the same Accept-Encoding, so a server that
  // compresses (Prometheus does) does the same work for the baseline; the baseline never decompresses.
  const headers: HttpHeaders = { accept: 'application/json', 'accept-encoding': 'gzip, deflate' };
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  if (contentType) headers['content-type'] ??= contentType;
  return { method: req.method ?? 'GET', url: withParams(req.url, req.params), headers, ...(body !== undefined ? { body } : {}) };
}

/** Prometheus's `time`, `start` and `end` move with the clock; the same question asked a second later is the same request. */
export function requestKey(call: Pick<RecordedCall, 'method' | 'url' | 'body'>): string {
  const url = new URL(call.url);
  for (const p of ['time', 'start', 'end']) url.searchParams.delete(p);
  let body = call.body ?? '';
  if (body.startsWith('query=')) {
    const form = new URLSearchParams(body);
    for (const p of ['time', 'start', 'end']) form.delete(p);
    body = form.toString();
  }
  return `${call.method} ${url.toString()} ${body}`;
}

export class RecordingHttpClient implements HttpClient {
  calls: RecordedCall[] = [];

  constructor(private readonly inner: HttpClient) {}

  request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    this.calls.push(callOf(req));
    return this.inner.request<T>(req);
  }

  take(): RecordedCall[] {
    const calls = this.calls;
    this.calls = [];
    return calls;
  }
}

/** One request with plain node:http: send, read every byte, nothing else (no parsing, no retries). */
export function rawRequest(agent: http.Agent, call: RecordedCall): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(call.url, { method: call.method, headers: call.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const headers: HttpHeaders = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end(call.body);
  });
}

type Kind = 'promDetect' | 'prom' | 'alerts' | 'sentryProject' | 'sentryIssues' | 'sentryReleases' | 'sentryEvent' | 'pagerduty';

function kindOf(call: RecordedCall): Kind {
  const { pathname, searchParams } = new URL(call.url);
  if (pathname.endsWith('/api/v1/query') || pathname.endsWith('/api/v1/query_range')) {
    const query = searchParams.get('query') ?? new URLSearchParams(call.body ?? '').get('query') ?? '';
    return query.startsWith('count by') ? 'promDetect' : 'prom';
  }
  if (pathname.endsWith('/api/v2/alerts')) return 'alerts';
  if (pathname.includes('/api/0/projects/')) return 'sentryProject';
  if (pathname.endsWith('/events/latest/')) return 'sentryEvent';
  if (pathname.endsWith('/issues/')) return 'sentryIssues';
  if (pathname.endsWith('/releases/')) return 'sentryReleases';
  if (pathname.endsWith('/incidents')) return 'pagerduty';
  throw new Error(`the raw replay does not know ${call.method} ${pathname}`);
}

/**
 * The same requests, made directly with the least waiting any client could do: backends in parallel; within
 * one, only the order the data forces (Prometheus's detection before its queries, Sentry's project id before
 * its lists, each issue page after the previous one's `Link`, latest events after the issue list).
 */
export async function replayRaw(agent: http.Agent, calls: readonly RecordedCall[]): Promise<{ ms: number; answers: Map<string, RawAnswer> }> {
  const answers = new Map<string, RawAnswer>();
  const of = (kind: Kind) => calls.filter((c) => kindOf(c) === kind);
  const one = async (call: RecordedCall) => {
    answers.set(requestKey(call), await rawRequest(agent, call));
  };
  const inOrder = async (list: readonly RecordedCall[]) => {
    for (const call of list) await one(call);
  };
  const together = (list: readonly RecordedCall[]) => Promise.all(list.map(one));
  const started = nowMs();
  await Promise.all([
    inOrder(of('promDetect')).then(() => together(of('prom'))),
    together(of('alerts')),
    inOrder(of('sentryProject')).then(() => Promise.all([
      inOrder(of('sentryIssues')).then(() => together(of('sentryEvent'))),
      together(of('sentryReleases')),
    ])),
    inOrder(of('pagerduty')),
  ]);
  return { ms: nowMs() - started, answers };
}

/** Answers from recorded bytes, decoded exactly as the real client decodes them: no network at all. */
export class MemoryHttpClient implements HttpClient {
  constructor(private readonly answers: ReadonlyMap<string, RawAnswer>) {}

  async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const call = callOf(req);
    const answer = this.answers.get(requestKey(call));
    if (!answer) throw new Error(`no recorded answer for ${requestKey(call)}`);
    if (answer.status < 200 || answer.status >= 300) throw new Error(`recorded answer ${answer.status} for ${call.url}`);
    const data = decodeBody(answer.body, answer.headers, req.responseType ?? 'json', answer.status, new URL(call.url).origin) as T;
    return { status: answer.status, headers: withoutRateLimits(answer.headers), data, url: call.url };
  }
}

/**
 * The recorded answers without Sentry's rate-limit headers: replayed within the second they were recorded in,
 * their `-Remaining` and `-Reset` would make the client pace itself (as it must against a live server), and
 * that wait is the server's, not processing. The pacing shows in the "refresh over local HTTP" row instead.
 */
function withoutRateLimits(headers: RawAnswer['headers']): RawAnswer['headers'] {
  const kept: RawAnswer['headers'] = {};
  for (const [name, value] of Object.entries(headers)) if (!name.startsWith('x-sentry-rate-limit-')) kept[name] = value;
  return kept;
}
