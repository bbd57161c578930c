// Every backend failure becomes exactly one of these kinds, so the UI, the log and `prodlens doctor`
// can explain it in one sentence without knowing which adapter failed.

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
    } = {},
  ) {
    super(message);
  }
}

export function isBackendError(err: unknown): err is BackendError {
  return err instanceof BackendError;
}

/** A sentence for the user that says what to do, for each kind. */
export function explainBackendError(err: BackendError, backendLabel: string): string {
  const where = err.details.origin ? ` at ${err.details.origin}` : '';
  switch (err.kind) {
    case 'auth':
      return `${backendLabel}${where} refused the credentials (HTTP ${err.details.status ?? '401'}): set a valid token (editor: "ProdLens: Set Backend Token"; CLI: the PRODLENS_…_TOKEN variable).`;
    case 'notFound':
      return `${backendLabel}${where} answered 404: check the URL, path prefix and ids in .prodlens.json.`;
    case 'rateLimited': {
      const wait = err.details.retryAt ? ` until ${new Date(err.details.retryAt).toISOString()}` : '';
      return `${backendLabel}${where} is rate limiting ProdLens; it will back off${wait}.`;
    }
    case 'network':
      return `${backendLabel}${where} cannot be reached (${err.message}): check the URL, VPN or proxy.`;
    case 'timeout':
      return `${backendLabel}${where} did not answer in time: it may be overloaded, or the window too large.`;
    case 'tls':
      return `${backendLabel}${where} has a TLS certificate problem (${err.message}): configure its CA, or disable verification for it explicitly.`;
    case 'tooLarge':
      return `${backendLabel}${where} sent a response larger than the size limit: narrow the query or raise the limit.`;
    case 'badResponse':
      return `${backendLabel}${where} sent an answer ProdLens cannot read (${err.message}).`;
    case 'cancelled':
      return `The request to ${backendLabel} was cancelled.`;
    case 'config':
      return `${backendLabel} is not configured correctly: ${err.message}`;
  }
}
