// The status bar health indicator for the service of the active editor. Hidden when the workspace has no
// service; follows the active editor across a monorepo. Renders only from memory.
import * as vscode from 'vscode';
import type { DetectedService } from '../../core/detect/services';
import type { Configuration } from '../../host/configuration';
import { FocusContainerCommand } from '../../host/ids';
import type { ActiveService } from '../activeService';
import type { BackendOverview } from '../backendOverview';

/** What the status item shows, readable by tests (no API reads another extension's status item). */
export interface StatusBarState {
  visible: boolean;
  text: string;
  tooltip: string;
  backgroundColor: string | undefined;
}

export class StatusBarController implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private visible = false;

  constructor(
    private readonly active: ActiveService,
    private readonly backends: BackendOverview,
    private readonly config: Configuration,
  ) {
    this.item = vscode.window.createStatusBarItem('prodlens.health', vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'ProdLens Health';
    this.item.command = FocusContainerCommand;
    this.disposables.push(
      this.item,
      active.onDidChange(() => this.render()),
      backends.onDidChange(() => this.render()),
      config.onDidChange(() => this.render()),
    );
  }

  get state(): StatusBarState {
    const tooltip = this.item.tooltip;
    return {
      visible: this.visible,
      text: this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : tooltip?.value ?? '',
      backgroundColor: this.item.backgroundColor instanceof vscode.ThemeColor ? this.item.backgroundColor.id : undefined,
    };
  }

  private render(): void {
    const service = this.active.current;
    if (!service || !this.config.statusBarEnabled) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const backends = this.backends.forService(service.name);
    const label = backends.length === 0 ? 'no backend' : `${this.config.timeWindow.label} · waiting for data`;
    this.item.text = `$(pulse) ${service.name} · ${label}`;
    this.item.tooltip = this.tooltip(service, backends.length);
    this.item.backgroundColor = undefined;
    this.item.accessibilityInformation = { label: `ProdLens: ${service.name}, ${label}`, role: 'button' };
    this.item.show();
    this.visible = true;
  }

  private tooltip(service: DetectedService, backendCount: number): vscode.MarkdownString {
    // Service names come from repository files: keep the markdown untrusted and escape them.
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown('**ProdLens** · ').appendText(service.name).appendMarkdown('\n\n');
    md.appendText(`Environment: ${this.config.environment} · window: ${this.config.timeWindow.label}\n`);
    md.appendMarkdown('\n\n');
    md.appendText(backendCount === 0
      ? 'No backend is connected for this service. Click to open the ProdLens sidebar.'
      : `${backendCount} backend(s) configured. Click to open the ProdLens sidebar.`);
    return md;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
