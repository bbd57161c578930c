// What a replay route answers, as plain data, so failure modes can replace or cut an answer before it is sent.
import type { IncomingHttpHeaders } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A request as the routes see it: already read, with the query parsed. */
export interface IncomingCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** `http://127.0.0.1:port`, for links the server writes into its answers. */
  origin: string;
  nowMs: number;
}

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The error page a proxy or load balancer in front of the API serves. */
export function htmlErrorPage(status: number): Reply {
  const title = `${status} ${status === 502 ? 'Bad Gateway' : status === 200 ? 'Sign in' : 'Error'}`;
  const body = `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>\n`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}
