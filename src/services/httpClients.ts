// One HTTP client per distinct TLS setting: most backends share the default client; a backend with its own
// CA or with verification turned off gets a client of its own, so the setting never leaks to the others.
import { createHttpClient } from '../backends/http/httpClient';
import type { HttpClient, HttpClientOptions } from '../backends/http/types';
import type { TlsConfig } from '../core/config/prodlensConfig';

export type HttpFor = (tls: TlsConfig | undefined) => HttpClient;

/**
 * `readCa` turns a `caFile` into PEM text (the caller resolves relative paths); a file that cannot be read
 * throws, and the backend then reports a config error instead of silently trusting nothing extra.
 */
export function httpClientsFor(base: HttpClientOptions, readCa: (file: string) => string): HttpFor {
  const clients = new Map<string, HttpClient>();
  return (tls) => {
    const key = JSON.stringify([tls?.caFile ?? null, tls?.insecureSkipVerify === true]);
    let client = clients.get(key);
    if (!client) {
      client = createHttpClient({
        ...base,
        caPem: tls?.caFile ? readCa(tls.caFile) : base.caPem,
        rejectUnauthorized: tls?.insecureSkipVerify === true ? false : base.rejectUnauthorized,
      });
      clients.set(key, client);
    }
    return client;
  };
}
