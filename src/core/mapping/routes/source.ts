// Just enough lexing to read route definitions without a parser: string literals, matching brackets that
// skip strings and comments, line numbers, and the extent of a function by braces, indentation or `end`.

export const MAX_SCAN_CHARS = 1_000_000;
const MAX_BLOCK_CHARS = 200_000;

/** Characters all bracket matching of one file may scan: keeps a hostile file linear, not quadratic. */
const SCAN_BUDGET = 4_000_000;

export class SourceText {
  readonly lines: string[];
  private readonly starts: number[] = [0];
  /** Left of SCAN_BUDGET; matchingClose gives up once it is spent. */
  budget = SCAN_BUDGET;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    this.lines = text.split(/\r?\n/);
  }

  /** 1-based line of a character offset. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  offsetOfLine(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }
}

export interface StringLiteral {
  value: string;
  /** Offset just after the closing quote. */
  end: number;
}

/** Reads a quoted string starting at `i` (after optional Python/C# prefixes such as r, f, b, @, $). */
export function readString(text: string, i: number): StringLiteral | undefined {
  let p = i;
  while (p < text.length && p - i < 3 && /[rRfFbBuU@$]/.test(text[p])) p++;
  const quote = text[p];
  if (quote !== '\'' && quote !== '"' && quote !== '`') return undefined;
  const raw = p > i && /[rR@]/.test(text.slice(i, p));
  let value = '';
  for (let j = p + 1; j < text.length && j - p < 4000; j++) {
    const c = text[j];
    if (c === '\\' && !raw) {
      value += text[j + 1] ?? '';
      j++;
      continue;
    }
    if (c === quote) return { value, end: j + 1 };
    if (c === '\n' && quote !== '`') return undefined;
    value += c;
  }
  return undefined;
}

/** Skips whitespace (and, for most languages, comments) from `i`. */
export function skipSpace(text: string, i: number): number {
  let p = i;
  while (p < text.length && /\s/.test(text[p])) p++;
  return p;
}

const PAIRS: Record<string, string> = { '(': ')', '{': '}', '[': ']' };

// The file being scanned: bracket matching charges its work to that file's budget. Scanners are synchronous,
// so one module-level slot is enough and spares threading the budget through every helper.
let current: SourceText | undefined;

/** Makes `src` the file whose budget bracket matching spends, for the duration of `scan`. */
export function withBudget<T>(src: SourceText, scan: () => T): T {
  const previous = current;
  current = src;
  try {
    return scan();
  } finally {
    current = previous;
  }
}

/** Offset of the bracket closing the one at `open`, skipping strings and comments; -1 if not found. */
export function matchingClose(text: string, open: number, hashComments = false): number {
  const owner = current && current.text === text ? current : undefined;
  if (owner && owner.budget <= 0) return -1;
  const limit = Math.min(text.length, open + MAX_BLOCK_CHARS, owner ? open + owner.budget : Infinity);
  const result = scanToClose(text, open, limit, hashComments);
  if (owner) owner.budget -= (result < 0 ? limit : result) - open + 1;
  return result;
}

function scanToClose(text: string, open: number, limit: number, hashComments: boolean): number {
  const stack: string[] = [];
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (c === '\'' || c === '"' || c === '`') {
      const s = readString(text, i);
      if (s) i = s.end - 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i < 0) return -1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) return -1;
      i++;
      continue;
    }
    if (hashComments && c === '#') {
      i = text.indexOf('\n', i);
      if (i < 0) return -1;
      continue;
    }
    if (PAIRS[c]) stack.push(PAIRS[c]);
    else if (c === ')' || c === '}' || c === ']') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/**
 * Lines of the first `{ ... }` block starting at or after `from` (within `within` chars). `stopAt` lists characters
 * that end the search outside parentheses: `;` always, `=` for Kotlin/C# expression bodies, `@` for the next
 * annotation, so a body-less method never borrows the next method's braces.
 */
export function braceRange(src: SourceText, from: number, within = 2000, stopAt = ';'): { startLine: number; endLine: number } | undefined {
  const text = src.text;
  let depth = 0;
  for (let i = from; i < text.length && i < from + within; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth <= 0 && (c === ';' || stopAt.includes(c))) return undefined;
    else if (c === '{' && depth <= 0) {
      const close = matchingClose(text, i);
      return close < 0 ? undefined : { startLine: src.lineAt(from), endLine: src.lineAt(close) };
    }
  }
  return undefined;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** A Python `def` (1-based line) runs until the next non-blank line indented no deeper than it. */
export function indentRange(src: SourceText, defLine: number): { startLine: number; endLine: number } {
  const lines = src.lines;
  const base = indentOf(lines[defLine - 1] ?? '');
  let end = defLine;
  let i = defLine;
  // A signature may span lines until the colon that opens the body.
  while (i < lines.length && !/:\s*(#.*)?$/.test(lines[i - 1]) && i - defLine < 20) i++;
  end = i;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (indentOf(line) <= base) break;
    end = i + 1;
  }
  return { startLine: defLine, endLine: end };
}

/** A Ruby `def` runs until the `end` at its own indentation. */
export function rubyDefRange(src: SourceText, defLine: number): { startLine: number; endLine: number } | undefined {
  const lines = src.lines;
  const base = indentOf(lines[defLine - 1] ?? '');
  for (let i = defLine; i < lines.length && i - defLine < 2000; i++) {
    if (lines[i].trim() === 'end' && indentOf(lines[i]) === base) return { startLine: defLine, endLine: i + 1 };
  }
  return undefined;
}

/** Top-level arguments of the call whose `(` is at `open` and `)` at `close`, trimmed, with their offsets. */
export function splitArgs(text: string, open: number, close: number, hashComments = false): { text: string; at: number }[] {
  const args: { text: string; at: number }[] = [];
  let start = open + 1;
  const push = (end: number) => {
    const at = skipSpace(text, start);
    if (at < end) args.push({ text: text.slice(at, end).trim(), at });
  };
  for (let i = open + 1; i < close; i++) {
    const c = text[i];
    if (c === '(' || c === '{' || c === '[') {
      const end = matchingClose(text, i, hashComments);
      if (end < 0 || end > close) break;
      i = end;
    } else if (c === '\'' || c === '"' || c === '`') {
      const s = readString(text, i);
      if (s) i = s.end - 1;
    } else if (c === ',') {
      push(i);
      start = i + 1;
    }
  }
  push(close);
  return args;
}

/** A whole-argument string literal's value (`'/api'`, `"api/"`), else undefined. */
export function literalArg(arg: string): string | undefined {
  const s = readString(arg, 0);
  if (!s || s.end !== arg.length || /^[fF]/.test(arg) || (arg.startsWith('`') && s.value.includes('${'))) return undefined;
  return s.value;
}
