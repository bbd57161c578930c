// CodeLens above route handlers and functions that have production metrics:
// `2.1% errors · p95 340 ms · 12 req/s (1h)`. Route handlers come from the route scan (mapped in the
// snapshot); functions (span names) are matched to the document's symbols. Clicking focuses the row in Health.
import * as vscode from 'vscode';
import { formatPercent, formatRate, formatSeconds } from '../../core/format';
import type { RouteMetrics } from '../../core/model';
import type { RefreshService } from '../../services/refreshService';
import type { ServiceRegistry } from '../../services/serviceRegistry';
import type { Configuration } from '../../host/configuration';
import { Commands } from '../../host/ids';
import { toRelative } from '../../host/workspaceAccess';
import { routeKey } from '../../core/labels';

export function lensTitle(route: RouteMetrics, window: string): string {
  const parts = [
    route.errorRatio !== undefined ? `${formatPercent(route.errorRatio)} errors` : undefined,
    route.latency.p95 !== undefined ? `p95 ${formatSeconds(route.latency.p95)}` : undefined,
    route.throughput !== undefined ? formatRate(route.throughput) : undefined,
  ].filter(Boolean);
  return `$(pulse) ${parts.join(' · ')} (${window})`;
}

/** The last segment of a function or span name: `OrdersController.create` → `create`. */
function shortName(name: string): string {
  const bare = name.replace(/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+/, '');
  return bare.split(/[.#:/\\]/).filter(Boolean).pop() ?? bare;
}

function flatten(symbols: readonly vscode.DocumentSymbol[]): vscode.DocumentSymbol[] {
  return symbols.flatMap((s) => [s, ...flatten(s.children)]);
}

const FUNCTION_KINDS = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor]);

export class RouteLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly registry: ServiceRegistry,
    private readonly refresh: RefreshService,
    private readonly config: Configuration,
  ) {
    this.disposables.push(refresh.onDidChange(() => this.changed.fire()), config.onDidChange(() => this.changed.fire()));
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.config.codeLensEnabled || document.uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(document.uri)) return [];
    const file = toRelative(document.uri);
    const service = this.registry.ownerOf(file);
    const snapshot = service ? this.refresh.snapshot(service.name) : undefined;
    if (!snapshot || snapshot.routes.length === 0) return [];
    const lenses: vscode.CodeLens[] = [];
    const lens = (line: number, route: RouteMetrics) => {
      if (line < 1 || line > document.lineCount) return;
      const range = document.lineAt(line - 1).range;
      lenses.push(new vscode.CodeLens(range, {
        title: lensTitle(route, snapshot.window),
        tooltip: `${route.method ? `${route.method} ` : ''}${route.name} in production: open it in the ProdLens Health view`,
        command: Commands.revealRoute,
        arguments: [routeKey(route.kind, route.method, route.name)],
      }));
    };
    for (const route of snapshot.routes) {
      if (route.location?.file === file) lens(route.location.range?.startLine ?? route.location.line, route);
    }
    // Functions (span names, code.function) without a scanned location: match the document's symbols by name.
    const functions = snapshot.routes.filter((r) => r.kind === 'function' && !r.location);
    if (functions.length > 0 && !token.isCancellationRequested) {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri);
      const byName = new Map<string, vscode.DocumentSymbol[]>();
      for (const s of flatten(symbols ?? []).filter((s) => FUNCTION_KINDS.has(s.kind))) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
      for (const route of functions) {
        const matches = byName.get(shortName(route.name)) ?? [];
        // Two functions of the same name in one file: no guess.
        if (matches.length === 1) lens(matches[0].range.start.line + 1, route);
      }
    }
    return lenses;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
