// Agent tools answer from the refresh service's cache: a call inside the poll interval sends no backend
// request, an explicit `refresh` fetches (still under the refresh service's backoff and single flight).
import type { DetectedService } from '../../core/detect/services';
import type { HealthSnapshot } from '../../core/model';
import type { RefreshService } from '../refreshService';

export class AgentSnapshotCache {
  /** Services refreshed by this process: a snapshot restored from disk is never served as current. */
  private readonly fetched = new Set<string>();

  constructor(
    private readonly refresh: Pick<RefreshService, 'snapshot' | 'refresh'>,
    private readonly intervalMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(service: DetectedService, force: boolean): Promise<HealthSnapshot> {
    const cached = this.refresh.snapshot(service.name);
    if (!force && cached && this.fetched.has(service.name) && this.now() - cached.fetchedAt < this.intervalMs()) return cached;
    const snapshot = await this.refresh.refresh(service);
    this.fetched.add(service.name);
    return snapshot;
  }

  /** After an action changed a backend: the next call fetches what it now says. */
  invalidate(service: string): void {
    this.fetched.delete(service);
  }
}
