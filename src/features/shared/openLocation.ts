// Shared feature glue (src/features/shared/, the one folder every feature may import): stack trace links and
// the configuration notice both open a file at a trace's line and column. Only VS Code glue several features
// need goes here; pure helpers go to core/.
// Opens a workspace file at a 1-based line and column, the way a stack trace prints them.
import * as vscode from 'vscode';
import { toUri } from '../../host/workspaceAccess';

export async function openLocation(file: string, line: number, column?: number | null): Promise<vscode.TextEditor | undefined> {
  const uri = toUri(file);
  if (!uri) {
    vscode.window.showWarningMessage(`ProdLens: ${file} is not in an open workspace folder.`);
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  // The trace may come from another version of the file: stay inside it rather than fail.
  const lineIndex = Math.min(Math.max(0, line - 1), Math.max(0, document.lineCount - 1));
  const character = Math.min(Math.max(0, (column ?? 1) - 1), document.lineAt(lineIndex).text.length);
  const position = new vscode.Position(lineIndex, character);
  return vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: false });
}
