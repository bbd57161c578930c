// Node/V8 (and browser) stack traces: `    at fn (/app/src/x.ts:12:5)`, `at /app/x.js:1:2`, `at async fn (...)`,
// `at new Foo (file:///...)`, `eval at ...`, `node:internal/...`, `[cause]: Error: ...`, Firefox `fn@url:1:2`.
import type { TraceFrame } from '../types';
import type { TraceBuilder } from './builder';
import { findExceptionHeader } from './header';
import { indexOfWord, toLineNumber } from './lines';

const JS_TYPE = /^[A-Za-z_$][\w$.]*$/;
const NO_LOCATION = new Set(['unknown location', 'anonymous']);
/** V8's names for built-in code (`at Array.map (<anonymous>)`, old Node's `(native)`): kept, so the frame reads as runtime code. */
const BUILT_IN = new Set(['<anonymous>', 'native']);

interface JsLocation {
  path?: string;
  line?: number;
  column?: number;
}

function parseLocation(text: string, depth = 0): JsLocation | undefined {
  let loc = text.trim();
  if (loc.startsWith('eval at ') && depth < 3) {
    // `eval at fn (/app/x.js:1:2), <anonymous>:1:1`: the eval'd code has no file; its caller has.
    const open = loc.indexOf('(');
    const close = loc.indexOf(')', open);
    return open > 0 && close > open ? parseLocation(loc.slice(open + 1, close), depth + 1) : {};
  }
  if (NO_LOCATION.has(loc) || loc.startsWith('index ')) return {};
  if (BUILT_IN.has(loc)) return { path: loc };
  const last = loc.lastIndexOf(':');
  if (last < 0) return undefined;
  const tail = toLineNumber(loc.slice(last + 1));
  if (tail === undefined) return undefined;
  loc = loc.slice(0, last);
  const prev = loc.lastIndexOf(':');
  const mid = prev < 0 ? undefined : toLineNumber(loc.slice(prev + 1));
  if (mid !== undefined) return { path: loc.slice(0, prev), line: mid, column: tail };
  return { path: loc, line: tail };
}

/** Parses the V8 frame that starts at `at ` in `line`, or undefined when the line is not one. */
export function parseV8Frame(line: string): TraceFrame | undefined {
  const at = indexOfWord(line, 'at ');
  if (at < 0) return undefined;
  // Stacks quoted inside JSON or code end with the closing quote and punctuation: no frame ends that way.
  let rest = line.slice(at + 3).trim().replace(/["',;\]}]+$/, '');
  if (rest.startsWith('async ')) rest = rest.slice(6);
  // util.inspect prints an error's own properties after its last frame: `at /app/x.js:1:2 {`.
  if (rest.endsWith(' {')) rest = rest.slice(0, -2).trimEnd();
  let fn: string | undefined;
  let locText = rest;
  if (rest.endsWith(')')) {
    const open = rest.indexOf(' (');
    if (open > 0) {
      fn = rest.slice(0, open);
      locText = rest.slice(open + 2, -1);
    } else if (rest.startsWith('(')) {
      locText = rest.slice(1, -1);
    }
  }
  if (fn === undefined && /\s/.test(locText) && !locText.startsWith('eval at ')) return undefined;
  const loc = parseLocation(locText);
  if (!loc) return undefined;
  if (fn === undefined && loc.path === undefined) return undefined;
  // A clock time (`failed at 10:30:15`) reads like `path:line:column`; real paths have a separator or a dot.
  if (loc.path !== undefined && !/[/\\.:]/.test(loc.path) && !(fn !== undefined && BUILT_IN.has(loc.path))) return undefined;
  const frame: TraceFrame = { raw: line };
  if (fn) frame.function = fn;
  if (loc.path !== undefined) frame.deployedPath = loc.path;
  if (loc.line !== undefined) frame.line = loc.line;
  if (loc.column !== undefined) frame.column = loc.column;
  return frame;
}

/** Firefox/Safari: `fn@https://host/app.js:1:2` or `@/app/x.js:3:4`. */
function parseGeckoFrame(line: string): TraceFrame | undefined {
  const trimmed = line.trim();
  const atSign = trimmed.indexOf('@');
  // Safari's built-ins: `map@[native code]`.
  if (atSign > 0 && trimmed.endsWith('@[native code]') && !/\s/.test(trimmed.slice(0, atSign))) {
    return { raw: line, deployedPath: '[native code]', function: trimmed.slice(0, atSign) };
  }
  if (atSign < 0 || /\s/.test(trimmed)) return undefined;
  const loc = parseLocation(trimmed.slice(atSign + 1));
  if (!loc?.path || loc.column === undefined) return undefined;
  const frame: TraceFrame = { raw: line, deployedPath: loc.path, line: loc.line, column: loc.column };
  if (atSign > 0) frame.function = trimmed.slice(0, atSign);
  return frame;
}

export function nodeSignal(line: string): number {
  if (line.includes('node:internal') || line.includes('(<anonymous>)')) return 2;
  const at = indexOfWord(line, 'at ');
  if (at >= 0) {
    if (/:\d+:\d+\)?\s*$/.test(line)) return 2;
    return parseV8Frame(line) ? 1 : 0;
  }
  return /^\s*[\w$.<>/]*@\S+:\d+:\d+\s*$/.test(line) || /^\s*[\w$.<>/]+@\[native code\]\s*$/.test(line) ? 1 : 0;
}

export function parseNodeLines(lines: readonly string[], b: TraceBuilder): number[] {
  let pendingHeader: { type?: string; message?: string; label?: string } | undefined;
  let sawFrame = false;
  let causes = 0;
  for (const line of lines) {
    const frame = parseV8Frame(line) ?? parseGeckoFrame(line);
    if (frame) {
      if (pendingHeader || !sawFrame) {
        b.startGroup({ kind: 'exception', innermostFirst: true, ...pendingHeader });
        pendingHeader = undefined;
      }
      sawFrame = true;
      if (!b.addFrame(frame, true)) break;
      continue;
    }
    const causeAt = line.indexOf('[cause]: ');
    const headerText = causeAt >= 0 ? line.slice(causeAt + 9) : line;
    const header = findExceptionHeader(headerText.replace(/^\s*(Uncaught|Unhandled rejection|Caught)\s+/i, ''), JS_TYPE);
    if (header) {
      if (causeAt >= 0) causes++;
      pendingHeader = { ...header, ...(causeAt >= 0 ? { label: '[cause]' } : {}) };
      sawFrame = false;
    }
  }
  if (pendingHeader) b.startGroup({ kind: 'exception', innermostFirst: true, ...pendingHeader });
  const order = b.groups.map((_, i) => i);
  // With `[cause]` chains the last printed cause is the origin of the failure.
  return causes > 0 ? order.reverse() : order;
}
