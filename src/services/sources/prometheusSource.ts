// Prometheus for one service: finds which metric convention the server has for it (cached), then asks
// three queries per refresh (rates, latency quantiles, chart series), each broken down by route.
import { detectionQuery, resolveConvention, type ResolvedConvention } from '../../backends/prometheus/conventions';
import { assembleServiceMetrics, buildServiceQueries } from '../../backends/prometheus/serviceMetrics';
import type { PrometheusClient } from '../../backends/prometheus/prometheusClient';
import type { PromQueryResult, PromVectorSample } from '../../backends/prometheus/types';
import type { BackendSource, SourceContext, SourceResult } from './types';

const CONVENTION_TTL_MS = 10 * 60_000;

function vector(result: PromQueryResult): PromVectorSample[] {
  return result.resultType === 'vector' ? result.result : [];
}

export class PrometheusSource implements BackendSource {
  readonly kind = 'prometheus' as const;
  private convention: { value: ResolvedConvention | undefined; at: number } | undefined;

  constructor(
    readonly url: string,
    private readonly client: PrometheusClient,
    private readonly selector: Record<string, string> | undefined,
  ) {}

  async fetch(ctx: SourceContext): Promise<SourceResult> {
    const rc = await this.resolve(ctx);
    if (!rc) {
      const where = this.selector ? JSON.stringify(this.selector) : `job, service_name or service = "${ctx.service.name}"`;
      return { notes: [`Prometheus has no request metrics for ${where} (looked for OpenTelemetry HTTP, spanmetrics, prom-client, express-prom-bundle and django-prometheus names).`] };
    }
    const queries = buildServiceQueries(rc, ctx.window);
    const end = Math.floor(ctx.now / 1000);
    const time = end;
    const [rates, latency, range] = await Promise.all([
      this.client.query(queries.rates, time, ctx.signal),
      queries.latency ? this.client.query(queries.latency, time, ctx.signal) : undefined,
      this.client.queryRange(queries.range, end - ctx.window.seconds, end, queries.step, ctx.signal),
    ]);
    const metrics = assembleServiceMetrics(rc, vector(rates), latency ? vector(latency) : [], range.series);
    const notes = [...rates.warnings, ...(latency?.warnings ?? []), ...range.warnings];
    return { metrics, notes };
  }

  private async resolve(ctx: SourceContext): Promise<ResolvedConvention | undefined> {
    if (this.convention && ctx.now - this.convention.at < CONVENTION_TTL_MS) return this.convention.value;
    const answer = await this.client.query(detectionQuery(ctx.service.name, this.selector), Math.floor(ctx.now / 1000), ctx.signal);
    const value = resolveConvention(vector(answer), ctx.service.name, this.selector);
    this.convention = { value, at: ctx.now };
    return value;
  }
}
