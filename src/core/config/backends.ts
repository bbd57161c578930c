// Which backends a service talks to, and where each URL came from: `.prodlens.json` first, then the
// user's default URLs from settings.
import type { BackendKind } from '../model';
import type { DetectedService } from '../detect/services';

export interface ResolvedBackend {
  kind: BackendKind;
  url: string;
  from: string;
}


/** Prometheus and Alertmanager are often reachable without a token; Sentry and PagerDuty never are. */
export const TOKEN_OPTIONAL: Record<BackendKind, boolean> = {
  prometheus: true,
  alertmanager: true,
  sentry: false,
  pagerduty: false,
};

export interface BackendDefaults {
  prometheusUrl?: string;
  alertmanagerUrl?: string;
  /**
   * False in an untrusted workspace: backend URLs written in the workspace's `.prodlens.json` are then
   * ignored (a cloned repository must not choose where ProdLens sends requests, let alone tokens).
   */
  workspaceTrusted?: boolean;
}

/** Backends named by `.prodlens.json` that an untrusted workspace keeps ProdLens from using. */
export function backendsIgnoredUntilTrusted(service: DetectedService, defaults: BackendDefaults): ResolvedBackend[] {
  if (defaults.workspaceTrusted !== false) return [];
  return resolveBackends(service, { ...defaults, workspaceTrusted: true }).filter((b) => !b.from.startsWith('setting '));
}

export function resolveBackends(service: DetectedService, defaults: BackendDefaults): ResolvedBackend[] {
  const out: ResolvedBackend[] = [];
  const configured = defaults.workspaceTrusted === false ? {} : service.config?.backends ?? {};
  const source = service.evidence[0]?.source ?? '.prodlens.json';
  const add = (kind: BackendKind, url: string | undefined, from: string) => {
    if (url) out.push({ kind, url, from });
  };
  add('prometheus', configured.prometheus?.url, source);
  if (!configured.prometheus) add('prometheus', defaults.prometheusUrl, 'setting prodlens.prometheus.url');
  add('alertmanager', configured.alertmanager?.url, source);
  if (!configured.alertmanager) add('alertmanager', defaults.alertmanagerUrl, 'setting prodlens.alertmanager.url');
  add('sentry', configured.sentry?.url, source);
  add('pagerduty', configured.pagerduty?.url, source);
  return out;
}
