// Alertmanager for one service: its active alerts. Without configured matchers, alerts whose `service`,
// `service_name` or `job` label names the service are kept (one request, filtered here, since
// Alertmanager's filters are ANDed and cannot express that OR).
import type { AlertmanagerClient } from '../../backends/alertmanager/alertmanagerClient';
import { alertToIncident } from '../../backends/alertmanager/parse';
import type { AmMatcher } from '../../backends/alertmanager/types';
import type { BackendSource, SourceContext, SourceResult } from './types';

const IDENTITY_LABELS = ['service', 'service_name', 'job', 'app'];

export class AlertmanagerSource implements BackendSource {
  readonly kind = 'alertmanager' as const;

  constructor(
    readonly url: string,
    readonly client: AlertmanagerClient,
    private readonly matchers: Record<string, string> | undefined,
  ) {}

  probe(signal: AbortSignal): Promise<void> {
    return this.client.probe(signal);
  }

  async fetch(ctx: SourceContext): Promise<SourceResult> {
    const configured: AmMatcher[] = Object.entries(this.matchers ?? {}).map(([name, value]) => ({ name, value }));
    const alerts = await this.client.rawAlerts({ matchers: configured, active: true, silenced: true, inhibited: true }, ctx.signal);
    const mine = configured.length > 0 ? alerts : alerts.filter((a) => IDENTITY_LABELS.some((l) => a.labels[l] === ctx.service.name));
    return { incidents: mine.map(alertToIncident) };
  }
}
