// Adapters promise to throw nothing but BackendError, with the origin filled in: this wrapper keeps that
// promise even when a parser or an injected callback fails in a way nobody foresaw.
import { BackendError, isBackendError } from '../errors';

export async function guardBackendCall<T>(origin: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isBackendError(err)) {
      if (err.details.origin || !origin) throw err;
      throw new BackendError(err.kind, err.message, { ...err.details, origin });
    }
    throw new BackendError('badResponse', 'an unexpected failure while reading the answer', origin ? { origin } : {});
  }
}

/** Reads an injected credential, turning its failure into a `config` error instead of a crash. */
export async function readAuthHeader(
  getAuthHeader: (() => Promise<string | undefined> | string | undefined) | undefined,
  backendLabel: string,
): Promise<string | undefined> {
  if (!getAuthHeader) return undefined;
  try {
    return await getAuthHeader();
  } catch (err) {
    if (isBackendError(err)) throw err;
    throw new BackendError('config', `the credentials for ${backendLabel} could not be read`);
  }
}
