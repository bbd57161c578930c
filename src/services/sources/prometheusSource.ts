// Prometheus for one service: finds which metric convention the server has for it (cached), then asks
// three queries per refresh (rates, latency bucket rates, chart series), each broken down by route.
import { customConvention, describeConvention, detectionQuery, promString, resolveConvention, type ResolvedConvention } from '../../backends/prometheus/conventions';
import type { PrometheusMetricsConfig } from '../../core/config/prodlensConfig';
import { assembleServiceMetrics, buildServiceQueries } from '../../backends/prometheus/serviceMetrics';
import type { PrometheusClient } from '../../backends/prometheus/prometheusClient';
import type { PromQueryResult, PromVectorSample } from '../../backends/prometheus/types';
import type { BackendSource, SourceContext, SourceResult } from './types';
import { buildInfoQuery, parseBuildInfo } from '../../backends/prometheus/buildInfo';
import type { VersionEvidence } from '../../core/model';
import { isBackendError } from '../../backends/errors';

const CONVENTION_TTL_MS = 10 * 60_000;

function vector(result: PromQueryResult): PromVectorSample[] {
  return result.resultType === 'vector' ? result.result : [];
}

export class PrometheusSource implements BackendSource {
  readonly kind = 'prometheus' as const;
  private convention: { value: ResolvedConvention | undefined; at: number } | undefined;
  private buildInfo: { value: VersionEvidence[]; at: number } | undefined;

  constructor(
    readonly url: string,
    private readonly client: PrometheusClient,
    private readonly selector: Record<string, string> | undefined,
    private readonly metrics?: PrometheusMetricsConfig,
    private readonly overrides?: Record<string, string>,
  ) {}

  probe(signal: AbortSignal): Promise<void> {
    return this.client.probe(signal);
  }

  async fetch(ctx: SourceContext): Promise<SourceResult> {
    const rc = await this.resolve(ctx);
    const versions = await this.readBuildInfo(ctx);
    const buildInfo = versions.length ? { buildInfo: versions } : {};
    if (!rc) {
      const where = this.selector ? JSON.stringify(this.selector) : `job, service_name or service = "${ctx.service.name}"`;
      return { ...buildInfo, notes: [`Prometheus has no request metrics for ${where} (looked for OpenTelemetry HTTP, spanmetrics, prom-client, express-prom-bundle and django-prometheus names).`] };
    }
    const queries = applyOverrides(buildServiceQueries(rc, ctx.window), this.overrides, rc.selector, ctx.window.seconds);
    const end = Math.floor(ctx.now / 1000);
    const time = end;
    const [rates, latency, range] = await Promise.all([
      this.client.query(queries.rates, time, ctx.signal),
      queries.latency ? this.client.query(queries.latency, time, ctx.signal) : undefined,
      this.client.queryRange(queries.range, end - ctx.window.seconds, end, queries.step, ctx.signal),
    ]);
    const metrics = assembleServiceMetrics(rc, vector(rates), latency ? vector(latency) : [], range.series);
    const notes = [...rates.warnings, ...(latency?.warnings ?? []), ...range.warnings];
    const convention = describeConvention(rc, this.metrics ? 'configured' : 'detected');
    // Detection looks at the request metric only: name the histogram when it answered, so no one is told latency comes from a series that is not there.
    if (latency && vector(latency).length === 0) convention.histogram = undefined;
    return { metrics, notes, convention, ...buildInfo };
  }

  /**
   * The versions the service's build-info series report, once per CONVENTION_TTL_MS: from the detection's
   * answer, or with metrics named in `.prodlens.json` (no detection) by a query of their own. A failure of
   * that query only leaves them out (they are not the figures) until the TTL has passed.
   */
  private async readBuildInfo(ctx: SourceContext): Promise<VersionEvidence[]> {
    if (this.buildInfo && ctx.now - this.buildInfo.at < CONVENTION_TTL_MS) return this.buildInfo.value;
    let value: VersionEvidence[];
    try {
      const answer = await this.client.query(buildInfoQuery(ctx.service.name, this.selector), Math.floor(ctx.now / 1000), ctx.signal);
      value = parseBuildInfo(vector(answer));
    } catch (err) {
      if (isBackendError(err) && err.kind === 'cancelled') throw err;
      value = [];
    }
    this.buildInfo = { value, at: ctx.now };
    return value;
  }

  private async resolve(ctx: SourceContext): Promise<ResolvedConvention | undefined> {
    if (this.metrics) return customConvention(this.metrics, this.selector ?? { job: ctx.service.name });
    if (this.convention && ctx.now - this.convention.at < CONVENTION_TTL_MS) return this.convention.value;
    // The build-info series ride along with the detection: no request of their own, and the same TTL.
    const query = `${detectionQuery(ctx.service.name, this.selector)}\nor ${buildInfoQuery(ctx.service.name, this.selector)}`;
    const samples = vector(await this.client.query(query, Math.floor(ctx.now / 1000), ctx.signal));
    const value = resolveConvention(samples, ctx.service.name, this.selector);
    this.convention = { value, at: ctx.now };
    this.buildInfo = { value: parseBuildInfo(samples), at: ctx.now };
    return value;
  }
}

/**
 * `.prodlens.json` may replace any of the three queries. `$selector` becomes the service's label matchers
 * (without braces), `$window` the window (`1h`), `$step` the chart step in seconds. The replacement must
 * return the same `prodlens_*` tags as the built-in query it replaces (see the README).
 */
export function applyOverrides<T extends { rates: string; latency?: string; range: string; step: number }>(queries: T, overrides: Record<string, string> | undefined, selector: Record<string, string>, windowSeconds: number): T {
  if (!overrides) return queries;
  const matchers = Object.entries(selector).map(([k, v]) => `${k}=${promString(v)}`).join(', ');
  const window = windowSeconds % 86400 === 0 ? `${windowSeconds / 86400}d` : windowSeconds % 3600 === 0 ? `${windowSeconds / 3600}h` : `${Math.round(windowSeconds / 60)}m`;
  const fill = (q: string) => q.replace(/\$selector/g, matchers).replace(/\$window/g, window).replace(/\$step/g, String(queries.step));
  return {
    ...queries,
    rates: overrides.rates ? fill(overrides.rates) : queries.rates,
    latency: overrides.latency ? fill(overrides.latency) : queries.latency,
    range: overrides.range ? fill(overrides.range) : queries.range,
  };
}
