// Turns `.prodlens.json` files, runtime configuration (OTEL_SERVICE_NAME in .env, compose, Kubernetes and
// Dockerfiles) and build manifests into the list of services of a workspace, each with the folders it owns and
// the evidence for it, and finds the service that owns a given file. Names: `.prodlens.json` first, then the
// runtime name (production knows the service by it), then the manifest's name; the names that lose are kept.
import type { Evidence, Service } from '../model';
import { CONFIG_FILE_NAME, isRefused, parseProdlensConfig, type ConfigProblem, type ServiceConfig } from '../config/prodlensConfig';
import { readManifest, type ManifestHit } from './manifests';
import { isExcludedFolder } from './walkPolicy';
import { readRuntimeConfig, runtimeConfigKind, type RuntimeNameHit } from './runtimeConfig';

export interface WorkspaceFile {
  /** Workspace-relative, forward slashes. */
  path: string;
  text: string;
  /** Why the file could not be read in full (too large, unreadable); a `.prodlens.json` is then refused. */
  unusable?: string;
}

export type NameSource = 'config' | 'runtime' | 'manifest';

export interface DetectedService extends Service {
  /** Present when the service comes from `.prodlens.json`. */
  config?: ServiceConfig;
  /** What gave the service its name. */
  nameSource?: NameSource;
  /** Other names files of the same folder give it (a manifest's name under a runtime name), kept for the diagnosis. */
  otherNames?: { name: string; evidence: Evidence }[];
}

export interface ConfigFileReport {
  path: string;
  problems: ConfigProblem[];
  /** Services the file names (none of them is used when it is refused). */
  serviceCount: number;
  /**
   * The file has errors, so none of it is used: its services are not created and its folder gets no
   * service from manifests or runtime config either, so nothing is sent on behalf of a file not understood.
   */
  refused: boolean;
}

export interface DetectionResult {
  services: DetectedService[];
  configFiles: ConfigFileReport[];
  /** Manifests that were read but named no service, with why, for the diagnosis. */
  ignored: { path: string; reason: string }[];
}

function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

// Detection reads a file only outside the folders of the walk policy (no walker hands it one from there)
// and outside test and example folders, whose manifests describe fixtures, not services of this workspace.
const NOT_SERVICE_FOLDERS: readonly string[] = ['site-packages', 'test', 'tests', 'fixtures', 'example', 'examples'];

/** A file in a dependency, build output, hidden, test or example folder names no service of this workspace. */
export function inIgnoredFolder(path: string): boolean {
  const names = folderOf(path).split('/');
  return names.some((name, i) => isExcludedFolder(name, names[i - 1]) || NOT_SERVICE_FOLDERS.includes(name));
}

const IGNORED_FOLDER_REASON = 'inside a dependency, build output or test folder';

type ClaimOf = (folder: string) => { service?: DetectedService; refused?: string };
type ManifestHitAt = { folder: string; hit: ManifestHit };
interface RefusedFolder {
  folder: string;
  path: string;
}

/**
 * Services from config files win over everything. A configured service owns its folders and everything below
 * them: a manifest or runtime name there only adds evidence or another name, never a service of its own.
 * A refused config file's folder and everything below it get no service at all (unless a valid config deeper
 * down names some). Elsewhere a manifest adds a service, and an npm-workspaces root counts only when nothing
 * below it names a service. Runtime names then rename, confirm or add services (see `applyRuntimeNames`).
 */
export function detectServices(files: WorkspaceFile[]): DetectionResult {
  const result: DetectionResult = { services: [], configFiles: [], ignored: [] };
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  const refusedFolders = addConfiguredServices(sorted.filter((f) => f.path.split('/').pop() === CONFIG_FILE_NAME), result);
  const configured = result.services.filter((s) => s.config);
  const claimOf: ClaimOf = (folder) => configClaim(configured, refusedFolders, folder);
  const { manifestHits, runtimeHits } = readNamingFiles(sorted, claimOf, result);
  addManifestServices(manifestHits, claimOf, result);
  applyRuntimeNames(result, runtimeHits);
  return result;
}

