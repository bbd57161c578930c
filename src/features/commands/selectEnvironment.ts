import * as vscode from 'vscode';
import { Commands, Settings } from '../../host/ids';
import type { CommandDeps } from './deps';

export function registerSelectEnvironment(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.selectEnvironment, async (name?: string) => {
    let chosen = typeof name === 'string' ? name : undefined;
    if (!chosen) {
      const known = new Set<string>(['production', ...deps.registry.services.flatMap((s) => s.environments)]);
      const current = deps.config.environment;
      known.add(current);
      const items: vscode.QuickPickItem[] = [...known].map((e) => ({ label: e, description: e === current ? '(current)' : undefined }));
      items.push({ label: 'Other…', alwaysShow: true });
      const picked = await vscode.window.showQuickPick(items, { title: 'ProdLens: Select Environment' });
      if (picked?.label === 'Other…') {
        chosen = await vscode.window.showInputBox({ title: 'ProdLens: Environment name', validateInput: (v) => (v.trim() ? undefined : 'Enter a name') });
      } else {
        chosen = picked?.label;
      }
    }
    if (chosen?.trim()) await deps.config.update(Settings.environment, chosen.trim());
  });
}
