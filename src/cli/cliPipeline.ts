// What the CLI feeds the shared pipeline (`services/pipeline.ts`): tokens, default URLs and the proxy from the
// environment, snapshots in the cache folder, `tls.caFile` paths relative to the inspected folder.
import type { HttpClient } from '../backends/http/types';
import type { BackendDefaults } from '../core/config/backends';
import type { DetectedService } from '../core/detect/services';
import type { Logger } from '../core/log';
import type { TimeWindow } from '../core/timeWindow';
import type { CodeIndex } from '../services/codeIndex';
import { caFileReader, createPipeline, type Pipeline } from '../services/pipeline';
import { envTokenLookup } from './envTokens';
import { NodeSnapshotStore } from './nodeSnapshotStore';
import type { LineVersions } from '../services/refreshService';
import { createGitRunner } from '../services/git/gitRunner';
import { VersionLines } from '../services/git/versionLines';
import { VersionService } from '../services/versionService';

/** Translation of the folder's error lines to its working copy, through the repository holding it. */
export function workspaceVersions(root: string): VersionService {
  const lines = new VersionLines(createGitRunner(), root);
  return new VersionService({ folders: () => [{ prefix: '', lines }] });
}

export interface CliPipelineOptions {
  services: DetectedService[];
  window: TimeWindow;
  environment: string;
  env: NodeJS.ProcessEnv;
  cacheDir: string;
  log: Logger;
  /** The workspace's code, to put errors and routes on files and lines. */
  code?: CodeIndex;
  /** Default: one client per backend TLS setting, with the proxy from the environment. */
  http?: HttpClient;
  /** Folder that relative `tls.caFile` paths start from (default: the current directory). */
  root?: string;
  /** Translates mapped lines to the working copy's (status); doctor leaves them as production's. */
  versions?: LineVersions;
}

/** `PRODLENS_PROMETHEUS_URL` / `PRODLENS_ALERTMANAGER_URL`: the CLI's counterpart of the editor's settings. */
export function envBackendDefaults(env: NodeJS.ProcessEnv): BackendDefaults {
  return { prometheusUrl: env.PRODLENS_PROMETHEUS_URL, alertmanagerUrl: env.PRODLENS_ALERTMANAGER_URL };
}

export function envProxy(env: NodeJS.ProcessEnv): { url?: string; noProxy: string[] } {
  return {
    url: env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || undefined,
    noProxy: (env.NO_PROXY || env.no_proxy || '').split(',').map((s) => s.trim()).filter(Boolean),
  };
}

export function cliPipeline(options: CliPipelineOptions): Pipeline {
  const { env } = options;
  return createPipeline({
    proxy: envProxy(env),
    readCaFile: caFileReader(options.root ?? process.cwd()),
    http: options.http,
    tokens: envTokenLookup(env),
    backendDefaults: () => envBackendDefaults(env),
    settings: () => ({ window: options.window, environment: options.environment }),
    store: new NodeSnapshotStore(options.cacheDir),
    log: options.log,
    code: options.code,
    services: () => options.services,
    versions: options.versions,
  });
}
