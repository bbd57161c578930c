import * as vscode from 'vscode';
import { Container, type ProdlensTestApi } from './container';

let container: Container | undefined;

export function activate(context: vscode.ExtensionContext): ProdlensTestApi | undefined {
  const started = performance.now();
  container = new Container(context);
  context.subscriptions.push(container);
  // Activation returns before any I/O: detection starts on the next tick.
  setTimeout(() => container?.start(), 0);
  container.activationMs = performance.now() - started;
  return context.extensionMode === vscode.ExtensionMode.Production ? undefined : container.testApi();
}

export function deactivate(): void {
  container = undefined;
}
