// Every backend failure becomes exactly one of these kinds, so the UI, the log and `prodlens doctor`
// can explain it in one sentence without knowing which adapter failed.
import { SHRINK, WINDOWED } from '../core/diagnostics/backendFindings';
import { BACKEND_LABEL } from '../core/labels';
import type { BackendKind } from '../core/model';

export type BackendErrorKind =
  | 'auth'
  | 'notFound'
  | 'rateLimited'
  | 'network'
  | 'timeout'
  | 'tls'
  | 'tooLarge'
  | 'badResponse'
  | 'cancelled'
  | 'config';

export class BackendError extends Error {
  override readonly name = 'BackendError';

  constructor(
    readonly kind: BackendErrorKind,
    message: string,
    readonly details: {
      /** HTTP status when there was an answer. */
      status?: number;
      /** Unix ms after which a retry makes sense (rate limits). */
      retryAt?: number;
      /** The origin that failed, never a full URL with credentials. */
      origin?: string;
      /** tooLarge: the size limit the answer went over, in bytes. */
      limitBytes?: number;
    } = {},
  ) {
    super(message);
  }
}

export function isBackendError(err: unknown): err is BackendError {
  return err instanceof BackendError;
}

/** The backend kind a label names (`Sentry` → `sentry`), for advice that depends on what the backend asks. */
function kindOfLabel(label: string): BackendKind | undefined {
  return (Object.keys(BACKEND_LABEL) as BackendKind[]).find((kind) => BACKEND_LABEL[kind] === label);
}

/** Size in the unit people read (`20 MB`), from bytes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/**
 * Whether a badResponse is an answer that stopped early: the connection closed mid-body (transportError), or a
 * complete HTTP answer whose JSON ends mid-document (decodeBody), as a proxy's size or time limit leaves it.
 */
export function isCutOff(err: BackendError): boolean {
  return err.kind === 'badResponse' && (err.details.status ?? 0) < 500 && /cut off|truncated JSON/.test(err.message);
}

function explainBadResponse(err: BackendError, who: string): string {
  const status = err.details.status;
  if (status !== undefined && status >= 500) {
    return `${who} failed on its side (${err.message}): the server had an internal error, not a problem with the request; ProdLens retries on the next refresh, and if it persists check the server's logs or status page.`;
  }
  if (isCutOff(err)) {
    return `${who} cut its answer off mid-way (${err.message}): the answer stopped before its end, usually a proxy or load balancer cutting long answers (a timeout or body-size limit) or a server restart; ProdLens retries on the next refresh.`;
  }
  return `${who} sent an answer ProdLens cannot read (${err.message}).`;
}

/** A sentence for the user that says what to do, for each kind. */
export function explainBackendError(err: BackendError, backendLabel: string): string {
  const where = err.details.origin ? ` at ${err.details.origin}` : '';
  switch (err.kind) {
    case 'auth': {
      // An adapter's own sentence names what was refused (an organization, a project id); the bare status does not.
      const what = /^HTTP \d+$/.test(err.message) || !err.message ? `HTTP ${err.details.status ?? '401'}` : err.message;
      return `${backendLabel}${where} refused the credentials (${what}): set a valid token (editor: "ProdLens: Set Backend Token"; CLI: the PRODLENS_…_TOKEN variable).`;
    }
    case 'notFound':
      // An adapter that knows what was not found (an environment, a project slug) says so; keep its sentence.
      if (err.message.startsWith(backendLabel)) return `${err.message}${where ? ` (${err.details.origin})` : ''}.`;
      return `${backendLabel}${where} answered 404: check the URL, path prefix and ids in .prodlens.json.`;
    case 'rateLimited': {
      const wait = err.details.retryAt ? ` until ${new Date(err.details.retryAt).toISOString()}` : '';
      return `${backendLabel}${where} is rate limiting ProdLens; it will back off${wait}.`;
    }
    case 'network':
      return `${backendLabel}${where} cannot be reached (${err.message}): check the URL, VPN or proxy.`;
    case 'timeout': {
      const kind = kindOfLabel(backendLabel);
      const lighter = !kind || WINDOWED.has(kind) ? ', or the window too large' : '';
      return `${backendLabel}${where} did not answer in time (${err.message}): it may be overloaded${lighter}.`;
    }
    case 'tls':
      return `${backendLabel}${where} has a TLS certificate problem (${err.message}): configure its CA, or disable verification for it explicitly.`;
    case 'tooLarge': {
      const limit = err.details.limitBytes !== undefined ? `ProdLens's limit of ${formatBytes(err.details.limitBytes)}` : `ProdLens's size limit`;
      const kind = kindOfLabel(backendLabel);
      const shrink = kind ? `: ask for less with ${SHRINK[kind]}` : '';
      return `${backendLabel}${where} sent an answer larger than ${limit}${shrink}.`;
    }
    case 'badResponse':
      return explainBadResponse(err, `${backendLabel}${where}`);
    case 'cancelled':
      return `The request to ${backendLabel} was cancelled.`;
    case 'config':
      return `${backendLabel} is not configured correctly: ${err.message}`;
  }
}
