// One finding per backend of a service: whether it is reachable and authorised, how fast it answered and what it
// returned (from the last refresh), each failure with the fix for its kind; then the backend's notes, such as
// a Prometheus selector that matches no request metrics, with a selector that does.
import type { DetectedService } from '../detect/services';
import { formatRate } from '../format';
import { BACKEND_LABEL } from '../labels';
import type { BackendKind, BackendStatus, HealthSnapshot } from '../model';
import { jsonSnippet, suggestSelector } from './fixes';
import type { BackendFacts, Finding, FixSuggestion, ServiceRuntimeFacts, Surface } from './types';


const TOKEN_ENV: Record<BackendKind, string> = {
  prometheus: 'PRODLENS_PROMETHEUS_TOKEN',
  alertmanager: 'PRODLENS_ALERTMANAGER_TOKEN',
  sentry: 'PRODLENS_SENTRY_TOKEN',
  pagerduty: 'PRODLENS_PAGERDUTY_TOKEN',
};

function originText(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

export function tokenEnvVar(kind: BackendKind): string {
  return TOKEN_ENV[kind];
}

const SET_TOKEN_COMMAND = 'ProdLens: Set Backend Token';

/** How to give ProdLens a token, where the user is. */
export function tokenFix(kind: BackendKind, url: string, surface: Surface | undefined): { text: string; suggestion: FixSuggestion } {
  const env = TOKEN_ENV[kind];
  const what = kind === 'pagerduty' ? 'a PagerDuty REST API key' : kind === 'sentry' ? 'a Sentry auth token (scopes project:read, event:read)' : `a ${BACKEND_LABEL[kind]} bearer token`;
  if (surface === 'cli') return { text: `Set ${env} to ${what} for ${url}.`, suggestion: { env } };
  if (surface === 'editor') return { text: `Run "${SET_TOKEN_COMMAND}" and store ${what} for ${kind} at ${url}.`, suggestion: { command: SET_TOKEN_COMMAND } };
  return { text: `Run "${SET_TOKEN_COMMAND}" for ${kind} at ${url} (CLI: set ${env}).`, suggestion: { env, command: SET_TOKEN_COMMAND } };
}

const FAILURE: Record<string, string> = {
  auth: 'refused the credentials',
  notFound: 'answered 404',
  network: 'cannot be reached',
  timeout: 'did not answer in time',
  tls: 'failed the TLS handshake',
  rateLimited: 'is rate limiting ProdLens',
  badResponse: 'sent an answer ProdLens cannot read',
  tooLarge: 'sent too large an answer',
  config: 'is not configured correctly',
  cancelled: 'was cancelled',
};

/** What the backend contributed to the snapshot, in a few words. */
function returned(kind: BackendKind, snapshot: HealthSnapshot): string {
  switch (kind) {
    case 'prometheus': {
      const routes = snapshot.routes.length;
      const rate = snapshot.current.throughput;
      return routes === 0 && rate === undefined ? 'no request metrics' : `${routes} route(s)${rate !== undefined ? `, ${formatRate(rate)}` : ''}`;
    }
    case 'alertmanager':
      return `${snapshot.incidents.filter((i) => i.source === 'alertmanager').length} active alert(s)`;
    case 'sentry':
      return `${snapshot.errors.filter((e) => e.source === 'sentry').length} error group(s), ${snapshot.deploys.filter((d) => d.source === 'sentry').length} release(s)`;
    case 'pagerduty':
      return `${snapshot.incidents.filter((i) => i.source === 'pagerduty').length} open incident(s)`;
  }
}

function probe(kind: BackendKind, url: string): string {
  switch (kind) {
    case 'prometheus':
      return `${url}/api/v1/query?query=up`;
    case 'alertmanager':
      return `${url}/api/v2/status`;
    case 'sentry':
      return `${url}/api/0/`;
    case 'pagerduty':
      return `${url}/abilities`;
  }
}

function notFoundFix(kind: BackendKind, url: string, service: DetectedService, from: string, error: string): string {
  const b = service.config?.backends;
  // Sentry's 404 for an environment it does not know: the environment is the fix, not the ids.
  const environment = kind === 'sentry' ? /no environment "([^"]*)"[^(]*\(([^)]*)\)/.exec(error) : null;
  if (environment) {
    return `Sentry knows no environment "${environment[1]}" (${environment[2]}): set the environment to one it has (CLI: --env; editor: the "prodlens.environment" setting).`;
  }
  switch (kind) {
    case 'prometheus':
      return `Use Prometheus's base URL, with its path prefix if it sits behind one (Mimir, Thanos, a proxy: e.g. https://host/prometheus): ProdLens asks ${url}/api/v1/query. Fix "url" of the prometheus backend in ${from}.`;
    case 'alertmanager':
      return `Use Alertmanager's base URL, with its --web.route-prefix if it has one: ProdLens asks ${url}/api/v2/alerts. Fix "url" of the alertmanager backend in ${from}.`;
    case 'sentry':
      return `Check "organization": "${b?.sentry?.organization ?? '?'}" and "project": "${b?.sentry?.project ?? '?'}" in ${from} (the slugs in your Sentry issue URLs), and that "url" (${url}) is the Sentry base URL, with no /organizations/... path.`;
    case 'pagerduty':
      return `Check "serviceIds" (${(b?.pagerduty?.serviceIds ?? []).join(', ') || 'none'}) in ${from} and that "url" is the REST API (https://api.pagerduty.com), not the web app.`;
  }
}

