// The CLI's cache of last good snapshots: `$XDG_CACHE_HOME/prodlens` (or ~/.cache/prodlens), one folder per
// workspace root, so `prodlens status` can show the last data (marked stale) when a backend is down.
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { HealthSnapshot } from '../core/model';
import type { SnapshotStore } from '../services/refreshService';

export function cacheDir(env: NodeJS.ProcessEnv, root: string): string {
  const base = env.PRODLENS_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'prodlens');
  return path.join(base, createHash('sha256').update(root).digest('hex').slice(0, 16));
}

export class NodeSnapshotStore implements SnapshotStore {
  constructor(private readonly dir: string) {}

  private file(service: string): string {
    return path.join(this.dir, `${encodeURIComponent(service)}.json`);
  }

  async load(service: string): Promise<HealthSnapshot | undefined> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.file(service), 'utf8')) as HealthSnapshot;
      return parsed?.service === service ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async save(snapshot: HealthSnapshot): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await fs.writeFile(this.file(snapshot.service), JSON.stringify(snapshot), { mode: 0o600 });
  }
}
