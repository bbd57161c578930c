import * as vscode from 'vscode';
import { Commands } from '../../host/ids';

export function registerOpenSettings(): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.openSettings, () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:prodlens.prodlens'));
}
