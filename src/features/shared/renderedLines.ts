import type * as vscode from 'vscode';

/** One editor's decorations after a render: its document and the lines they mark. */
export interface RenderedLines<T> {
  readonly uri: vscode.Uri;
  readonly lines: readonly T[];
}
