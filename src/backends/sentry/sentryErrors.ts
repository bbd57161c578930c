// Turns the HTTP layer's generic errors into sentences that name what the user configured (organization,
// project, issue), and makes sure the token cannot appear in them even if the server echoed it back.
import { BackendError, isBackendError } from '../errors';

export type SentryOperation = 'issues' | 'project' | 'event' | 'releases' | 'environments';

export interface SentryErrorContext {
  operation: SentryOperation;
  organization: string;
  project: string;
  issueId?: string;
}

/** Removes every occurrence of the given secrets (a token, a whole Authorization value) from a message. */
export function redactSecrets(message: string, secrets: readonly (string | undefined)[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

/** The token part of `Bearer <token>`, and the whole value, as the strings never to show. */
export function secretsOfAuthHeader(header: string): string[] {
  const token = header.replace(/^\s*\S+\s+/, '').trim();
  return token && token !== header ? [header, token] : [header];
}

function notFoundMessage(ctx: SentryErrorContext): string {
  const org = `"${ctx.organization}"`;
  switch (ctx.operation) {
    case 'project':
      return `Sentry has no project "${ctx.project}" in organization ${org} (HTTP 404): check organization and project in .prodlens.json`;
    case 'event':
      return `Sentry issue ${ctx.issueId ?? ''} was not found in organization ${org}, or it has no events (HTTP 404)`;
    default:
      return `Sentry organization ${org} or project "${ctx.project}" was not found (HTTP 404): check them in .prodlens.json`;
  }
}

export function sentryError(err: unknown, ctx: SentryErrorContext, secrets: readonly string[]): unknown {
  if (!isBackendError(err)) return err;
  const { status } = err.details;
  let message = err.message;
  if (err.kind === 'auth' && status === 403) {
    const project = ctx.operation === 'event' ? '' : ` (or to its project "${ctx.project}")`;
    message = `the token has no access to the Sentry organization "${ctx.organization}"${project} (HTTP 403): check the token's organization and scopes`;
  } else if (err.kind === 'auth' && status === 401) {
    message = `Sentry rejected the token (${err.message})`;
  } else if (err.kind === 'notFound' && status === 404) {
    message = notFoundMessage(ctx);
  } else if (err.kind === 'badResponse' && status !== undefined && status >= 500) {
    // Sentry's 500 body carries an errorId its support can look up: users are asked to quote it.
    message = `Sentry failed with ${err.message.replace(/; error id ([\w-]+)$/, '; Sentry error id $1, quote it to support')}`;
  }
  return new BackendError(err.kind, redactSecrets(message, secrets), err.details);
}
