// The agent tools' host for `prodlens mcp`: the folder's services, ONE refresh pipeline for the server's
// lifetime (cache, single flight, backoff), the locate engine over the file index, and the doctor's findings
// computed from the same cached snapshots. Tokens come from the environment, as for every CLI command.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diagnose } from '../../core/diagnostics/report';
import type { Finding } from '../../core/diagnostics/types';
import type { DetectedService, DetectionResult } from '../../core/detect/services';
import type { Logger } from '../../core/log';
import type { HealthSnapshot, Incident } from '../../core/model';
import { AgentSnapshotCache, ToolInputError, type AgentActions, type AgentToolHost } from '../../services/agentTools';
import type { TimeWindow } from '../../core/timeWindow';
import { CodeIndex } from '../../services/codeIndex';
import { serviceRuntimeFacts } from '../../services/diagnosisFacts';
import type { Pipeline } from '../../services/pipeline';
import { ServiceRegistry } from '../../services/serviceRegistry';
import { AlertmanagerSource } from '../../services/sources/alertmanagerSource';
import { PagerDutySource } from '../../services/sources/pagerDutySource';
import { locateTrace, traceMappingContext } from '../../services/traceLocator';
import { cliPipeline, workspaceVersions } from '../cliPipeline';
import { identitiesFor } from '../doctor';
import { backendFacts } from '../main';
import { cacheDir } from '../nodeSnapshotStore';
import { NodeWorkspaceAccess } from '../nodeWorkspace';

/** The editor's default poll interval: answers younger than this come from the cache. */
export const MCP_CACHE_MS = 60_000;
/** PagerDuty records who acknowledged: the email of a PagerDuty user, as the editor's setting holds it. */
export const PAGERDUTY_FROM_ENV = 'PRODLENS_PAGERDUTY_FROM';

export interface McpHostOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  log: Logger;
  allowActions: boolean;
  window: TimeWindow;
  environment: string;
}

export interface McpHost extends AgentToolHost {
  dispose(): Promise<void>;
}

interface Workspace {
  detection: DetectionResult;
  pipeline: Pipeline;
  cache: AgentSnapshotCache;
}

export function createMcpHost(options: McpHostOptions): McpHost {
  const { root, env, log } = options;
  const access = new NodeWorkspaceAccess(root);
  const code = new CodeIndex(access, log);
  const restored = new Set<string>();
  let workspace: Promise<Workspace> | undefined;
  // Detection and the pipeline wait for the first tool call: `initialize` is answered without walking the folder.
  const ready = () => (workspace ??= (async () => {
    const detection = await new ServiceRegistry(access, log).detect();
    const pipeline = cliPipeline({ services: detection.services, window: options.window, environment: options.environment, env, cacheDir: cacheDir(env, root), log, code, root, versions: workspaceVersions(root) });
    return { detection, pipeline, cache: new AgentSnapshotCache(pipeline.refresh, () => MCP_CACHE_MS) };
  })());

  const snapshot = async (service: DetectedService, refresh: boolean): Promise<HealthSnapshot> => {
    const { pipeline, cache } = await ready();
    if (!restored.has(service.name)) {
      // The last persisted answer of each backend: one failing now still shows what it last said, with its age.
      restored.add(service.name);
      await pipeline.refresh.restore(service.name);
    }
    const snap = await cache.get(service, refresh);
    // An agent gets the working copy's lines, as `prodlens status` does: it waits for git (a cached answer is immediate).
    return (await pipeline.refresh.translated(service.name)) ?? snap;
  };

  const host: McpHost = {
    services: async () => (await ready()).detection.services,
    fileExists: async (file) => {
      if ((await code.fileIndex()).has(file)) return true;
      const full = path.join(root, ...file.split('/'));
      return (await fs.stat(full).catch(() => undefined))?.isFile() ?? false;
    },
    snapshot: (service, { refresh }) => snapshot(service, refresh),
    locate: async (trace, preferService) => {
      const { detection } = await ready();
      const index = await code.fileIndex();
      return locateTrace(trace, traceMappingContext(index, { services: detection.services, goModules: code.goModules, preferService }));
    },
    diagnose: async (only, signal) => findings(await ready(), only, signal),
    now: Date.now,
    dispose: async () => {
      if (!workspace) return;
      const { pipeline } = await workspace;
      await pipeline.refresh.flushSaves();
      pipeline.refresh.dispose();
    },
  };

  /** The doctor's diagnosis over the cached snapshots: no second refresh service, no refetch inside the interval. */
  async function findings(ws: Workspace, only: DetectedService | undefined, signal: AbortSignal): Promise<Finding[]> {
    const services = only ? [only] : ws.detection.services;
    const index = services.length ? await code.fileIndex(signal) : undefined;
    const runtime: Parameters<typeof diagnose>[0]['runtime'] = {};
    for (const service of services) {
      const snap = await snapshot(service, false);
      runtime[service.name] = serviceRuntimeFacts(service, snap, index, await identitiesFor(service, snap, ws.pipeline.httpFor, env, log));
    }
    const diagnosis = diagnose({ workspaceFolders: [root], detection: { ...ws.detection, services }, backendsByService: backendFacts(services, env), surface: 'cli', runtime });
    return diagnosis.findings;
  }

  if (options.allowActions) host.actions = actionsFor(ready, env, log);
  return host;
}

function actionsFor(ready: () => Promise<Workspace>, env: NodeJS.ProcessEnv, log: Logger): AgentActions {
  const sourcesOf = async (service: DetectedService) => (await ready()).pipeline.sources.sourcesFor(service);
  const invalidate = async (service: DetectedService) => (await ready()).cache.invalidate(service.name);
  return {
    async acknowledge(service: DetectedService, incident: Incident, signal: AbortSignal) {
      const source = (await sourcesOf(service)).find((s): s is PagerDutySource => s instanceof PagerDutySource);
      if (!source) throw new ToolInputError(`${service.name} has no PagerDuty backend configured`);
      const from = env[PAGERDUTY_FROM_ENV]?.trim();
      if (!from) throw new ToolInputError(`acknowledging needs the email of your PagerDuty user: set ${PAGERDUTY_FROM_ENV}`);
      const updated = await source.client.acknowledge(incident.id, from, signal);
      await invalidate(service);
      log.info(`Acknowledged PagerDuty incident ${incident.id} as ${from}.`);
      return { status: updated.status, actor: from };
    },
    async silence(service: DetectedService, alert: Incident, { durationMinutes, comment }, signal: AbortSignal) {
      const source = (await sourcesOf(service)).find((s): s is AlertmanagerSource => s instanceof AlertmanagerSource);
      if (!source) throw new ToolInputError(`${service.name} has no Alertmanager backend configured`);
      // Exactly the alert's labels: the silence cannot mute another alert.
      const matchers = Object.entries(alert.labels ?? {}).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
      const createdBy = env[PAGERDUTY_FROM_ENV]?.trim() || os.userInfo().username || 'prodlens';
      const silenceId = await source.client.createSilence({ matchers, durationMs: durationMinutes * 60_000, createdBy, comment: `${comment} (via prodlens mcp)` }, signal);
      await invalidate(service);
      log.info(`Created Alertmanager silence ${silenceId} for alert ${alert.id}.`);
      return { silenceId, createdBy };
    },
  };
}
