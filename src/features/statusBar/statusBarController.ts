// The status bar health indicator for the service of the active editor. Hidden when the workspace has no
// service; follows the active editor across a monorepo. Renders only from memory (never awaits the network).
import * as vscode from 'vscode';
import { summarise, type SummaryLevel } from '../../core/statusSummary';
import type { RefreshService } from '../../services/refreshService';
import type { Configuration } from '../../host/configuration';
import { FocusContainerCommand } from '../../host/ids';
import type { ActiveService } from '../../app/activeService';
import type { BackendOverview } from '../../app/backendOverview';

/** What the status item shows, readable by tests (no API reads another extension's status item). */
export interface StatusBarState {
  visible: boolean;
  text: string;
  tooltip: string;
  level: SummaryLevel | undefined;
  backgroundColor: string | undefined;
}

const BACKGROUND: Partial<Record<SummaryLevel, string>> = {
  critical: 'statusBarItem.errorBackground',
  degraded: 'statusBarItem.warningBackground',
};

/** Re-render at least this often so "5 min old" stays true without any event. */
const AGE_TICK_MS = 30_000;

export class StatusBarController implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private visible = false;
  private level: SummaryLevel | undefined;
  private readonly ageTimer: ReturnType<typeof setInterval>;

  constructor(
    private readonly active: ActiveService,
    private readonly backends: BackendOverview,
    private readonly refresh: RefreshService,
    private readonly config: Configuration,
  ) {
    this.item = vscode.window.createStatusBarItem('prodlens.health', vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'ProdLens Health';
    this.item.command = FocusContainerCommand;
    this.ageTimer = setInterval(() => this.visible && this.render(), AGE_TICK_MS);
    this.disposables.push(
      this.item,
      active.onDidChange(() => this.render()),
      backends.onDidChange(() => this.render()),
      refresh.onDidChange((service) => service === this.active.current?.name && this.render()),
      config.onDidChange(() => this.render()),
    );
  }

  get state(): StatusBarState {
    const tooltip = this.item.tooltip;
    return {
      visible: this.visible,
      text: this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : tooltip?.value ?? '',
      level: this.level,
      backgroundColor: this.item.backgroundColor instanceof vscode.ThemeColor ? this.item.backgroundColor.id : undefined,
    };
  }

  private render(): void {
    const service = this.active.current;
    if (!service || !this.config.statusBarEnabled) {
      this.item.hide();
      this.visible = false;
      this.level = undefined;
      return;
    }
    const summary = summarise({
      service: service.name,
      snapshot: this.refresh.snapshot(service.name),
      loading: this.refresh.isRefreshing(service.name),
      hasBackends: this.backends.forService(service.name).length > 0,
      now: Date.now(),
      ignoredUntilTrusted: this.backends.ignoredUntilTrusted(service.name),
    });
    this.level = summary.level;
    this.item.text = `$(${summary.icon}) ${summary.text}`;
    const background = BACKGROUND[summary.level];
    this.item.backgroundColor = background ? new vscode.ThemeColor(background) : undefined;
    // Service names and backend messages come from outside: untrusted markdown, text escaped.
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown('**ProdLens** · ').appendText(service.name);
    for (const line of summary.details) md.appendMarkdown('\n\n').appendText(line);
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: `ProdLens: ${summary.text}`, role: 'button' };
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    clearInterval(this.ageTimer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
