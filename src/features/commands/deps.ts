import type { ServiceRegistry } from '../../services/serviceRegistry';
import type { Configuration } from '../../host/configuration';
import type { TokenStore } from '../../host/secrets';
import type { Logger } from '../../core/log';
import type { HealthSnapshot } from '../../core/model';
import type { ActiveService } from '../activeService';
import type { BackendOverview } from '../backendOverview';

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
}
