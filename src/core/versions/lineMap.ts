// Hunk arithmetic of line translation: where a line of one version of a file lands in a later version, given
// the hunks of the diff between them. Pure: git (or jsdiff, for an unsaved buffer) produces the hunks.

/**
 * One hunk of a zero-context diff, with git's `@@ -a,b +c,d @@` numbers as printed. A count of 0 means an
 * empty side, and then git's start is the line *after which* the change sits (0: the top of the file).
 */
export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
}

export type LineState = 'same' | 'moved' | 'changed' | 'deleted';

export interface LineStep {
  /** Line in the newer version (1-based). For a deleted line: where it was, the first line after the removal. */
  line: number;
  state: LineState;
}

/** Where a removal or insertion sits, as "before this line" (1-based), whatever git printed for an empty side. */
function firstOld(h: Hunk): number {
  return h.oldLines === 0 ? h.oldStart + 1 : h.oldStart;
}

function firstNew(h: Hunk): number {
  return h.newLines === 0 ? h.newStart + 1 : h.newStart;
}

/**
 * Sorted by old position, validated: overlapping or out-of-order hunks mean the diff was misread, and a
 * translation from them would be silently wrong, so they are refused.
 */
export function checkHunks(hunks: readonly Hunk[]): Hunk[] {
  const sorted = [...hunks].sort((a, b) => firstOld(a) - firstOld(b));
  let end = 1;
  for (const h of sorted) {
    const values = [h.oldStart, h.oldLines, h.newStart, h.newLines];
    if (values.some((v) => !Number.isInteger(v) || v < 0)) throw new RangeError(`invalid hunk ${JSON.stringify(h)}`);
    if (firstOld(h) < end) throw new RangeError(`overlapping hunks at line ${firstOld(h)}`);
    end = firstOld(h) + h.oldLines;
  }
  return sorted;
}

/**
 * Maps one line through sorted hunks (`checkHunks`). A line outside every hunk follows its code (shifted by
 * what was inserted or removed above it); a line inside a replaced range lands on the same offset of the
 * replacement, clamped to it, and is marked changed; a line whose range was removed is deleted, placed where
 * the removal happened.
 */
export function mapLineThrough(line: number, hunks: readonly Hunk[]): LineStep {
  let shift = 0;
  for (const h of hunks) {
    const start = firstOld(h);
    if (line < start) break;
    if (line < start + h.oldLines) {
      if (h.newLines === 0) return { line: firstNew(h), state: 'deleted' };
      return { line: firstNew(h) + Math.min(line - start, h.newLines - 1), state: 'changed' };
    }
    shift += h.newLines - h.oldLines;
  }
  return { line: line + shift, state: shift === 0 ? 'same' : 'moved' };
}

/** Binary search variant for many lines: hunks sorted, lines in any order. */
export function mapLinesThrough(lines: readonly number[], hunks: readonly Hunk[]): LineStep[] {
  if (hunks.length < 32) return lines.map((l) => mapLineThrough(l, hunks));
  // Cumulative shift before each hunk, so a line needs one binary search instead of a walk over every hunk.
  const shifts = new Array<number>(hunks.length + 1);
  shifts[0] = 0;
  for (let i = 0; i < hunks.length; i++) shifts[i + 1] = shifts[i] + hunks[i].newLines - hunks[i].oldLines;
  return lines.map((line) => {
    let lo = 0;
    let hi = hunks.length;
    // First hunk starting after the line.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (firstOld(hunks[mid]) <= line) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) {
      const h = hunks[lo - 1];
      if (line < firstOld(h) + h.oldLines) return mapLineThrough(line, [h]);
    }
    const shift = shifts[lo];
    return { line: line + shift, state: shift === 0 ? 'same' : 'moved' };
  });
}

const SEVERITY: Record<LineState, number> = { same: 0, moved: 1, changed: 2, deleted: 3 };

/**
 * Chains two steps (deployed → disk, then disk → buffer). The worse state wins, except that a line that
 * only moved in each step but came back to where it started is the same line; a deleted line keeps being
 * carried as a position so the UI can still say where it was.
 */
export function chainSteps(original: number, first: LineStep, second: LineStep): LineStep {
  const worst = SEVERITY[first.state] >= SEVERITY[second.state] ? first.state : second.state;
  if (first.state === 'deleted') return { line: second.line, state: 'deleted' };
  if (worst === 'moved' || worst === 'same') return { line: second.line, state: second.line === original ? 'same' : 'moved' };
  return { line: second.line, state: worst };
}
