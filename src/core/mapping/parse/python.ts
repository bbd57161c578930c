// CPython tracebacks: `Traceback (most recent call last):`, `  File "/srv/app/shop/views.py", line 17, in detail`,
// the source line under each frame, 3.11+ caret lines, chained exceptions and exception groups (`  | File ...`).
import type { TraceFrame } from '../types';
import type { TraceBuilder } from './builder';
import { findExceptionHeader, headerAtStart } from './header';
import { toLineNumber } from './lines';

const PY_TYPE = /^[A-Za-z_][\w.]*$/;
const DURING = 'During handling of the above exception, another exception occurred';
const DIRECT = 'The above exception was the direct cause of the following exception';

export function parsePythonFrame(line: string): TraceFrame | undefined {
  const start = line.indexOf('File "');
  if (start < 0) return undefined;
  const close = line.indexOf('", line ', start + 6);
  if (close < 0) return undefined;
  const path = line.slice(start + 6, close);
  let i = close + 8;
  let digits = '';
  while (i < line.length && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) digits += line[i++];
  const lineNo = toLineNumber(digits);
  if (lineNo === undefined) return undefined;
  const frame: TraceFrame = { raw: line, deployedPath: path, line: lineNo };
  if (line.startsWith(', in ', i)) frame.function = line.slice(i + 5).trim();
  return frame;
}

export function pythonSignal(line: string): number {
  if (line.includes('Traceback (most recent call last)')) return 3;
  return line.includes('File "') && line.includes('", line ') ? 2 : 0;
}

function isNoise(trimmed: string): boolean {
  return trimmed === '' || /^[~^\s|+-]*$/.test(trimmed) || trimmed.startsWith('[Previous line repeated')
    || trimmed.startsWith('...');
}

export function parsePythonLines(lines: readonly string[], b: TraceBuilder): number[] {
  let label: string | undefined;
  let inFrames = false;
  let expectContext = false;
  let frameIndent = 0;
  for (const rawLine of lines) {
    // Exception groups indent nested tracebacks behind `| `; strip it so the rest reads like a plain one.
    const line = rawLine.replace(/^(\s*)[|+](-+[+-]*)?\s?/, '$1');
    const trimmed = line.trim();
    if (trimmed.includes('Traceback (most recent call last)')) {
      b.startGroup({ kind: 'exception', innermostFirst: false, ...(label ? { label } : {}) });
      label = undefined;
      inFrames = true;
      expectContext = false;
      continue;
    }
    if (trimmed.includes(DURING) || trimmed.includes(DIRECT)) {
      label = trimmed.includes(DURING) ? 'during handling' : 'direct cause';
      inFrames = false;
      continue;
    }
    const frame = parsePythonFrame(rawLine);
    if (frame) {
      if (!inFrames && !b.currentGroup) {
        b.startGroup({ kind: 'exception', innermostFirst: false });
      }
      inFrames = true;
      if (!b.addFrame(frame, false)) break;
      expectContext = true;
      frameIndent = line.indexOf('File "');
      continue;
    }
    if (isNoise(trimmed)) continue;
    // The source line sits deeper than `File`, even behind a log prefix of the same width.
    if (expectContext && frameIndent >= 0 && line.slice(frameIndent, frameIndent + 2) === '  ') {
      const last = b.frames[b.frames.length - 1];
      if (last && last.contextLine === undefined) last.contextLine = trimmed;
      expectContext = false;
      continue;
    }
    expectContext = false;
    const group = b.currentGroup;
    if (inFrames && group && group.type === undefined) {
      const header = headerAtStart(trimmed, PY_TYPE) ?? findExceptionHeader(trimmed, PY_TYPE);
      if (header) {
        group.type = header.type;
        group.message = header.message;
        inFrames = false;
      }
    }
  }
  return b.groups.map((_, i) => i);
}
