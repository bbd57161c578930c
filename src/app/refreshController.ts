// App state (src/app/): imports vscode for window focus and its Disposable; it drives the refreshes every
// feature shows, so it belongs to no feature.
// Decides when to refresh: the active service on an interval while the window is focused, at once when
// the user switches to a service with no recent data, and when the window or environment changes.
import * as vscode from 'vscode';
import type { DetectedService } from '../core/detect/services';
import type { HealthSnapshot } from '../core/model';
import { Poller } from '../services/poller';
import type { RefreshService } from '../services/refreshService';
import type { Configuration } from '../host/configuration';
import { Settings } from '../host/ids';
import { fireAndLog } from '../core/async';
import type { Logger } from '../core/log';
import type { ActiveService } from './activeService';
import type { BackendOverview } from './backendOverview';

export class RefreshController implements vscode.Disposable {
  private readonly poller: Poller;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly refresh: RefreshService,
    private readonly active: ActiveService,
    private readonly overview: BackendOverview,
    private readonly config: Configuration,
    private readonly log: Logger,
  ) {
    this.poller = new Poller(() => this.refreshActive(false).then(() => undefined), () => config.refreshIntervalMs);
  }

  /** Starts polling; called after activation, never inside it. */
  start(): void {
    this.disposables.push(
      this.active.onDidChange((service) => fireAndLog(this.onServiceChanged(service), this.log, 'Refreshing the newly active service')),
      this.overview.onDidChange(() => fireAndLog(this.onServiceChanged(this.active.current), this.log, 'Refreshing after the backends changed')),
      vscode.window.onDidChangeWindowState((state) => this.poller.setFocused(state.focused)),
      this.config.onDidChange((e) => {
        if (!e) return;
        if (e.affectsConfiguration(`${Settings.section}.${Settings.timeWindow}`) || e.affectsConfiguration(`${Settings.section}.${Settings.environment}`)) {
          fireAndLog(this.refreshActive(true), this.log, 'Refreshing after a settings change');
        }
        if (e.affectsConfiguration(`${Settings.section}.${Settings.refreshIntervalSeconds}`)) this.poller.reschedule();
      }),
    );
    this.poller.setFocused(vscode.window.state.focused);
    this.poller.start();
  }

  /** Refreshes the active service now; `force` ignores backoff (the user asked). */
  async refreshActive(force: boolean): Promise<HealthSnapshot | undefined> {
    const service = this.active.current;
    if (!service || this.overview.forService(service.name).length === 0) return undefined;
    return this.refresh.refresh(service, { force });
  }

  private async onServiceChanged(service: DetectedService | undefined): Promise<void> {
    if (!service || this.overview.forService(service.name).length === 0) return;
    await this.refresh.restore(service.name);
    const snapshot = this.refresh.snapshot(service.name);
    const age = snapshot ? Date.now() - snapshot.fetchedAt : Infinity;
    if ((snapshot?.stale || age > this.config.refreshIntervalMs) && !this.refresh.isRefreshing(service.name)) {
      await this.refresh.refresh(service);
    }
  }

  dispose(): void {
    this.poller.stop();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
