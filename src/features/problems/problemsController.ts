// Optional Problems-panel entries for hot production lines (setting `prodlens.problems.enabled`, off by
// default). Warnings at most: production failures are not compile errors of the open code.
import * as vscode from 'vscode';
import { formatCount } from '../../core/format';
import type { RefreshService } from '../../services/refreshService';
import type { ServiceRegistry } from '../../services/serviceRegistry';
import type { Configuration } from '../../host/configuration';
import { toUri } from '../../host/workspaceAccess';
import { oneLine } from '../../core/text';

const MAX_PER_SERVICE = 50;

export class ProblemsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('prodlens');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly registry: ServiceRegistry,
    private readonly refresh: RefreshService,
    private readonly config: Configuration,
  ) {
    this.disposables.push(refresh.onDidChange(() => this.render()), config.onDidChange(() => this.render()));
  }

  private render(): void {
    this.collection.clear();
    if (!this.config.problemsEnabled) return;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const service of this.registry.services) {
      const snapshot = this.refresh.snapshot(service.name);
      for (const group of (snapshot?.errors ?? []).filter((g) => g.location).slice(0, MAX_PER_SERVICE)) {
        const loc = group.location!;
        const line = Math.max(0, loc.line - 1);
        const diagnostic = new vscode.Diagnostic(
          new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
          oneLine(`${formatCount(group.count)}× in production (${snapshot!.window}): ${group.title}`, 300),
          group.level === 'info' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning,
        );
        diagnostic.source = 'ProdLens';
        diagnostic.code = group.id;
        byFile.set(loc.file, [...(byFile.get(loc.file) ?? []), diagnostic]);
      }
    }
    for (const [file, diagnostics] of byFile) {
      const uri = toUri(file);
      if (uri) this.collection.set(uri, diagnostics);
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