/** Reads every `.prodlens.json` into the result (its report, and the services of the valid ones); returns the refused ones' folders. */
function addConfiguredServices(configFiles: readonly WorkspaceFile[], result: DetectionResult): RefusedFolder[] {
  const refusedFolders: RefusedFolder[] = [];
  for (const file of configFiles) {
    // A dependency's or a test fixture's config describes someone else's services.
    if (inIgnoredFolder(file.path)) {
      result.ignored.push({ path: file.path, reason: IGNORED_FOLDER_REASON });
      continue;
    }
    const { config, problems } = file.unusable
      ? { config: { services: [] }, problems: [{ path: '(root)', message: `The file ${file.unusable}.`, severity: 'error' as const, line: 1, column: 1 }] }
      : parseProdlensConfig(file.text, folderOf(file.path));
    const refused = isRefused(problems);
    result.configFiles.push({ path: file.path, problems, serviceCount: config.services.length, refused });
    if (refused) {
      refusedFolders.push({ folder: folderOf(file.path), path: file.path });
      continue;
    }
    for (const svc of config.services) {
      if (result.services.some((s) => s.name === svc.name)) continue;
      result.services.push({
        name: svc.name,
        folders: svc.folders,
        environments: svc.environments,
        evidence: [{ source: file.path, detail: `service "${svc.name}"` }],
        config: svc,
        nameSource: 'config',
      });
    }
  }
  return refusedFolders;
}

/** The names manifests and runtime config give, outside ignored and refused folders; every file left out is reported with why. */
function readNamingFiles(sorted: readonly WorkspaceFile[], claimOf: ClaimOf, result: DetectionResult): { manifestHits: ManifestHitAt[]; runtimeHits: RuntimeNameHit[] } {
  const manifestHits: ManifestHitAt[] = [];
  const runtimeHits: RuntimeNameHit[] = [];
  for (const file of sorted) {
    if (file.path.endsWith(CONFIG_FILE_NAME) || file.unusable) continue;
    if (inIgnoredFolder(file.path)) {
      result.ignored.push({ path: file.path, reason: IGNORED_FOLDER_REASON });
      continue;
    }
    const refusedBy = claimOf(folderOf(file.path)).refused;
    if (refusedBy) {
      result.ignored.push({ path: file.path, reason: `under ${refusedBy}, which is refused: no service comes from its folder until it is fixed` });
      continue;
    }
    if (runtimeConfigKind(file.path)) {
      const read = readRuntimeConfig(file.path, file.text);
      const placed = read.hits.filter((h) => h.folder === undefined || !claimOf(h.folder).refused);
      for (const hit of read.hits.filter((h) => !placed.includes(h))) result.ignored.push({ path: file.path, reason: `names service "${hit.name}" for a folder under ${claimOf(hit.folder ?? '').refused}, which is refused` });
      runtimeHits.push(...placed);
      for (const reason of read.skipped) result.ignored.push({ path: file.path, reason });
      if (read.hits.length === 0 && read.skipped.length === 0) result.ignored.push({ path: file.path, reason: 'sets no OTEL_SERVICE_NAME or service.name' });
      continue;
    }
    const hit = readManifest(file.path, file.text);
    if (!hit) {
      result.ignored.push({ path: file.path, reason: 'names no service' });
      continue;
    }
    manifestHits.push({ folder: folderOf(file.path), hit });
  }
  return { manifestHits, runtimeHits };
}

