// Turns `.prodlens.json` files and build manifests into the list of services of a workspace, each with the
// folders it owns and the evidence for it, and finds the service that owns a given file.
import type { Service } from '../model';
import { CONFIG_FILE_NAME, parseProdlensConfig, type ConfigProblem, type ServiceConfig } from '../config/prodlensConfig';
import { readManifest } from './manifests';

export interface WorkspaceFile {
  /** Workspace-relative, forward slashes. */
  path: string;
  text: string;
}

export interface DetectedService extends Service {
  /** Present when the service comes from `.prodlens.json`. */
  config?: ServiceConfig;
}

export interface ConfigFileReport {
  path: string;
  problems: ConfigProblem[];
  serviceCount: number;
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

const IGNORED_FOLDERS = /(^|\/)(node_modules|vendor|\.git|dist|build|out|target|\.venv|venv|site-packages|__pycache__|test|tests|fixtures|examples?)(\/|$)/;

/**
 * Services from config files win over manifests; a manifest only adds a service for a folder that no
 * configured service claims. An npm-workspaces root counts only when nothing below it names a service.
 */
export function detectServices(files: WorkspaceFile[]): DetectionResult {
  const result: DetectionResult = { services: [], configFiles: [], ignored: [] };
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));

  for (const file of sorted.filter((f) => f.path.split('/').pop() === CONFIG_FILE_NAME)) {
    const { config, problems } = parseProdlensConfig(file.text, folderOf(file.path));
    result.configFiles.push({ path: file.path, problems, serviceCount: config.services.length });
    for (const svc of config.services) {
      if (result.services.some((s) => s.name === svc.name)) continue;
      result.services.push({
        name: svc.name,
        folders: svc.folders,
        environments: svc.environments,
        evidence: [{ source: file.path, detail: `service "${svc.name}"` }],
        config: svc,
      });
    }
  }

  const manifestHits: { folder: string; hit: NonNullable<ReturnType<typeof readManifest>> }[] = [];
  for (const file of sorted) {
    if (file.path.endsWith(CONFIG_FILE_NAME)) continue;
    if (IGNORED_FOLDERS.test(folderOf(file.path))) {
      result.ignored.push({ path: file.path, reason: 'inside a dependency, build output or test folder' });
      continue;
    }
    const hit = readManifest(file.path, file.text);
    if (!hit) {
      result.ignored.push({ path: file.path, reason: 'names no service' });
      continue;
    }
    manifestHits.push({ folder: folderOf(file.path), hit });
  }

  const claimed = (folder: string) => result.services.some((s) => s.folders.some((f) => f === folder || (f !== '' && folder.startsWith(`${f}/`))));
  for (const { folder, hit } of manifestHits) {
    const hasChildService = manifestHits.some((o) => o.folder !== folder && (folder === '' || o.folder.startsWith(`${folder}/`)));
    if (hit.aggregator && hasChildService) {
      result.ignored.push({ path: hit.evidence.source, reason: 'workspace root that groups packages' });
      continue;
    }
    if (claimed(folder)) {
      const owner = result.services.find((s) => s.name === hit.name);
      owner?.evidence.push(hit.evidence);
      continue;
    }
    const existing = result.services.find((s) => s.name === hit.name && !s.config);
    if (existing) {
      existing.folders.push(folder);
      existing.evidence.push(hit.evidence);
      continue;
    }
    result.services.push({ name: hit.name, folders: [folder], environments: [], evidence: [hit.evidence] });
  }
  return result;
}

/** The service whose folder is the nearest ancestor of `path` (workspace-relative). */
export function ownerOf(services: readonly Service[], path: string): Service | undefined {
  let best: Service | undefined;
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
