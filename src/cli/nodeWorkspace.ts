// Workspace access for the CLI: walks the folder with `fs`, skipping the folders the walk policy excludes
// (core/detect/walkPolicy.ts, which the editor's exclude glob is built from too).
import { promises as fs, type Dirent } from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAME } from '../core/config/prodlensConfig';
import { isDetectionFile } from '../core/detect/manifests';
import { isExcludedFolder, WALK_LIMITS } from '../core/detect/walkPolicy';
import type { WorkspaceAccess } from '../services/serviceRegistry';
import type { CodeAccess } from '../services/codeIndex';

/** What a walk keeps: each bucket a file falls into, with its cap; the walk ends when every bucket is full. */
interface Bucket {
  wanted(relativePath: string): boolean;
  max: number;
}

export class NodeWorkspaceAccess implements WorkspaceAccess, CodeAccess {
  constructor(readonly root: string) {}

  /** Every file outside the excluded folders. */
  async listFiles(signal?: AbortSignal): Promise<string[]> {
    return this.walk([{ wanted: () => true, max: WALK_LIMITS.maxFiles }], signal);
  }

  /** Manifests, `.prodlens.json` and runtime config (`.env` files are found: only hidden folders are skipped). */
  async findManifestFiles(signal?: AbortSignal): Promise<string[]> {
    const isConfig = (file: string) => file === CONFIG_FILE_NAME || file.endsWith(`/${CONFIG_FILE_NAME}`);
    return this.walk([
      { wanted: isConfig, max: WALK_LIMITS.maxConfigs },
      { wanted: (file) => !isConfig(file) && isDetectionFile(file), max: WALK_LIMITS.maxManifests },
    ], signal);
  }

  private async walk(buckets: readonly Bucket[], signal?: AbortSignal): Promise<string[]> {
    const found: string[] = [];
    const counts = buckets.map(() => 0);
    const full = () => buckets.every((b, i) => counts[i] >= b.max);
    const walk = async (dir: string, depth: number): Promise<void> => {
      if (depth > WALK_LIMITS.maxDepth || full() || signal?.aborted) return;
      let entries: Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (entry.isDirectory()) {
          if (!isExcludedFolder(entry.name, dir === this.root ? undefined : path.basename(dir))) await walk(path.join(dir, entry.name), depth + 1);
        } else if (entry.isFile()) {
          const relative = path.relative(this.root, path.join(dir, entry.name)).split(path.sep).join('/');
          const bucket = buckets.findIndex((b, i) => counts[i] < b.max && b.wanted(relative));
          if (bucket < 0) continue;
          counts[bucket]++;
          found.push(relative);
        }
      }
    };
    await walk(this.root, 0);
    return found;
  }

  async readText(relative: string): Promise<string | undefined> {
    try {
      return await fs.readFile(path.join(this.root, relative), 'utf8');
    } catch {
      return undefined;
    }
  }
}
