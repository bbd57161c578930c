// Where Open Stack Trace takes its text from: the selection, else the clipboard, else an input box.
import * as vscode from 'vscode';
import { parseTrace } from '../../core/mapping';
import { splitJoinedTrace } from '../../services/traceLocator';

function holdsFrames(text: string): boolean {
  return text.trim() !== '' && parseTrace(text).frames.length > 0;
}

/** The trace to open, or undefined when the user cancelled the input box. */
export async function readTraceInput(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  if (holdsFrames(selected)) return selected;
  let clipboard = '';
  try {
    clipboard = await vscode.env.clipboard.readText();
  } catch {
    // No clipboard access (a browser without the permission): fall through to the input box.
  }
  if (holdsFrames(clipboard)) return clipboard;
  // A selection without frames is still what the user pointed at: the view will say why nothing was found.
  if (selected.trim() !== '') return selected;
  const typed = await vscode.window.showInputBox({
    title: 'ProdLens: Open Stack Trace',
    prompt: 'Paste a stack trace (Node, Python, Java/Kotlin, Go, .NET, Ruby, PHP), a Sentry event or an OpenTelemetry record',
    placeHolder: 'TypeError: Cannot read properties of undefined     at handler (/app/src/routes/orders.ts:19:29)',
    ignoreFocusOut: true,
  });
  return typed === undefined || typed.trim() === '' ? undefined : splitJoinedTrace(typed);
}
