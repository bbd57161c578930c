// The last good snapshot per service, in the extension's global storage, so a restart shows data at once
// (marked stale). Only production data is stored: never tokens.
import * as vscode from 'vscode';
import type { HealthSnapshot } from '../core/model';
import type { SnapshotStore } from '../services/refreshService';

const MAX_BYTES = 5_000_000;

export class VsCodeSnapshotStore implements SnapshotStore {
  constructor(private readonly storage: vscode.Uri) {}

  private file(service: string): vscode.Uri {
    return vscode.Uri.joinPath(this.storage, 'snapshots', `${encodeURIComponent(service)}.json`);
  }

  async load(service: string): Promise<HealthSnapshot | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(this.file(service));
    } catch {
      return undefined;
    }
    if (bytes.byteLength > MAX_BYTES) return undefined;
    try {
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as HealthSnapshot;
      return parsed && parsed.service === service && typeof parsed.fetchedAt === 'number' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  async save(snapshot: HealthSnapshot): Promise<void> {
    const text = JSON.stringify(snapshot);
    if (text.length > MAX_BYTES) return;
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.storage, 'snapshots'));
    await vscode.workspace.fs.writeFile(this.file(snapshot.service), new TextEncoder().encode(text));
  }
}
