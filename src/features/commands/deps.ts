import type { ServiceRegistry } from '../../services/serviceRegistry';
import type { Configuration } from '../../host/configuration';
import type { TokenStore } from '../../host/secrets';
import type { Logger } from '../../core/log';
import type { HealthSnapshot } from '../../core/model';
import type { PathIndex } from '../../core/mapping';
import type { DetectedService } from '../../core/detect/services';
import type { BackendSource } from '../../services/sources/types';
import type { ActiveService } from '../../app/activeService';
import type { BackendOverview } from '../../app/backendOverview';

/** What command handlers may use: services and host wrappers only, never each other. */
export interface CommandDeps {
  registry: ServiceRegistry;
  active: ActiveService;
  overview: BackendOverview;
  config: Configuration;
  tokens: TokenStore;
  log: Logger;
  /** Refreshes the active service's production data now. */
  refreshActive(force: boolean): Promise<HealthSnapshot | undefined>;
  /** For the diagnosis: a service's last snapshot (without refreshing) and the workspace's file index. */
  production: { snapshot(service: string): HealthSnapshot | undefined; fileIndex(): Promise<PathIndex> };
  /** The active service's last snapshot, from memory. */
  activeSnapshot(): HealthSnapshot | undefined;
  /** The backend sources of a service (for actions such as acknowledge and silence). */
  sourcesFor(service: DetectedService): BackendSource[];
}
