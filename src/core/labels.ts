// Names the whole extension and the CLI share, defined once: what each backend is called on screen, and the
// key a route row is known by (the Health view's rows and the CodeLens that reveals one must agree on it).
import type { BackendKind } from './model';

export const BACKEND_LABEL: Readonly<Record<BackendKind, string>> = { prometheus: 'Prometheus', alertmanager: 'Alertmanager', sentry: 'Sentry', pagerduty: 'PagerDuty' };

/** The display name of a backend kind; a kind this version does not know (a snapshot from another version) is shown as it is. */
export function backendLabel(kind: string): string {
  return Object.prototype.hasOwnProperty.call(BACKEND_LABEL, kind) ? BACKEND_LABEL[kind as BackendKind] : kind;
}

export function routeKey(kind: string, method: string | undefined, name: string): string {
  return `${kind}:${method ?? ''}:${name}`;
}
