// The one typed view of ProdLens settings. Handlers registered with `onDidChange` also run once at start-up
// with no event, so features have a single code path for "initialise" and "settings changed".
import * as vscode from 'vscode';
import { isTimeWindowLabel, parseTimeWindow, type TimeWindow } from '../core/timeWindow';
import type { LogLevel } from '../core/log';
import type { BackendDefaults } from '../core/config/backends';
import { Settings } from './ids';

export class Configuration implements vscode.Disposable {
  private readonly handlers = new Set<(e: vscode.ConfigurationChangeEvent | undefined) => void>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    const configChange = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(Settings.section)) return;
      for (const handler of this.handlers) handler(e);
    });
    // Granting trust changes which backends ProdLens may use: announce it like a settings change.
    const trust = vscode.workspace.onDidGrantWorkspaceTrust(() => {
      for (const handler of this.handlers) handler(undefined);
    });
    this.subscription = vscode.Disposable.from(configChange, trust);
  }

  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(Settings.section);
  }

  get serviceOverride(): string {
    return this.section.get<string>(Settings.service, '').trim();
  }

  get environment(): string {
    return this.section.get<string>(Settings.environment, 'production').trim() || 'production';
  }

  get timeWindow(): TimeWindow {
    const value = this.section.get<string>(Settings.timeWindow, '1h');
    return parseTimeWindow(isTimeWindowLabel(value) ? value : '1h') as TimeWindow;
  }

  get refreshIntervalMs(): number {
    const seconds = this.section.get<number>(Settings.refreshIntervalSeconds, 60);
    return Math.min(3600, Math.max(15, Number.isFinite(seconds) ? seconds : 60)) * 1000;
  }

  get statusBarEnabled(): boolean {
    return this.section.get<boolean>(Settings.statusBarEnabled, true);
  }

  get annotationsEnabled(): boolean {
    return this.section.get<boolean>(Settings.annotationsEnabled, true);
  }

  get codeLensEnabled(): boolean {
    return this.section.get<boolean>(Settings.codeLensEnabled, true);
  }

  get problemsEnabled(): boolean {
    return this.section.get<boolean>(Settings.problemsEnabled, false);
  }

  get notifyNewIncidents(): boolean {
    return this.section.get<boolean>(Settings.notifyNewIncidents, true);
  }

  get pagerDutyFromEmail(): string {
    return this.section.get<string>(Settings.pagerDutyFromEmail, '').trim();
  }

  get defaultPrometheusUrl(): string {
    return this.section.get<string>(Settings.prometheusUrl, '').trim();
  }

  get defaultAlertmanagerUrl(): string {
    return this.section.get<string>(Settings.alertmanagerUrl, '').trim();
  }

  /** VS Code's own proxy settings, which ProdLens honours for every backend request. */
  get proxy(): { url?: string; noProxy: string[]; strictSSL: boolean } {
    const http = vscode.workspace.getConfiguration('http');
    return {
      url: http.get<string>('proxy')?.trim() || undefined,
      noProxy: http.get<string[]>('noProxy') ?? [],
      strictSSL: http.get<boolean>('proxyStrictSSL', true),
    };
  }

  /** Default backend URLs from settings, and whether the workspace may name its own backends. */
  get backendDefaults(): BackendDefaults {
    return { prometheusUrl: this.defaultPrometheusUrl, alertmanagerUrl: this.defaultAlertmanagerUrl, workspaceTrusted: vscode.workspace.isTrusted };
  }

  get logLevel(): LogLevel {
    return this.section.get<LogLevel>(Settings.logLevel, 'info');
  }

  async update(key: string, value: unknown, target = vscode.ConfigurationTarget.Workspace): Promise<void> {
    // Without a folder open there is no workspace settings file: fall back to the user's.
    const where = vscode.workspace.workspaceFolders?.length ? target : vscode.ConfigurationTarget.Global;
    await this.section.update(key, value, where);
  }

  /** Registers `handler` and calls it once now with no event. */
  onDidChange(handler: (e: vscode.ConfigurationChangeEvent | undefined) => void): vscode.Disposable {
    this.handlers.add(handler);
    handler(undefined);
    return new vscode.Disposable(() => this.handlers.delete(handler));
  }

  dispose(): void {
    this.handlers.clear();
    this.subscription.dispose();
  }
}
