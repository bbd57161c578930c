// Input hygiene shared by every text parser: bounded size, any line ending, no terminal colours.
// The caps keep a pasted 50 MB log from freezing the editor; parsers then only ever see short lines.

export const MAX_INPUT_CHARS = 4_000_000;
export const MAX_LINES = 50_000;
export const MAX_LINE_CHARS = 2_000;
export const MAX_FRAMES = 2_000;
export const MAX_GROUPS = 2_000;

export interface InputLines {
  lines: string[];
  truncated: boolean;
}

// ESC [ params letter: a single bounded character class, so no backtracking blow-up. Built from a string
// because a literal escape character in a regex reads as a mistake to linters and reviewers alike.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]{0,32}[A-Za-z]`, 'g');

export function splitLines(text: string): InputLines {
  let truncated = false;
  let input = text;
  if (input.length > MAX_INPUT_CHARS) {
    input = input.slice(0, MAX_INPUT_CHARS);
    truncated = true;
  }
  const lines: string[] = [];
  let start = 0;
  while (start <= input.length && lines.length < MAX_LINES) {
    let end = start;
    while (end < input.length && input.charCodeAt(end) !== 10 && input.charCodeAt(end) !== 13) end++;
    let line = input.slice(start, Math.min(end, start + MAX_LINE_CHARS));
    if (end - start > MAX_LINE_CHARS) truncated = true;
    if (line.includes('\u001b')) line = line.replace(ANSI, '');
    lines.push(line);
    if (end >= input.length) {
      start = input.length + 1;
      break;
    }
    start = input.charCodeAt(end) === 13 && input.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
  }
  if (start <= input.length) truncated = true;
  return { lines, truncated };
}

/** Index of `needle` that starts the line or follows whitespace, from `from`; -1 when none. */
export function indexOfWord(line: string, needle: string, from = 0): number {
  let i = line.indexOf(needle, from);
  while (i > 0 && !/\s/.test(line[i - 1])) i = line.indexOf(needle, i + 1);
  return i;
}

/** Parses a positive decimal integer made only of digits; undefined otherwise. */
export function toLineNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.length === 0 || text.length > 9 || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
}