/** Backends whose query covers the time window: only for these does a shorter window lighten the answer. */
export const WINDOWED = new Set<BackendKind>(['prometheus', 'sentry']);

/** What makes each backend's answer smaller (ProdLens has no setting for its size limit, on purpose). */
export const SHRINK: Record<BackendKind, string> = {
  prometheus: 'a "selector" that matches fewer series (one job, one service), or a shorter window',
  sentry: 'a specific "environment" (CLI: --env), or a shorter window',
  pagerduty: 'fewer "serviceIds"',
  alertmanager: 'fewer active alerts for the service (resolve or silence stale ones)',
};

/**
 * The fix for an answer ProdLens could not use, by what happened (the sentence explainBackendError wrote):
 * the server failed (5xx), the answer was cut off, or it arrived whole but was not the API's.
 */
function badResponseFix(error: string, kind: BackendKind, url: string): string {
  if (/failed on its side/.test(error)) {
    const status = /HTTP (5\d\d)/.exec(error)?.[1] ?? '5xx';
    const errorId = /Sentry error id ([\w-]+)/.exec(error)?.[1];
    const support = errorId ? ` If it persists, quote Sentry error id ${errorId} to Sentry support.` : ` If it persists, check ${BACKEND_LABEL[kind]}'s logs or status page.`;
    return `${BACKEND_LABEL[kind]} at ${url} failed on its side (HTTP ${status}); nothing in ProdLens's configuration causes that. Retry later (the next refresh does).${support}`;
  }
  if (/cut its answer off/.test(error)) {
    return `The connection to ${url} was closed before the answer ended: check the timeouts and body-size limits of any proxy or load balancer in front of ${BACKEND_LABEL[kind]}, and whether the server restarted. The next refresh asks again.`;
  }
  return `Check that ${url} is ${BACKEND_LABEL[kind]}'s API base URL, not a login page or a proxy's error page (try curl -sS '${probe(kind, url)}').`;
}

