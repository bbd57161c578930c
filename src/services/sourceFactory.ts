// Creates the backend sources of a service from its configuration, reusing them while the configuration
// is unchanged (so caches such as Prometheus's detected convention survive between refreshes).
import { AlertmanagerClient } from '../backends/alertmanager/alertmanagerClient';
import type { HttpClient } from '../backends/http/types';
import type { HttpFor } from './httpClients';
import { PrometheusClient } from '../backends/prometheus/prometheusClient';
import { resolveBackends, type BackendDefaults, type ResolvedBackend } from '../core/config/backends';
import type { BackendsConfig } from '../core/config/prodlensConfig';
import { BackendError, isBackendError } from '../backends/errors';
import type { DetectedService } from '../core/detect/services';
import type { BackendKind } from '../core/model';
import { AlertmanagerSource } from './sources/alertmanagerSource';
import { PrometheusSource } from './sources/prometheusSource';
import { SentryClient } from '../backends/sentry/sentryClient';
import { PagerDutyClient } from '../backends/pagerduty/pagerDutyClient';
import { SentrySource } from './sources/sentrySource';
import { PagerDutySource } from './sources/pagerDutySource';
import type { BackendSource, SourceResult } from './sources/types';

/** Looks up the token saved for this backend kind and origin; never returns one saved for another origin. */
export type TokenLookup = (kind: BackendKind, url: string) => Promise<string | undefined>;

export function authorizationFor(token: string | undefined): string | undefined {
  if (!token) return undefined;
  return /^(Bearer|Basic)\s/i.test(token) ? token : `Bearer ${token}`;
}

export class SourceFactory {
  private readonly cache = new Map<string, { key: string; sources: BackendSource[] }>();

  private readonly httpFor: HttpFor;

  /** `http` is one client for every backend, or a function giving the client for a backend's TLS settings. */
  constructor(
    http: HttpClient | HttpFor,
    private readonly getToken: TokenLookup,
    private readonly defaults: () => BackendDefaults,
  ) {
    this.httpFor = typeof http === 'function' ? http : () => http;
  }

  sourcesFor(service: DetectedService): BackendSource[] {
    const defaults = this.defaults();
    const key = JSON.stringify([service.config?.backends ?? null, defaults]);
    const cached = this.cache.get(service.name);
    if (cached?.key === key) return cached.sources;
    const sources: BackendSource[] = [];
    const backends = service.config?.backends ?? {};
    for (const resolved of resolveBackends(service, defaults)) {
      try {
        const source = this.create(resolved, backends);
        if (source) sources.push(source);
      } catch (err) {
        // A URL the adapter refuses (from a setting, which no schema checks) still shows up, as a failing backend.
        sources.push(new MisconfiguredSource(resolved.kind, resolved.url, err));
      }
    }
    this.cache.set(service.name, { key, sources });
    return sources;
  }

  private create(resolved: ResolvedBackend, backends: BackendsConfig): BackendSource | undefined {
    const auth = () => this.getToken(resolved.kind, resolved.url).then(authorizationFor);
    switch (resolved.kind) {
      case 'prometheus': {
        const client = new PrometheusClient({ baseUrl: resolved.url, http: this.httpFor(backends.prometheus?.tls), headers: backends.prometheus?.headers, getAuthHeader: auth });
        return new PrometheusSource(resolved.url, client, backends.prometheus?.selector, backends.prometheus?.metrics, backends.prometheus?.queries);
      }
      case 'alertmanager': {
        const client = new AlertmanagerClient({ baseUrl: resolved.url, http: this.httpFor(backends.alertmanager?.tls), getAuthHeader: auth });
        return new AlertmanagerSource(resolved.url, client, backends.alertmanager?.matchers);
      }
      case 'sentry': {
        const sentry = backends.sentry;
        if (!sentry) return undefined;
        const client = new SentryClient({ baseUrl: resolved.url, organization: sentry.organization, project: sentry.project, http: this.httpFor(sentry.tls), getAuthHeader: auth });
        return new SentrySource(resolved.url, client);
      }
      case 'pagerduty': {
        const pd = backends.pagerduty;
        if (!pd) return undefined;
        // PagerDuty's header is `Token token=<key>`, which the client builds from the bare key.
        const client = new PagerDutyClient({ baseUrl: resolved.url, http: this.httpFor(pd.tls), getToken: () => this.getToken('pagerduty', resolved.url), fromEmailSetting: 'prodlens.pagerduty.fromEmail' });
        return new PagerDutySource(resolved.url, client, pd.serviceIds);
      }
    }
  }
}

class MisconfiguredSource implements BackendSource {
  constructor(
    readonly kind: BackendKind,
    readonly url: string,
    private readonly reason: unknown,
  ) {}

  fetch(): Promise<SourceResult> {
    if (isBackendError(this.reason)) return Promise.reject(this.reason);
    return Promise.reject(new BackendError('config', this.reason instanceof Error ? this.reason.message : String(this.reason)));
  }
}
