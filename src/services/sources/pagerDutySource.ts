// PagerDuty for one service: triggered and acknowledged incidents of its PagerDuty services.
// No readiness probe: the client's only read is this incident list, usually one request already, so a
// probe would cost as much as the fetch. While PagerDuty backs off, nothing is sent until retryAt.
import type { PagerDutyClient } from '../../backends/pagerduty/pagerDutyClient';
import type { BackendSource, SourceContext, SourceResult } from './types';

export class PagerDutySource implements BackendSource {
  readonly kind = 'pagerduty' as const;

  constructor(
    readonly url: string,
    readonly client: PagerDutyClient,
    private readonly serviceIds: string[],
  ) {}

  async fetch(ctx: SourceContext): Promise<SourceResult> {
    const { items, partial } = await this.client.listIncidents({ serviceIds: this.serviceIds, statuses: ['triggered', 'acknowledged'], limit: 100 }, ctx.signal, ctx.deadline);
    return { incidents: items, partial: partial ? `${partial.charAt(0).toUpperCase()}${partial.slice(1)}.` : undefined };
  }
}
