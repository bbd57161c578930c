// Tells the user when a new incident or critical alert opens for a service of this workspace, at most one
// notification per service every five minutes. What was already open when ProdLens first saw the service
// is not news and is not announced.
import * as vscode from 'vscode';
import type { Incident } from '../../core/model';
import type { RefreshService } from '../../services/refreshService';
import type { Configuration } from '../../host/configuration';
import { Commands, Views } from '../../host/ids';
import { oneLine } from '../../core/text';
import { fireAndLog } from '../../core/async';
import type { Logger } from '../../core/log';

const RATE_LIMIT_MS = 5 * 60_000;

export function isNotable(incident: Incident): boolean {
  if (incident.source === 'pagerduty') return incident.status === 'triggered';
  return incident.status === 'firing' && incident.severity === 'critical';
}

export class IncidentNotifier implements vscode.Disposable {
  private readonly seen = new Map<string, Set<string>>();
  private readonly lastShown = new Map<string, number>();
  private readonly subscription: { dispose(): void };
  /** Messages shown, for tests (notifications cannot be read back from the workbench). */
  readonly shown: string[] = [];

  constructor(
    private readonly refresh: RefreshService,
    private readonly config: Configuration,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.subscription = refresh.onDidChange((service) => this.check(service));
  }

  private check(service: string): void {
    const snapshot = this.refresh.snapshot(service);
    if (!snapshot || snapshot.stale) return;
    const notable = snapshot.incidents.filter(isNotable);
    const known = this.seen.get(service);
    this.seen.set(service, new Set([...(known ?? []), ...notable.map((i) => `${i.source}:${i.id}`)]));
    if (!known || !this.config.notifyNewIncidents) return;
    const fresh = notable.filter((i) => !known.has(`${i.source}:${i.id}`));
    if (fresh.length === 0) return;
    const last = this.lastShown.get(service) ?? -Infinity;
    if (this.now() - last < RATE_LIMIT_MS) return;
    this.lastShown.set(service, this.now());
    const first = fresh[0];
    const more = fresh.length > 1 ? ` (+${fresh.length - 1} more)` : '';
    const message = `ProdLens: ${service}: ${oneLine(first.title, 150)}${more}`;
    this.shown.push(message);
    const actions = first.source === 'pagerduty' ? ['Show', 'Acknowledge'] : ['Show'];
    fireAndLog(vscode.window.showWarningMessage(message, ...actions).then((choice) => {
      if (choice === 'Show') return vscode.commands.executeCommand(`${Views.incidents}.focus`);
      if (choice === 'Acknowledge') return vscode.commands.executeCommand(Commands.acknowledgeIncident, first);
      return undefined;
    }), this.log, 'The incident notification');
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
