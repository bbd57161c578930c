// `prodlens doctor`: the same refresh as `status`, then the diagnosis of everything it found: config, detection
// and its evidence, each backend's answer, mapping statistics, and for every miss a fix derived from the
// workspace (path mappings) or from the server (a Prometheus selector that exists).
import { PrometheusClient } from '../backends/prometheus/prometheusClient';
import type { DetectedService, DetectionResult } from '../core/detect/services';
import type { IdentityValues } from '../core/diagnostics/fixes';
import { envTokenLookup } from './envTokens';
import { diagnose, type BackendFacts, type Diagnosis, type ServiceRuntimeFacts } from '../core/diagnostics/report';
import type { Logger } from '../core/log';
import type { HealthSnapshot } from '../core/model';
import type { TimeWindow } from '../core/timeWindow';
import { CodeIndex, type CodeAccess } from '../services/codeIndex';
import { requestMetricIdentities } from '../services/prometheusIdentities';
import { serviceRuntimeFacts } from '../services/diagnosisFacts';
import { authorizationFor } from '../services/sourceFactory';
import type { HttpFor } from '../services/httpClients';
import { cliPipeline } from './cliPipeline';
import { collectStatus } from './status';

const IDENTITY_LOOKUP_TIMEOUT_MS = 10_000;

export interface DoctorOptions {
  root: string;
  detection: DetectionResult;
  /** The services to refresh and diagnose (all, or the one of `--service`). */
  services: DetectedService[];
  backendsByService: Record<string, BackendFacts[]>;
  window: TimeWindow;
  environment: string;
  env: NodeJS.ProcessEnv;
  cacheDir: string;
  log: Logger;
  access: CodeAccess;
}

export interface DoctorResult {
  diagnosis: Diagnosis;
  snapshots: HealthSnapshot[];
  runtime: Record<string, ServiceRuntimeFacts>;
}

/** When the service's selector matched no request metrics: which services the server does have them for. */
export async function identitiesFor(service: DetectedService, snapshot: HealthSnapshot, httpFor: HttpFor, env: NodeJS.ProcessEnv, log: Logger): Promise<IdentityValues | undefined> {
  const prometheus = snapshot.backends.find((b) => b.kind === 'prometheus' && b.state === 'ok' && b.notes?.some((n) => /no request metrics/.test(n)));
  const url = prometheus?.url;
  if (!url) return undefined;
  try {
    const client = new PrometheusClient({
      baseUrl: url,
      http: httpFor(service.config?.backends.prometheus?.tls),
      headers: service.config?.backends.prometheus?.headers,
      getAuthHeader: async () => authorizationFor(await envTokenLookup(env)('prometheus', url)),
    });
    return await requestMetricIdentities(client, AbortSignal.timeout(IDENTITY_LOOKUP_TIMEOUT_MS));
  } catch (err) {
    log.warn(`Could not list the services with request metrics on ${url}:`, err);
    return undefined;
  }
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorResult> {
  const { services, env, log } = options;
  const code = new CodeIndex(options.access, log);
  const statusOptions = { services, window: options.window, environment: options.environment, env, cacheDir: options.cacheDir, log, code, root: options.root };
  // The refresh's own clients serve the extra Prometheus query: the backend's TLS settings (a private CA) apply.
  const pipeline = cliPipeline(statusOptions);
  const snapshots = services.length === 0 ? [] : await collectStatus(statusOptions, pipeline);
  const index = services.length === 0 ? undefined : await code.fileIndex();
  const runtime: Record<string, ServiceRuntimeFacts> = {};
  await Promise.all(services.map(async (service, i) => {
    const identities = await identitiesFor(service, snapshots[i], pipeline.httpFor, env, log);
    runtime[service.name] = serviceRuntimeFacts(service, snapshots[i], index, identities);
  }));
  const diagnosis = diagnose({
    workspaceFolders: [options.root],
    detection: { ...options.detection, services },
    backendsByService: options.backendsByService,
    surface: 'cli',
    runtime,
  });
  return { diagnosis, snapshots, runtime };
}
