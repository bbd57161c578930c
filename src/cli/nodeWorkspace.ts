// Workspace access for the CLI: walks the folder with `fs`, skipping dependency and build folders.
import { promises as fs, type Dirent } from 'fs';
import * as path from 'path';
import { isDetectionFile } from '../core/detect/manifests';
import type { WorkspaceAccess } from '../services/serviceRegistry';
import type { CodeAccess } from '../services/codeIndex';

const SKIP_DIRS = new Set(['node_modules', '.git', 'vendor', 'dist', 'out', 'target', '.venv', 'venv', '__pycache__', '.vscode-test', '.next', 'build']);
const MAX_DEPTH = 8;
const MAX_ENTRIES = 100_000;

export class NodeWorkspaceAccess implements WorkspaceAccess, CodeAccess {
  constructor(readonly root: string) {}

  /** Every file under the root except dependency, build and hidden folders. */
  async listFiles(signal?: AbortSignal): Promise<string[]> {
    return this.walk(() => true, signal);
  }

  /** Manifests, `.prodlens.json` and runtime config (`.env` files are found: only hidden folders are skipped). */
  async findManifestFiles(signal?: AbortSignal): Promise<string[]> {
    return this.walk(isDetectionFile, signal);
  }

  private async walk(wanted: (relativePath: string) => boolean, signal?: AbortSignal): Promise<string[]> {
    const found: string[] = [];
    let seen = 0;
    const walk = async (dir: string, depth: number): Promise<void> => {
      if (depth > MAX_DEPTH || seen > MAX_ENTRIES || signal?.aborted) return;
      let entries: Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        seen++;
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walk(path.join(dir, entry.name), depth + 1);
        } else if (entry.isFile()) {
          const relative = path.relative(this.root, path.join(dir, entry.name)).split(path.sep).join('/');
          if (wanted(relative)) found.push(relative);
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
