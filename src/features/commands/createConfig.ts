import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../../core/config/prodlensConfig';
import { configTemplate } from '../../core/config/template';
import { Commands } from '../../host/ids';
import type { CommandDeps } from './deps';

export function registerCreateConfig(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.createConfig, async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const folder = folders.length > 1
      ? await vscode.window.showWorkspaceFolderPick({ placeHolder: `Folder for ${CONFIG_FILE_NAME}` })
      : folders[0];
    if (!folder) {
      vscode.window.showWarningMessage(`Open a folder first: ${CONFIG_FILE_NAME} lives at the root of your repository.`);
      return;
    }
    const uri = vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
    let exists = true;
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      exists = false;
    }
    if (!exists) {
      await deps.registry.detect();
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(configTemplate(deps.registry.services)));
      deps.log.info(`Created ${CONFIG_FILE_NAME} in ${folder.name}.`);
    }
    await vscode.window.showTextDocument(uri, { preview: false });
  });
}