function failureFix(status: BackendStatus, facts: BackendFacts, service: DetectedService, surface: Surface | undefined): { fix: string; suggestion?: FixSuggestion } {
  const { kind, url } = facts;
  switch (status.errorKind) {
    case 'auth': {
      const token = tokenFix(kind, url, surface);
      return { fix: `${facts.hasToken ? 'The token ProdLens sent was refused: replace it.' : `${BACKEND_LABEL[kind]} at ${url} needs a token.`} ${token.text}`, suggestion: token.suggestion };
    }
    case 'notFound':
      return { fix: notFoundFix(kind, url, service, facts.from, status.error ?? '') };
    case 'network':
      return { fix: `Check that ${url} is reachable from this machine (VPN, firewall, ${surface === 'cli' ? 'HTTPS_PROXY / NO_PROXY' : 'the "http.proxy" setting'}), e.g. curl -sS '${probe(kind, url)}'.` };
    case 'timeout':
      // Only Prometheus's and Sentry's queries cover the window; Alertmanager and PagerDuty list what is open now.
      return WINDOWED.has(kind)
        ? { fix: `Try again; if it persists, use a shorter window (${surface === 'cli' ? '--window 15m' : '"ProdLens: Select Time Window"'}) or check the server's load.` }
        : { fix: `Try again; if it persists, check ${BACKEND_LABEL[kind]}'s load and the network path to ${url} (proxy, VPN), e.g. time curl -sS '${probe(kind, url)}'.` };
    case 'tls':
      return { fix: surface === 'cli' ? 'If the server uses a private certificate authority, set NODE_EXTRA_CA_CERTS to its certificate file.' : 'If the server uses a private certificate authority, add it to the operating system\'s trusted certificates.' };
    case 'rateLimited':
      return { fix: 'Nothing to do now: ProdLens backs off and retries. If it persists, raise "prodlens.refreshIntervalSeconds" or the token\'s rate limit.' };
    case 'badResponse':
      return { fix: badResponseFix(status.error ?? '', kind, url) };
    case 'tooLarge': {
      const limit = /limit of ([\d.]+ (?:MB|KB|bytes))/.exec(status.error ?? '')?.[1];
      return { fix: `ProdLens reads at most ${limit ?? 'a fixed size'} per answer, so that one backend cannot exhaust memory; there is no setting to raise it. Ask for less: ${SHRINK[kind]}.` };
    }
    case 'config':
      return { fix: `Fix the ${kind} backend of "${service.name}" in ${facts.from}: ${status.error ?? 'see above'}` };
    default:
      return { fix: 'Run the diagnosis again.' };
  }
}

function head(service: DetectedService, facts: BackendFacts): string {
  const token = facts.hasToken ? ', token set' : facts.tokenOptional ? ', no token (optional)' : ', no token';
  return `"${service.name}" → ${facts.kind} at ${facts.url} (from ${facts.from})${token}`;
}

function noteFindings(service: DetectedService, facts: BackendFacts, status: BackendStatus, runtime: ServiceRuntimeFacts): Finding[] {
  const out: Finding[] = [];
  for (const note of status.notes ?? []) {
    if (facts.kind !== 'prometheus' || !/no request metrics/.test(note)) {
      out.push({ level: 'info', title: `"${service.name}" → ${facts.kind}: ${note}`, code: 'backend.note', service: service.name });
      continue;
    }
    const current = service.config?.backends.prometheus?.selector;
    const identities = runtime.prometheusIdentities;
    const listed = identities ? Object.entries(identities).filter(([, v]) => v.length).map(([label, values]) => `${label}: ${values.join(', ')}`) : [];
    const selector = identities ? suggestSelector(service.name, current, identities) : undefined;
    const where = service.config?.backends.prometheus
      ? `the prometheus backend of "${service.name}" in ${facts.from}`
      : `"${service.name}" in .prodlens.json (${jsonSnippet({ name: service.name, folders: service.folders, backends: { prometheus: { url: facts.url, selector: selector ?? { job: '<job>' } } } })})`;
    let fix: string;
    if (selector) fix = `Set ${jsonSnippet({ selector })} in ${where}.`;
    else if (listed.length) fix = `Set "selector" in ${where} to the label value that is this service; values with request metrics on this server: ${listed.join('; ')}.`;
    else if (identities) fix = `No service has request metrics on ${facts.url}: instrument "${service.name}" (OpenTelemetry HTTP metrics, prom-client...) or point "url" at the Prometheus that scrapes it.`;
    else fix = `Find the label that names this service (run count by (job) (up) in Prometheus), then set "selector": { "job": "<job>" } in ${where}.`;
    out.push({
      level: 'warning',
      title: `"${service.name}" → prometheus at ${facts.url}: no request metrics for ${current ? jsonSnippet(current) : `"${service.name}"`}`,
      detail: [note, listed.length ? `Request metrics exist for ${listed.join('; ')}.` : undefined].filter(Boolean).join('\n'),
      fix,
      code: 'prometheus.noRequestMetrics',
      service: service.name,
      suggestion: selector ? { selector } : undefined,
    });
  }
  return out;
}

