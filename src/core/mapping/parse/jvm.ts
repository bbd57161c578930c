// Java, Kotlin, Scala and Groovy traces: `at com.acme.Foo$Bar.method(Foo.java:42)`, module/classloader prefixes
// (`java.base/`, `app//`), `Caused by:` chains, `Suppressed:`, `... 12 more`, logback's `~[app.jar:1.0]` suffix.
import type { TraceFrame } from '../types';
import type { TraceBuilder } from './builder';
import { findExceptionHeader } from './header';
import { indexOfWord, toLineNumber } from './lines';

const JVM_TYPE = /^[A-Za-z_$][\w$]*(\.[\w$]+)*$/;
const JVM_SOURCE = /\.(java|kt|kts|scala|groovy|clj)(:\d+)?$|^(Native Method|Unknown Source(:\d+)?|SourceFile(:\d+)?|<generated>)$/;

export function parseJvmFrame(line: string): TraceFrame | undefined {
  const at = indexOfWord(line, 'at ');
  if (at < 0) return undefined;
  const open = line.indexOf('(', at + 3);
  const close = open < 0 ? -1 : line.indexOf(')', open);
  if (close < 0) return undefined;
  let symbol = line.slice(at + 3, open).trim();
  if (symbol.length === 0 || /\s/.test(symbol)) return undefined;
  const source = line.slice(open + 1, close);
  if (!JVM_SOURCE.test(source)) return undefined;
  // `java.base@17/java.util.X.y` and `app//com.acme.X.y`: the part before the last slash names a module or loader.
  const slash = symbol.lastIndexOf('/');
  if (slash >= 0) symbol = symbol.slice(slash + 1);
  const dot = symbol.lastIndexOf('.');
  const frame: TraceFrame = { raw: line, language: 'jvm' };
  if (dot > 0) {
    frame.module = symbol.slice(0, dot);
    frame.function = symbol.slice(dot + 1);
  } else {
    frame.function = symbol;
  }
  const colon = source.lastIndexOf(':');
  const file = colon < 0 ? source : source.slice(0, colon);
  if (/\.(java|kt|kts|scala|groovy|clj)$/.test(file)) frame.deployedPath = file;
  const lineNo = colon < 0 ? undefined : toLineNumber(source.slice(colon + 1));
  if (lineNo !== undefined) frame.line = lineNo;
  return frame;
}

export function jvmSignal(line: string): number {
  if (line.includes('Caused by: ')) return 2;
  if (/^\s*\.\.\. \d+ (more|common frames omitted)/.test(line)) return 1;
  return parseJvmFrame(line) ? 2 : 0;
}

function headerOf(line: string): { type?: string; message?: string } | undefined {
  const inThread = line.indexOf('Exception in thread "');
  if (inThread >= 0) {
    const end = line.indexOf('" ', inThread + 21);
    if (end > 0) return findExceptionHeader(line.slice(end + 2), JVM_TYPE);
  }
  return findExceptionHeader(line, JVM_TYPE);
}

export function parseJvmLines(lines: readonly string[], b: TraceBuilder): number[] {
  // One chain per printed trace: the top exception, then its `Caused by`s.
  const chains: number[][] = [];
  let previous: string | undefined;
  for (const line of lines) {
    const frame = parseJvmFrame(line);
    if (frame) {
      if (!b.currentGroup) {
        const header = previous === undefined ? undefined : headerOf(previous);
        chains.push([b.startGroup({ kind: 'exception', innermostFirst: true, ...header })]);
      }
      if (!b.addFrame(frame, true)) break;
      previous = undefined;
      continue;
    }
    const more = /\.\.\. (\d+) (more|common frames omitted)/.exec(line);
    if (more && b.currentGroup) {
      b.currentGroup.elided = Number(more[1]);
      continue;
    }
    const caused = line.indexOf('Caused by: ');
    const suppressed = line.indexOf('Suppressed: ');
    if (caused >= 0 || suppressed >= 0) {
      const isCause = caused >= 0;
      const header = findExceptionHeader(line.slice(isCause ? caused + 11 : suppressed + 12), JVM_TYPE);
      const index = b.startGroup({ kind: 'exception', innermostFirst: true, label: isCause ? 'Caused by' : 'Suppressed', ...header });
      if (isCause) {
        if (chains.length === 0) chains.push([]);
        chains[chains.length - 1].push(index);
      }
      previous = undefined;
      continue;
    }
    if (line.trim() === '') continue;
    // A header after frames starts a new, unrelated trace (the next log entry).
    if (b.currentGroup && b.currentGroup.frames.length > 0 && headerOf(line)) b.closeGroup();
    previous = line;
  }
  // The last `Caused by` is where the failure started; then outwards.
  return chains.flatMap((chain) => [...chain].reverse());
}
