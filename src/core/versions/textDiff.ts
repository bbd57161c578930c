// Hunks between two texts held in memory (the file on disk and an editor's unsaved buffer), from jsdiff's line
// diff, in git's zero-context numbering so one hunk arithmetic (lineMap.ts) serves both.
import { diffLines } from 'diff';
import type { Hunk } from './lineMap';

/** Above this many lines on either side the unsaved edits are not diffed (a diff is O(N·D) in the worst case). */
export const MAX_BUFFER_DIFF_LINES = 200_000;

/** Line endings do not move lines: CRLF, CR and LF texts of the same lines diff as equal. */
function normalizeEol(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function lineCount(text: string): number {
  if (text === '') return 0;
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

export type TextDiffResult = { ok: true; hunks: Hunk[] } | { ok: false; reason: string };

/**
 * The hunks turning `before` into `after`. Consecutive removed and added runs form one replacement hunk,
 * as git prints them, so an edited line maps to its replacement and is marked changed.
 */
export function textHunks(before: string, after: string): TextDiffResult {
  const a = normalizeEol(before);
  const b = normalizeEol(after);
  if (a === b) return { ok: true, hunks: [] };
  const size = Math.max(lineCount(a), lineCount(b));
  if (size > MAX_BUFFER_DIFF_LINES) return { ok: false, reason: `the file has ${size.toLocaleString('en')} lines, more than the ${MAX_BUFFER_DIFF_LINES.toLocaleString('en')} ProdLens diffs in memory: unsaved edits not translated` };
  // A missing final newline would make the last line differ from itself with one; both sides get one.
  const changes = diffLines(a.endsWith('\n') || a === '' ? a : `${a}\n`, b.endsWith('\n') || b === '' ? b : `${b}\n`);
  const hunks: Hunk[] = [];
  let oldLine = 1;
  let newLine = 1;
  let open: { oldFirst: number; newFirst: number; oldLines: number; newLines: number } | undefined;
  const close = (): void => {
    if (!open) return;
    hunks.push({
      oldStart: open.oldLines === 0 ? open.oldFirst - 1 : open.oldFirst,
      oldLines: open.oldLines,
      newStart: open.newLines === 0 ? open.newFirst - 1 : open.newFirst,
      newLines: open.newLines,
    });
    open = undefined;
  };
  for (const change of changes) {
    const count = change.count;
    if (!change.added && !change.removed) {
      close();
      oldLine += count;
      newLine += count;
      continue;
    }
    open ??= { oldFirst: oldLine, newFirst: newLine, oldLines: 0, newLines: 0 };
    if (change.removed) {
      open.oldLines += count;
      oldLine += count;
    } else {
      open.newLines += count;
      newLine += count;
    }
  }
  close();
  return { ok: true, hunks };
}
