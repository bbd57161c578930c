// App state (src/app/): imports vscode for its event emitter and context key; features read it, none owns it.
// The backends each service is configured with and whether a token is stored for each, kept in memory so
// the status bar and views render without awaiting SecretStorage.
import * as vscode from 'vscode';
import { backendsIgnoredUntilTrusted, resolveBackends, TOKEN_OPTIONAL } from '../core/config/backends';
import type { BackendFacts } from '../core/diagnostics/report';
import type { ServiceRegistry } from '../services/serviceRegistry';
import type { Configuration } from '../host/configuration';
import { originOf, type TokenStore } from '../host/secrets';
import { ContextKeys } from '../host/ids';
import { fireAndLog } from '../core/async';
import type { Logger } from '../core/log';

export class BackendOverview implements vscode.Disposable {
  private byService: Record<string, BackendFacts[]> = {};
  private untrusted: Record<string, number> = {};
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private generation = 0;

  constructor(
    private readonly registry: ServiceRegistry,
    private readonly config: Configuration,
    private readonly tokens: TokenStore,
    private readonly log: Logger,
  ) {
    this.disposables.push(
      registry.onDidChange(() => this.recomputeLater()),
      tokens.onDidChange(() => this.recomputeLater()),
    );
    // Registered last so the start-up call sees the other listeners in place; it does no I/O until a service exists.
    this.disposables.push(config.onDidChange(() => this.recomputeLater()));
  }

  forService(name: string): BackendFacts[] {
    return this.byService[name] ?? [];
  }

  /** How many of a service's `.prodlens.json` backends are ignored because the workspace is not trusted. */
  ignoredUntilTrusted(name: string): number {
    return this.untrusted[name] ?? 0;
  }

  get all(): Record<string, BackendFacts[]> {
    return this.byService;
  }

  async recompute(): Promise<void> {
    if (!this.registry.result) return; // nothing detected yet: nothing to look up
    const generation = ++this.generation;
    const defaults = this.config.backendDefaults;
    const next: Record<string, BackendFacts[]> = {};
    const untrusted: Record<string, number> = {};
    for (const service of this.registry.services) {
      untrusted[service.name] = backendsIgnoredUntilTrusted(service, defaults).length;
      next[service.name] = await Promise.all(resolveBackends(service, defaults).map(async (b) => {
        const hasToken = await this.tokens.has(b.kind, b.url);
        const origin = originOf(b.url);
        const elsewhere = hasToken ? [] : this.tokens.originsWithToken(b.kind).filter((o) => o !== origin);
        return { ...b, hasToken, tokenOptional: TOKEN_OPTIONAL[b.kind], tokenSavedFor: elsewhere.length ? elsewhere : undefined };
      }));
    }
    if (generation !== this.generation) return; // a newer computation superseded this one
    this.byService = next;
    this.untrusted = untrusted;
    const hasBackend = Object.values(next).some((list) => list.length > 0);
    await vscode.commands.executeCommand('setContext', ContextKeys.hasBackend, hasBackend);
    this.changed.fire();
  }

  private recomputeLater(): void {
    fireAndLog(this.recompute(), this.log, 'Looking up the backends and tokens');
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
