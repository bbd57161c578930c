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
