import * as vscode from 'vscode';
import { TIME_WINDOWS } from '../../core/timeWindow';
import { Commands, Settings } from '../../host/ids';
import type { CommandDeps } from './deps';

const DESCRIPTIONS: Record<string, string> = { '15m': 'last 15 minutes', '1h': 'last hour', '6h': 'last 6 hours', '24h': 'last 24 hours', '7d': 'last 7 days' };

export function registerSelectTimeWindow(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.selectTimeWindow, async (label?: string) => {
    let chosen = typeof label === 'string' && (TIME_WINDOWS as readonly string[]).includes(label) ? label : undefined;
    if (!chosen) {
      const current = deps.config.timeWindow.label;
      const picked = await vscode.window.showQuickPick(
        TIME_WINDOWS.map((w) => ({ label: w, description: `${DESCRIPTIONS[w]}${w === current ? ' (current)' : ''}` })),
        { title: 'ProdLens: Select Time Window', placeHolder: 'Compared with the previous window of equal length' },
      );
      chosen = picked?.label;
    }
    if (chosen) await deps.config.update(Settings.timeWindow, chosen);
  });
}
