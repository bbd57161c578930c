// Backend sources for the refresh service's unit tests: each answers as the test says and records its calls.
import type { ServiceMetrics } from '../../../src/backends/prometheus/serviceMetrics';
import type { BackendKind } from '../../../src/core/model';
import type { BackendSource, SourceContext, SourceResult } from '../../../src/services/sources/types';

/** Prometheus-like metrics of one route with `throughput` requests per second and no errors. */
export const metrics = (throughput: number): ServiceMetrics => ({
  convention: 'prom-client',
  current: { throughput, errorRatio: 0, latency: {} },
  previous: { latency: {} },
  routes: [{ kind: 'route', name: '/a', throughput, errorRatio: 0, latency: {} }],
  series: {},
});

/** A source without a readiness probe (as PagerDuty's): `fetch` answers with `answer`. */
export class FakeSource implements BackendSource {
  readonly fetches: SourceContext[] = [];
  answer: (ctx: SourceContext) => Promise<SourceResult> | SourceResult = () => ({});

  constructor(
    readonly kind: BackendKind,
    readonly url: string,
  ) {}

  async fetch(ctx: SourceContext): Promise<SourceResult> {
    this.fetches.push(ctx);
    return this.answer(ctx);
  }
}
