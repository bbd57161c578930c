// The refresh pipeline, wired once for the extension and the CLI: HTTP clients per TLS setting, the backend
// sources of each service, and the refresh service that fetches them, keeps the last good answers (its one
// stale-data path, seeded from the persisted snapshot) and puts the snapshot on the code. The callers differ
// only in what they pass in: where tokens, settings and snapshots live, and which proxy applies.
import { readFileSync } from 'fs';
import * as path from 'path';
import type { HttpClient } from '../backends/http/types';
import type { BackendDefaults } from '../core/config/backends';
import type { DetectedService } from '../core/detect/services';
import type { Logger } from '../core/log';
import { VERSION } from '../core/version';
import type { CodeIndex } from './codeIndex';
import { httpClientsFor, type HttpFor } from './httpClients';
import { RefreshService, type LineVersions, type RefreshSettings, type SnapshotStore } from './refreshService';
import { codeMapperFor } from './signalMapper';
import { SourceFactory, type TokenLookup } from './sourceFactory';

export interface PipelineOptions {
  proxy?: { url?: string; noProxy?: readonly string[] };
  /** PEM text of a backend's `tls.caFile`, as written in `.prodlens.json` (see `caFileReader`). */
  readCaFile: (file: string) => string;
  /** One client for every backend instead of one per TLS setting (tests that count or script requests). */
  http?: HttpClient;
  tokens: TokenLookup;
  backendDefaults: () => BackendDefaults;
  settings: () => RefreshSettings;
  store?: SnapshotStore;
  log: Logger;
  /** The workspace's code, to put errors and routes on files and lines; without it snapshots stay unmapped. */
  code?: CodeIndex;
  /** Every service of the workspace: a service's frames may follow another's path mappings. */
  services: () => readonly DetectedService[];
  /** Translates mapped lines to the working copy (local git); without it lines stay production's. */
  versions?: LineVersions;
}

export interface Pipeline {
  /** The client for a backend's TLS setting, for requests outside a refresh (the doctor's extra queries). */
  httpFor: HttpFor;
  sources: SourceFactory;
  refresh: RefreshService;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { log } = options;
  const httpFor: HttpFor = options.http
    ? (() => options.http as HttpClient)
    : httpClientsFor({ version: VERSION, proxy: options.proxy?.url, noProxy: options.proxy?.noProxy, log }, options.readCaFile);
  const sources = new SourceFactory(httpFor, options.tokens, options.backendDefaults);
  const refresh = new RefreshService({
    sourcesFor: (service) => sources.sourcesFor(service),
    settings: options.settings,
    store: options.store,
    log,
    mapToCode: options.code ? codeMapperFor(options.code, options.services) : undefined,
    versions: options.versions,
  });
  return { httpFor, sources, refresh };
}

/**
 * Reads `tls.caFile` from disk; a relative path starts at `root` (the workspace folder whose `.prodlens.json`
 * names it). Read when a backend first needs it; a file that cannot be read throws, and that backend reports
 * a config error.
 */
export function caFileReader(root: string): (file: string) => string {
  return (file) => readFileSync(path.resolve(root, file), 'utf8');
}