/** Findings for one configured backend: from the last refresh when there is one, else from the configuration alone. */
export function backendFindings(service: DetectedService, facts: BackendFacts, runtime: ServiceRuntimeFacts | undefined, surface: Surface | undefined): Finding[] {
  const title = head(service, facts);
  const base = { service: service.name };
  if (!facts.hasToken && !facts.tokenOptional) {
    const token = tokenFix(facts.kind, facts.url, surface);
    const elsewhere = facts.tokenWithheld ? ` ${facts.tokenWithheld}` : facts.tokenSavedFor?.length
      ? ` A ${BACKEND_LABEL[facts.kind]} token is saved for ${facts.tokenSavedFor.join(', ')}, and ProdLens sends a token only to the origin it was saved for, never to another host a workspace names.`
      : '';
    return [{ ...base, level: 'error', title, detail: `${BACKEND_LABEL[facts.kind]} always needs a token, and none is set for ${originText(facts.url)}, so ProdLens cannot ask it anything.${elsewhere}`, fix: token.text, code: 'backend.noToken', suggestion: token.suggestion }];
  }
  const status = runtime?.snapshot.backends.find((b) => b.kind === facts.kind && b.url === facts.url);
  if (!runtime || !status) return [{ ...base, level: 'ok', title, code: 'backend.configured' }];
  if (status.state === 'ok') {
    const speed = status.latencyMs !== undefined ? `answered in ${status.latencyMs} ms` : 'answered';
    return [
      { ...base, level: 'ok', title: `${title}: reachable and authorised, ${speed}, returned ${returned(facts.kind, runtime.snapshot)}`, code: 'backend.ok' },
      ...noteFindings(service, facts, status, runtime),
    ];
  }
  if (status.state !== 'error') return [{ ...base, level: 'info', title: `${title}: ${status.state}`, code: 'backend.pending' }];
  if (facts.hasToken && status.errorKind === 'config' && /token/i.test(status.error ?? '')) {
    // The last refresh ran before the token was set: what it said about the token is out of date.
    return [{ ...base, level: 'info', title: `${title}: not asked since the token was set`, fix: surface === 'cli' ? 'Run the doctor again.' : 'Run "ProdLens: Refresh", then the diagnosis again.', code: 'backend.pending' }];
  }
  const { fix, suggestion } = failureFix(status, facts, service, surface);
  const failure = FAILURE[status.errorKind ?? ''] ?? 'failed';
  return [{
    ...base,
    level: status.errorKind === 'rateLimited' ? 'warning' : 'error',
    title: `${title}: ${failure}${status.latencyMs !== undefined ? ` (after ${status.latencyMs} ms)` : ''}`,
    detail: status.error,
    fix,
    code: `backend.${status.errorKind ?? 'error'}`,
    suggestion,
  }];
}

/** The fix for a service with no backend: the `.prodlens.json` entry to add, and the default-URL alternative. */
export function noBackendFinding(service: DetectedService, surface: Surface | undefined): Finding {
  const backends = { prometheus: { url: 'https://prometheus.example.com', selector: { job: service.name } } };
  const entry = service.config ? { backends } : { name: service.name, folders: service.folders, backends };
  const where = service.config ? `"backends" to "${service.name}" in .prodlens.json` : `"${service.name}" to the "services" of .prodlens.json`;
  const fallback = surface === 'cli' ? 'set PRODLENS_PROMETHEUS_URL' : surface === 'editor' ? 'set "prodlens.prometheus.url"' : 'set "prodlens.prometheus.url" (CLI: PRODLENS_PROMETHEUS_URL)';
  return {
    level: 'warning',
    title: `"${service.name}" has no backend, so no production data can show for it.`,
    fix: `Add ${where} (Prometheus, Alertmanager, Sentry or PagerDuty), e.g. ${jsonSnippet(entry)}; or ${fallback} for a Prometheus shared by all services.`,
    code: 'service.noBackend',
    service: service.name,
    suggestion: { config: entry },
  };
}
