// Go panics and goroutine dumps: `panic: ...`, `goroutine 1 [running]:`, then pairs of lines
// `pkg/path.(*T).Method(args)` / `\t/path/file.go:42 +0x1c`, and `created by pkg.fn in goroutine 7`.
import type { TraceFrame } from '../types';
import type { TraceBuilder } from './builder';
import { MAX_LINE_CHARS, toLineNumber } from './lines';

/** The import path of a Go symbol: `github.com/a/b/store.(*DB).Get` → `github.com/a/b/store`, `main.main` → `main`. */
export function goPackageOf(symbol: string): string | undefined {
  const slash = symbol.lastIndexOf('/');
  const dot = symbol.indexOf('.', slash + 1);
  return dot > 0 ? symbol.slice(0, dot) : undefined;
}

function parseFileLine(line: string): { path: string; line: number } | undefined {
  // Runtime frames in assembly (`asm_amd64.s:1650`) print like Go ones.
  let ext = line.lastIndexOf('.go:');
  let extLength = 4;
  if (ext < 0) {
    ext = line.lastIndexOf('.s:');
    extLength = 3;
  }
  if (ext < 0) return undefined;
  let i = ext + extLength;
  let digits = '';
  while (i < line.length && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) digits += line[i++];
  const lineNo = toLineNumber(digits);
  if (lineNo === undefined) return undefined;
  const after = line.slice(i).trim();
  if (after !== '' && !after.startsWith('+0x') && !after.startsWith('fp=') && !after.startsWith('pc=')) return undefined;
  // Go indents the file line with a tab; behind a log prefix the path starts after the last tab or space.
  const tab = line.lastIndexOf('\t', ext);
  let start = tab >= 0 ? tab + 1 : 0;
  if (tab < 0) {
    const space = line.lastIndexOf(' ', ext);
    start = space >= 0 ? space + 1 : 0;
  }
  const path = line.slice(start, ext + extLength - 1).trim();
  return path ? { path, line: lineNo } : undefined;
}

function parseFunctionLine(line: string): { fn: string; createdBy: boolean } | undefined {
  let text = line.trim();
  const created = text.indexOf('created by ');
  if (created >= 0) {
    text = text.slice(created + 11);
    const inG = text.indexOf(' in goroutine ');
    if (inG >= 0) text = text.slice(0, inG);
    return { fn: text.trim(), createdBy: true };
  }
  if (!text.endsWith(')')) return undefined;
  // Arguments never contain parentheses, so the last `(` opens them even with `(*T)` receivers.
  const open = text.lastIndexOf('(');
  if (open <= 0) return undefined;
  const head = text.slice(0, open);
  const space = head.lastIndexOf(' ');
  const fn = space >= 0 ? head.slice(space + 1) : head;
  // The builtin `panic(...)` is the one frame without a package.
  return fn.includes('.') || fn === 'panic' ? { fn, createdBy: false } : undefined;
}

export function goSignal(line: string): number {
  if (/goroutine \d+ \[/.test(line)) return 3;
  if (/^\s*panic: |fatal error: /.test(line)) return 1;
  return parseFileLine(line) ? 2 : 0;
}

export function parseGoLines(lines: readonly string[], b: TraceBuilder): number[] {
  let panic: { type: string; message: string } | undefined;
  let firstRunning = -1;
  let pendingFn: string | undefined;
  let pendingRaw: string | undefined;
  for (const line of lines) {
    const trimmed = line.trim();
    const panicAt = line.search(/\b(panic|fatal error): |http: panic serving /);
    if (panicAt >= 0 && !parseFileLine(line)) {
      const served = line.startsWith('http: panic serving ', panicAt);
      const type = line.startsWith('fatal error', panicAt) ? 'fatal error' : 'panic';
      // net/http's recovered handler panics: `http: panic serving 10.0.0.1:5214: <message>`.
      const text = served ? line.slice(line.indexOf(': ', panicAt + 20) + 2) : line.slice(panicAt + type.length + 2);
      // Not /\s*\[recovered\]\s*$/: its unanchored `\s*` rescans a long run of spaces from every position.
      const end = text.trimEnd();
      const message = (end.endsWith('[recovered]') ? end.slice(0, -'[recovered]'.length) : end).trim();
      // Nested panics (`panic: a [recovered]` then `\tpanic: b`) read best as one message. Bounded: a log with
      // thousands of panics must not grow, and re-split, one message per line.
      if (!panic) panic = { type, message };
      else if (panic.message.length < MAX_LINE_CHARS && !panic.message.split(' / ').includes(message)) panic = { type: panic.type, message: `${panic.message} / ${message}` };
      continue;
    }
    const goroutine = /goroutine (\d+) \[([^\]]{0,80})\]/.exec(line);
    if (goroutine) {
      const index = b.startGroup({ kind: 'goroutine', innermostFirst: true, label: `goroutine ${goroutine[1]} [${goroutine[2]}]` });
      if (firstRunning < 0 && goroutine[2].startsWith('running')) firstRunning = index;
      if (panic && index === 0) Object.assign(b.groups[index], panic);
      pendingFn = undefined;
      continue;
    }
    const file = parseFileLine(line);
    if (file) {
      if (!b.currentGroup) {
        b.startGroup({ kind: 'goroutine', innermostFirst: true, ...panic });
      }
      const frame: TraceFrame = { raw: pendingRaw === undefined ? line : `${pendingRaw}\n${line}`, deployedPath: file.path, line: file.line };
      if (pendingFn) {
        frame.function = pendingFn;
        const pkg = goPackageOf(pendingFn);
        if (pkg) frame.module = pkg;
      }
      if (!b.addFrame(frame, true)) break;
      pendingFn = undefined;
      pendingRaw = undefined;
      continue;
    }
    const fn = trimmed === '' ? undefined : parseFunctionLine(line);
    pendingFn = fn?.fn;
    pendingRaw = fn ? line : undefined;
  }
  if (b.groups.length === 0 && panic) b.startGroup({ kind: 'goroutine', innermostFirst: true, ...panic });
  // The runtime prints the panicking goroutine first; when a log reordered the dump, the first running one wins.
  return firstRunning > 0 ? [firstRunning] : [0];
}
