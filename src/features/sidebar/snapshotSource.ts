// Adapts the refresh service to what the trees need: the active service's incidents and errors from memory.
import * as vscode from 'vscode';
import type { ErrorGroup, Incident } from '../../core/model';
import type { RefreshService } from '../../services/refreshService';

/** Where the trees read production data from. */
export interface SnapshotSource {
  readonly onDidChange: vscode.Event<void>;
  incidents(service: string): readonly Incident[];
  errors(service: string): readonly ErrorGroup[];
}

export class RefreshSnapshotSource implements SnapshotSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly refresh: RefreshService) {
    this.subscription = refresh.onDidChange(() => this.changed.fire());
  }

  incidents(service: string): readonly Incident[] {
    return this.refresh.snapshot(service)?.incidents ?? [];
  }

  errors(service: string): readonly ErrorGroup[] {
    return this.refresh.snapshot(service)?.errors ?? [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
