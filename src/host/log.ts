// Adapts the pure Logger to a VS Code LogOutputChannel. The channel is created on first use, so activation
// does not pay for it when nothing is logged.
import * as vscode from 'vscode';
import { createLogger, type Logger, type LogLevel } from '../core/log';

export class OutputLog implements vscode.Disposable {
  private channel: vscode.LogOutputChannel | undefined;
  readonly logger: Logger;

  constructor(level: () => LogLevel) {
    this.logger = createLogger((lvl, line) => {
      const channel = this.ensure();
      if (lvl === 'error') channel.error(line);
      else if (lvl === 'warn') channel.warn(line);
      else if (lvl === 'info') channel.info(line);
      else channel.debug(line);
    }, level);
  }

  show(): void {
    this.ensure().show(true);
  }

  private ensure(): vscode.LogOutputChannel {
    this.channel ??= vscode.window.createOutputChannel('ProdLens', { log: true });
    return this.channel;
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
