// Tells the user, once per problem, that a `.prodlens.json` is refused: where (line:column), why, and that
// nothing is sent for its folder until it is fixed. The log and the diagnosis have the details, but neither
// is in view when the views simply stay empty.
import * as vscode from 'vscode';
import type { DetectionResult } from '../../core/detect/services';
import { Commands } from '../../host/ids';
import type { ServiceRegistry } from '../../services/serviceRegistry';
import { oneLine } from '../../core/text';
import { fireAndLog } from '../../core/async';
import type { Logger } from '../../core/log';
import { openLocation } from '../shared/openLocation';

export class ConfigRefusalNotice implements vscode.Disposable {
  private readonly shown = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(registry: ServiceRegistry, private readonly log: Logger) {
    this.subscription = registry.onDidChange((result) => this.update(result));
  }

  private update(result: DetectionResult): void {
    for (const file of result.configFiles.filter((f) => f.refused)) {
      const errors = file.problems.filter((p) => p.severity === 'error');
      const first = errors[0];
      // Keyed by the problem, so an unrelated change elsewhere does not repeat it, but a new mistake is shown.
      const key = `${file.path}\n${first.line}:${first.column}\n${first.message}`;
      if (this.shown.has(key)) continue;
      this.shown.add(key);
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
      const message = `ProdLens: ${file.path} is refused, so nothing is sent for the services of its folder. Line ${first.line}, column ${first.column}: ${oneLine(first.message, 300)}${more}`;
      fireAndLog(vscode.window.showWarningMessage(message, 'Open File', 'Show Diagnostics').then((choice) => {
        if (choice === 'Open File') return openLocation(file.path, first.line, first.column);
        if (choice === 'Show Diagnostics') return vscode.commands.executeCommand(Commands.showDiagnostics);
        return undefined;
      }), this.log, 'The refused-config notice');
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
