// Shared feature glue (src/features/shared/, the one folder every feature may import): the sidebar's trees and
// the stack trace tree must clean labels and build tooltips the same way. Only VS Code glue several features
// need goes here; pure helpers go to core/.
// Production text in trees: labels are one clean line, tooltips untrusted Markdown built from escaped text.
import * as vscode from 'vscode';
import { oneLine } from '../../core/text';

export function label(text: string, max = 200): string {
  return oneLine(text, max);
}

export function plainTooltip(lines: (string | undefined)[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  lines.filter((l): l is string => Boolean(l)).forEach((line, i) => (i ? md.appendMarkdown('\n\n') : md).appendText(oneLine(line, 2000)));
  return md;
}
