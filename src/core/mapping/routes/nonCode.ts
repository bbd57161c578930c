// Route rows that are not code: what instrumentation reports for requests no route matched, or for the whole
// service. They have no handler to find, so the right answer is what they are, not a fix (widening "folders"
// cannot put `(no route)` on a line). Asked only of rows no route definition matched: a service that does
// define `/` gets its handler.

/** Labels instrumentation libraries give a request no route matched (measured in shared/notes/backends.md). */
const UNMATCHED_LABELS = new Set(['unmatched', 'unknown', 'not_found', 'notfound', '<unnamed view>', 'none', 'null', 'undefined', '']);

/** A path segment that is a value, not a template: a number, a UUID, a long hex or base64-like id. */
const VALUE_SEGMENT = /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,})$/i;

/**
 * Why a route row is not code, or undefined when it may be (an unmatched template keeps the usual advice).
 * `name` is the row's route label value as the metrics gave it (after any `METHOD ` prefix).
 */
export function nonCodeRoute(name: string): string | undefined {
  const route = name.replace(/^[A-Z]+ (?=\/)/, '').trim();
  if (route === '(no route)') {
    return 'requests that carry no route label: no route matched them (unmatched paths, failures before routing); what is left out, such as scrapes, is listed with the Prometheus metric convention';
  }
  if (route === '(all)') return 'the whole service: its request metrics carry no route label, so there is one row and no handler';
  if (UNMATCHED_LABELS.has(route.toLowerCase())) return `requests no route matched, which the instrumentation labels "${route}"`;
  if (route === '/' || route === '*' || route === '/*') {
    return `the root path "${route}": no route definition in this workspace declares it, so these are requests the instrumentation reports at the root (unmatched paths, static files or a catch-all)`;
  }
  if (route.startsWith('/') && route.split('/').some((segment) => VALUE_SEGMENT.test(segment))) {
    return 'a raw request path (it holds an id, not a template) that no route definition here matches: the instrumentation reports requests no route matched by their path';
  }
  return undefined;
}
