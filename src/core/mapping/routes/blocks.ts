// Function scopes without a parser: every brace of a file paired in one pass, and a tree of the spans those
// braces delimit, so "which functions contain this offset" costs a binary search, not a scan of every function.
import { readString } from './source';

/**
 * Every `{` paired with its `}` in one linear pass that skips strings, comments and (for JavaScript) regex
 * literals: function scopes for a whole file without rescanning nested blocks. Unbalanced input pairs what it can.
 */
export function bracePairs(text: string, regexLiterals: boolean): Map<number, number> {
  const pairs = new Map<number, number>();
  const stack: number[] = [];
  let previous = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\'' || c === '"' || c === '`') {
      const s = readString(text, i);
      if (s) i = s.end - 1;
      previous = 'a';
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) break;
      i = end + 1;
      continue;
    }
    if (c === '/' && regexLiterals && (previous === '' || '(,=:[!&|?{};'.includes(previous))) {
      const end = regexEnd(text, i);
      if (end > 0) {
        i = end;
        previous = 'a';
        continue;
      }
    }
    if (c === '{') stack.push(i);
    else if (c === '}' && stack.length > 0) pairs.set(stack.pop() as number, i);
    if (c !== ' ' && c !== '\n' && c !== '\t' && c !== '\r') previous = c;
  }
  return pairs;
}

/** Offset of the `/` closing a regex literal that opens at `start`, on the same line; -1 if it is not one. */
function regexEnd(text: string, start: number): number {
  let inClass = false;
  for (let j = start + 1; j < text.length && j - start < 500; j++) {
    const c = text[j];
    if (c === '\n') return -1;
    if (c === '\\') j++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return j;
  }
  return -1;
}

/**
 * Spans that nest properly (function bodies from `bracePairs`), for asking which contain an offset in
 * O(log n + depth) instead of testing every span: the last span opening before the offset, then its ancestors.
 */
export class NestedSpans<T extends { open: number; close: number }> {
  private readonly spans: T[];
  private readonly parent: number[] = [];

  constructor(spans: T[]) {
    this.spans = [...spans].sort((a, b) => a.open - b.open);
    const stack: number[] = [];
    this.spans.forEach((s, i) => {
      while (stack.length > 0 && this.spans[stack[stack.length - 1]].close < s.open) stack.pop();
      this.parent.push(stack.length > 0 ? stack[stack.length - 1] : -1);
      stack.push(i);
    });
  }

  get all(): readonly T[] {
    return this.spans;
  }

  /** Spans containing `at`, innermost first. */
  containing(at: number): T[] {
    let lo = 0;
    let hi = this.spans.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[mid].open < at) {
        last = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const out: T[] = [];
    for (let i = last; i >= 0; i = this.parent[i]) if (this.spans[i].close > at) out.push(this.spans[i]);
    return out;
  }
}