/** A service per manifest name, unless config claims the folder or the manifest only groups the packages below it. */
function addManifestServices(manifestHits: readonly ManifestHitAt[], claimOf: ClaimOf, result: DetectionResult): void {
  for (const { folder, hit } of manifestHits) {
    const claimer = claimOf(folder).service;
    if (claimer) {
      // Only a manifest at the service's own folder names the service; one deeper is a part of it (a library, a tool).
      if (claimer.name === hit.name) claimer.evidence.push(hit.evidence);
      else if (claimer.folders.includes(folder)) (claimer.otherNames ??= []).push({ name: hit.name, evidence: hit.evidence });
      else result.ignored.push({ path: hit.evidence.source, reason: `inside the folders of "${claimer.name}" (${claimer.evidence[0].source}), which defines the services there` });
      continue;
    }
    // Children count whoever names them (a configured service included): the root only groups them.
    const hasChildService = manifestHits.some((o) => o.folder !== folder && (folder === '' || o.folder.startsWith(`${folder}/`)));
    if (hit.aggregator && hasChildService) {
      result.ignored.push({ path: hit.evidence.source, reason: 'workspace root that groups packages' });
      continue;
    }
    const existing = result.services.find((s) => s.name === hit.name && !s.config);
    if (existing) {
      existing.folders.push(folder);
      existing.evidence.push(hit.evidence);
      continue;
    }
    if (result.services.some((s) => s.name === hit.name)) {
      // A configured service of that name lives elsewhere: this folder is not part of it, and a second service of the same name would be ambiguous.
      result.ignored.push({ path: hit.evidence.source, reason: `names "${hit.name}", which .prodlens.json gives to other folders: list this folder in its "folders", or name it there` });
      continue;
    }
    result.services.push({ name: hit.name, folders: [folder], environments: [], evidence: [hit.evidence], nameSource: 'manifest' });
  }
}

function depthOf(folder: string): number {
  return folder === '' ? 0 : folder.split('/').length;
}

function isWithin(folder: string, ancestor: string): boolean {
  return ancestor === '' || folder === ancestor || folder.startsWith(`${ancestor}/`);
}

/**
 * What config decides about `folder`: the configured service that owns it, or the refused config file whose
 * folder holds it, whichever is nearer (a refused file wins a tie: when in doubt, send nothing).
 */
function configClaim(configured: readonly DetectedService[], refused: readonly RefusedFolder[], folder: string): { service?: DetectedService; refused?: string } {
  const service = ownerOf(configured, folder);
  const serviceDepth = service ? Math.max(...service.folders.filter((f) => isWithin(folder, f)).map(depthOf)) : -1;
  let nearest: RefusedFolder | undefined;
  for (const r of refused) {
    if (isWithin(folder, r.folder) && (!nearest || depthOf(r.folder) > depthOf(nearest.folder))) nearest = r;
  }
  if (nearest && depthOf(nearest.folder) >= serviceDepth) return { refused: nearest.path };
  return { service };
}

function groupByFolder(hits: readonly RuntimeNameHit[]): Map<string, RuntimeNameHit[]> {
  const byFolder = new Map<string, RuntimeNameHit[]>();
  for (const hit of hits) {
    if (hit.folder === undefined) continue;
    const list = byFolder.get(hit.folder) ?? [];
    list.push(hit);
    byFolder.set(hit.folder, list);
  }
  return byFolder;
}

/**
 * Runtime names, per folder. A configured service owning the folder keeps its name (the runtime name is kept
 * aside). One runtime name for the folder of a manifest service renames it: production knows the service by
 * it. Several different runtime names for one folder (`.env.development` and `.env.production` disagree, two
 * compose services build the same folder) choose nothing. A name that matches a service elsewhere adds
 * evidence only; a folder with no service gets one, unless services live below it (a root `deploy/` folder
 * of a monorepo), where the hit is reported instead of guessed.
 */
