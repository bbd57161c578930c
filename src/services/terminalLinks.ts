// Deployed paths in one line of terminal output (`kubectl logs`, `docker compose up`, a test run), turned into
// links to the workspace line they stand for. Regular expressions only find where a location is printed; the
// engine's own parser reads the line when it can (so a Java frame keeps its class, a .NET frame its type) and
// the engine's mapper decides where it lands. Pure, so it is unit-tested without a terminal.
import { mapFrame, parseTextTrace, type MappingContext, type TraceFrame, type TraceLanguage } from '../core/mapping';
import type { CodeLocation } from '../core/model';

/** Terminal lines longer than this are not scanned (a minified bundle, a binary dump). */
export const MAX_TERMINAL_LINE = 4_000;

/** Where a location is printed in the line, and the frame it stands for. */
export interface TerminalPathMatch {
  startIndex: number;
  length: number;
  frame: TraceFrame;
}

export interface TerminalTraceLink extends TerminalPathMatch {
  location: CodeLocation;
}

interface Shape {
  language?: TraceLanguage;
  re: RegExp;
  /** Group numbers of the path, the line and (optionally) the column. */
  path: number;
  line: number;
  column?: number;
  /** The start of the link is the start of this group (the whole match when absent). */
  from?: number;
}

// Most specific first: where two shapes claim the same characters, the earlier one wins.
const SHAPES: Shape[] = [
  // Python: File "/srv/app/shop/views.py", line 17, in index
  { language: 'python', re: /File "([^"\r\n]{1,1000})", line (\d{1,9})/g, path: 1, line: 2 },
  // JVM: at com.acme.Foo.bar(Foo.java:42), at java.base/java.lang.Thread.run(Thread.java:1583)
  { language: 'jvm', re: /((?:[\w$.-]+\/{1,2})?(?:[\w$]+\.)+[\w$<>-]+)\(([\w$.-]+\.(?:java|kt|kts|scala|groovy|clj)):(\d{1,9})\)/g, path: 2, line: 3, from: 1 },
  // .NET: at Acme.Foo.Bar() in /src/Foo.cs:line 42
  { language: 'dotnet', re: /\bin ((?:[A-Za-z]:)?[^\s:"]{1,1000}\.(?:cs|fs|vb)):line (\d{1,9})/g, path: 1, line: 2, from: 1 },
  // PHP: #0 /var/www/html/src/Service/OrderService.php(42): ...
  { language: 'php', re: /((?:[A-Za-z]:[\\/]|\/)[^\s():"]{1,1000}\.(?:php|phtml|inc))\((\d{1,9})\)/g, path: 1, line: 2 },
  // Anything else printed as path:line[:col] with at least one folder: Node, Go, Ruby, PHP, editors, compilers.
  {
    re: /(?<![\w.\\/:@~-])((?:[A-Za-z]:[\\/]|file:\/\/\/?|webpack(?:-internal)?:\/\/\/?|~\/|\.{1,2}[\\/]|[\\/])?(?:[\w.@+~[\]-]+[\\/])+[\w.@+~[\]-]*\.[A-Za-z][\w]{0,7}):(\d{1,9})(?::(\d{1,9}))?/g,
    path: 1,
    line: 2,
    column: 3,
  },
];

function toNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Every printed location of the line, left to right, none overlapping. */
export function findDeployedPaths(line: string): TerminalPathMatch[] {
  if (typeof line !== 'string' || line.length === 0 || line.length > MAX_TERMINAL_LINE) return [];
  const claimed: TerminalPathMatch[] = [];
  // The engine's reading of the whole line, when it sees a frame in it: richer than the bare path.
  const parsed = parseTextTrace(line).frames;
  for (const shape of SHAPES) {
    shape.re.lastIndex = 0;
    for (let m = shape.re.exec(line); m; m = shape.re.exec(line)) {
      const path = m[shape.path];
      const lineNumber = toNumber(m[shape.line]);
      if (!path || lineNumber === undefined) continue;
      const startIndex = shape.from === undefined ? m.index : m.index + m[0].indexOf(m[shape.from]);
      const length = m.index + m[0].length - startIndex;
      if (claimed.some((c) => startIndex < c.startIndex + c.length && c.startIndex < startIndex + length)) continue;
      const column = shape.column === undefined ? undefined : toNumber(m[shape.column]);
      claimed.push({ startIndex, length, frame: frameFor(parsed, shape, line.slice(startIndex, startIndex + length), path, lineNumber, column) });
    }
  }
  return claimed.sort((a, b) => a.startIndex - b.startIndex);
}

function frameFor(parsed: readonly TraceFrame[], shape: Shape, text: string, path: string, line: number, column: number | undefined): TraceFrame {
  const same = parsed.find((f) => f.deployedPath === path && f.line === line);
  if (same) return same;
  if (shape.language === 'jvm') {
    // A Java frame names only `Foo.java`: the class is what places it, and the JVM parser knows how to read it.
    const frame = parseTextTrace(`\tat ${text}`, 'jvm').frames[0];
    if (frame) return frame;
  }
  const frame: TraceFrame = { deployedPath: path, line, raw: text };
  if (column !== undefined) frame.column = column;
  if (shape.language) frame.language = shape.language;
  return frame;
}

/** The matches that map to a workspace line (never a guess: ambiguous and library frames give no link). */
export function mapTerminalMatches(matches: readonly TerminalPathMatch[], ctx: MappingContext): TerminalTraceLink[] {
  const links: TerminalTraceLink[] = [];
  for (const match of matches) {
    const result = mapFrame(match.frame, ctx);
    if (result.location) links.push({ ...match, location: result.location });
  }
  return links;
}

/** The links of one terminal line. */
export function terminalLinksFor(line: string, ctx: MappingContext): TerminalTraceLink[] {
  return mapTerminalMatches(findDeployedPaths(line), ctx);
}
