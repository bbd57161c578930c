// The part every production tree shares: it redraws when the active service or its snapshot changes.
import * as vscode from 'vscode';
import type { ActiveService } from '../../app/activeService';
import type { SnapshotSource } from './snapshotSource';

export abstract class SnapshotTree<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    protected readonly active: ActiveService,
    protected readonly source: SnapshotSource,
  ) {
    this.disposables.push(active.onDidChange(() => this.changed.fire()), source.onDidChange(() => this.changed.fire()));
  }

  abstract getChildren(element?: T): T[];
  abstract getTreeItem(element: T): vscode.TreeItem;

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
