// Turns a successful answer's bytes into what the adapter asked for. A 200 that is not what we asked for
// (an SSO login page, a cut-off body) is a badResponse here, before any adapter tries to read it.
import { BackendError } from '../errors';
import { isHtml } from './httpErrors';
import type { HttpHeaders } from './types';

/** JSON.parse's wording for input that stops early differs between V8 versions; match them all. */
const TRUNCATED = /unexpected end|unterminated|end of (json )?input/i;

export function decodeBody(
  body: Buffer,
  headers: HttpHeaders,
  responseType: 'json' | 'text',
  status: number,
  origin: string,
): unknown {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  if (responseType === 'text') return text;
  const details = { status, origin };
  if (text.trim() === '') {
    if (status === 204) return null;
    throw new BackendError('badResponse', `HTTP ${status} with an empty body where JSON was expected`, details);
  }
  try {
    // Parsed before looking at Content-Type: some APIs (Sentry's 429) label JSON as text/html.
    return JSON.parse(text);
  } catch (err) {
    if (isHtml(headers, body)) {
      throw new BackendError('badResponse', 'an HTML page instead of JSON (a login page or proxy in the way?)', details);
    }
    const message = err instanceof Error ? err.message : '';
    const truncated = TRUNCATED.test(message) || looksCutOff(text);
    throw new BackendError('badResponse', truncated ? 'truncated JSON (the answer stops early)' : 'an answer that is not valid JSON', details);
  }
}

/** Unbalanced brackets mean the text ended mid-document rather than containing a typo. */
function looksCutOff(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return inString || depth > 0;
}
