// Which services a Prometheus server has request metrics for, by the labels that name services (`job`,
// `service_name`, `service`): one instant query, asked only by the diagnosis when a service's selector
// matched nothing, so the fix can name a selector that exists.
import type { PrometheusClient } from '../backends/prometheus/prometheusClient';
import { CONVENTIONS, IDENTITY_LABELS, promString } from '../backends/prometheus/conventions';
import type { IdentityValues } from '../core/diagnostics/fixes';

const MAX_VALUES = 50;

/** The query: request metrics of every known convention, counted by identity label. */
export function identitiesQuery(): string {
  const names = [...new Set(CONVENTIONS.map((c) => c.requests))].join('|');
  return `count by (${IDENTITY_LABELS.join(', ')}) ({__name__=~${promString(names)}})`;
}

export async function requestMetricIdentities(client: Pick<PrometheusClient, 'query'>, signal?: AbortSignal): Promise<IdentityValues> {
  const answer = await client.query(identitiesQuery(), undefined, signal);
  const values: IdentityValues = {};
  if (answer.resultType !== 'vector') return values;
  for (const sample of answer.result) {
    for (const label of IDENTITY_LABELS) {
      const value = sample.metric[label];
      if (!value) continue;
      const list = (values[label] ??= []);
      if (!list.includes(value) && list.length < MAX_VALUES) list.push(value);
    }
  }
  for (const list of Object.values(values)) list.sort();
  return values;
}