function applyRuntimeNames(result: DetectionResult, hits: readonly RuntimeNameHit[]): void {
  const services = result.services;
  const byName = (name: string) => services.find((s) => s.name === name);
  const confirm = (hit: RuntimeNameHit): boolean => {
    const named = byName(hit.name);
    if (named) named.evidence.push(hit.evidence);
    return named !== undefined;
  };
  for (const [folder, group] of [...groupByFolder(hits)].sort(([a], [b]) => a.localeCompare(b))) {
    const names = [...new Set(group.map((h) => h.name))];
    const configured = ownerOf(services.filter((s) => s.config), folder);
    if (configured) {
      for (const hit of group) {
        if (hit.name === configured.name) configured.evidence.push(hit.evidence);
        else (configured.otherNames ??= []).push({ name: hit.name, evidence: hit.evidence });
      }
      continue;
    }
    const exact = services.find((s) => !s.config && s.folders.includes(folder));
    const where = folder || 'the workspace root';
    // A root `deploy/` folder of a monorepo deploys several services: its names cannot claim the folder.
    const below = services.some((s) => s.folders.some((f) => f !== folder && (folder === '' || f.startsWith(`${folder}/`))));
    const unplaced = (name: string) => below
      ? `names service "${name}", which no manifest names, for ${where}, which holds other services: add "${name}" to .prodlens.json with its folders`
      : `names service "${name}", but other runtime config of ${where} names ${names.filter((n) => n !== name).map((n) => `"${n}"`).join(', ')}: ProdLens picks none; name the service in .prodlens.json`;
    if (names.length > 1) {
      for (const hit of group) {
        if (confirm(hit)) continue;
        if (exact) (exact.otherNames ??= []).push({ name: hit.name, evidence: hit.evidence });
        else result.ignored.push({ path: hit.evidence.source, reason: unplaced(hit.name) });
      }
      continue;
    }
    const name = names[0];
    const evidence = group.map((h) => h.evidence);
    if (exact) {
      if (exact.name === name) exact.evidence.unshift(...evidence);
      else renameFolder(services, exact, folder, name, evidence);
      continue;
    }
    if (byName(name)) {
      group.forEach(confirm);
      continue;
    }
    if (below) {
      for (const e of evidence) result.ignored.push({ path: e.source, reason: unplaced(name) });
      continue;
    }
    services.push({ name, folders: [folder], environments: [], evidence, nameSource: 'runtime' });
  }
  for (const hit of hits.filter((h) => h.folder === undefined)) {
    if (!confirm(hit)) result.ignored.push({ path: hit.evidence.source, reason: `names service "${hit.name}" (${hit.evidence.detail}) without tying it to a folder of this workspace` });
  }
}

/** The runtime name wins for `folder`: rename its manifest service, or move the folder to the service of that name. */
function renameFolder(services: DetectedService[], from: DetectedService, folder: string, name: string, evidence: Evidence[]): void {
  const target = services.find((s) => s.name === name);
  if (target?.config) {
    target.evidence.push(...evidence);
    for (const e of evidence) (from.otherNames ??= []).push({ name, evidence: e });
    return;
  }
  const moved = from.evidence.filter((e) => folderOf(e.source) === folder);
  const lost = { name: from.name, evidence: moved[0] ?? from.evidence[0] };
  if (!target && from.folders.length === 1) {
    from.otherNames = [...(from.otherNames ?? []), lost];
    from.name = name;
    from.nameSource = 'runtime';
    from.evidence.unshift(...evidence);
    return;
  }
  from.folders = from.folders.filter((f) => f !== folder);
  from.evidence = from.evidence.filter((e) => !moved.includes(e));
  if (from.folders.length === 0) services.splice(services.indexOf(from), 1);
  if (target) {
    target.folders.push(folder);
    target.evidence.push(...evidence, ...moved);
    (target.otherNames ??= []).push(lost);
  } else {
    services.push({ name, folders: [folder], environments: [], evidence: [...evidence, ...moved], nameSource: 'runtime', otherNames: [lost] });
  }
}

/** The service whose folder is the nearest ancestor of `path` (workspace-relative). */
export function ownerOf<S extends Service>(services: readonly S[], path: string): S | undefined {
  let best: S | undefined;
  let bestDepth = -1;
  for (const service of services) {
    for (const folder of service.folders) {
      const owns = folder === '' || path === folder || path.startsWith(`${folder}/`);
      const depth = folder === '' ? 0 : folder.split('/').length;
      if (owns && depth > bestDepth) {
        best = service;
        bestDepth = depth;
      }
    }
  }
  return best;
}
