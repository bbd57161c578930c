import * as vscode from 'vscode';
import { Commands } from '../../host/ids';
import type { CommandDeps } from './deps';

export function registerSelectService(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.selectService, async (name?: string) => {
    if (typeof name === 'string') return deps.active.select(name);
    const services = deps.registry.services;
    if (services.length === 0) {
      const choice = await vscode.window.showInformationMessage('ProdLens found no service in this workspace.', 'Create .prodlens.json', 'Show Diagnostics');
      if (choice === 'Create .prodlens.json') await vscode.commands.executeCommand(Commands.createConfig);
      if (choice === 'Show Diagnostics') await vscode.commands.executeCommand(Commands.showDiagnostics);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      services.map((s) => ({
        label: s.name,
        description: s.folders.map((f) => f || '(root)').join(', '),
        detail: s.evidence.map((e) => `${e.source}: ${e.detail}`).join(' · '),
        picked: s.name === deps.active.current?.name,
      })),
      { title: 'ProdLens: Select Service', placeHolder: 'Service shown when the active file belongs to no service' },
    );
    if (picked) await deps.active.select(picked.label);
  });
}
