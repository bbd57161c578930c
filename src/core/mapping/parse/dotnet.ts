// .NET `Exception.ToString()`: `   at Ns.Class.Method(Int32 id) in C:\src\File.cs:line 42`, inner exceptions
// (` ---> Ns.Inner: msg` ... `--- End of inner exception stack trace ---`), async state machines, localized `:line`.
import type { TraceFrame } from '../types';
import type { TraceBuilder } from './builder';
import { findExceptionHeader } from './header';
import { indexOfWord, toLineNumber } from './lines';

const NET_TYPE = /^[A-Za-z_][\w`]*(\.[\w`+]+)+$/;
const LINE_WORDS = ['line', 'Zeile', 'ligne', 'línea', 'riga', 'linha', 'regel', 'строка', '行'];
const IN_WORDS = [' in ', ' dans ', ' en ', ' em ', ' в ', ' 位置 '];

/** `Ns.Class.<GetAsync>d__4.MoveNext` → class `Ns.Class`, method `GetAsync`; `Ns.C.<>c.<Main>b__0_0` → `Main`. */
export function splitDotnetSymbol(symbol: string): { module?: string; function: string } {
  const generic = symbol.indexOf('[');
  const name = generic > 0 ? symbol.slice(0, generic) : symbol;
  const parts = name.split('.');
  let fnIndex = parts.length - 1;
  // Compiler-generated classes (`<GetAsync>d__4`, `<>c__DisplayClass0_0`, `<>c`) sit between the class and the method.
  const generated = parts.findIndex((p) => p.startsWith('<'));
  if (generated > 0) fnIndex = generated;
  const fnPart = parts[fnIndex] ?? name;
  // The source method is the innermost `<Name>` (`<<Get>b__0>d` → Get); `<>c` carries none.
  const named = parts.slice(fnIndex).map((p) => /<([^<>]+)>/.exec(p)?.[1]).find((n) => n !== undefined);
  const fn = named ?? fnPart;
  const module = parts.slice(0, fnIndex).join('.');
  return module ? { module, function: fn } : { function: fn };
}

function findLineSuffix(line: string): { index: number; line: number } | undefined {
  const colon = line.lastIndexOf(':');
  if (colon < 0) return undefined;
  const after = line.slice(colon + 1).trim();
  const space = after.indexOf(' ');
  if (space < 0) return undefined;
  const word = after.slice(0, space);
  const lineNo = toLineNumber(after.slice(space + 1).trim());
  return LINE_WORDS.includes(word) && lineNo !== undefined ? { index: colon, line: lineNo } : undefined;
}

function looksLikeParameters(params: string): boolean {
  if (params === '') return true;
  if (params === 'Native Method' || params.startsWith('Unknown Source')) return false;
  return params.split(', ').every((p) => {
    const space = p.lastIndexOf(' ');
    return space > 0 && /^[\w@]+$/.test(p.slice(space + 1)) && /^[\w`.[\]<>,&*]+( ByRef)?$/.test(p.slice(0, space).replace(/^(ref|out|in) /, ''));
  });
}

export function parseDotnetFrame(line: string): TraceFrame | undefined {
  const at = indexOfWord(line, 'at ');
  if (at < 0) return undefined;
  const open = line.indexOf('(', at + 3);
  if (open < 0) return undefined;
  const symbol = line.slice(at + 3, open).trim();
  // Expression-tree delegates print as `lambda_method12(Closure, Object, Object[])`: types only, no namespace.
  const generated = /^lambda_method\d*$/.test(symbol);
  if ((!symbol.includes('.') && !generated) || /\s/.test(symbol)) return undefined;
  const close = line.indexOf(')', open);
  if (close < 0) return undefined;
  const params = line.slice(open + 1, close);
  // Java's `(Foo.java:42)` / `(Native Method)` look alike; .NET parameters are `Type name` pairs or nothing.
  if (!generated && !looksLikeParameters(params)) return undefined;
  const frame: TraceFrame = { raw: line, language: 'dotnet', ...splitDotnetSymbol(symbol) };
  const suffix = findLineSuffix(line);
  if (suffix) {
    const tail = line.slice(close + 1, suffix.index);
    const word = IN_WORDS.find((w) => tail.startsWith(w));
    if (word) {
      frame.deployedPath = tail.slice(word.length);
      frame.line = suffix.line;
    }
  }
  const rest = line.slice(close + 1).trim();
  if (!suffix && rest !== '' && !rest.startsWith('+0x')) return undefined;
  return frame;
}

export function dotnetSignal(line: string): number {
  if (line.includes(' ---> ') || line.includes('--- End of ')) return 2;
  const frame = parseDotnetFrame(line);
  if (!frame) return 0;
  return frame.deployedPath ? 3 : 1;
}

function stripUnhandled(line: string): string {
  const i = line.indexOf('Unhandled exception.');
  return i >= 0 ? line.slice(i + 20) : line;
}

export function parseDotnetLines(lines: readonly string[], b: TraceBuilder): number[] {
  const open: number[] = [];
  let previous: string | undefined;
  for (const line of lines) {
    const frame = parseDotnetFrame(line);
    if (frame) {
      if (!b.currentGroup) {
        const header = previous === undefined ? undefined : findExceptionHeader(stripUnhandled(previous), NET_TYPE);
        open.push(b.startGroup({ kind: 'exception', innermostFirst: true, ...header }));
      }
      if (!b.addFrame(frame, true)) break;
      previous = undefined;
      continue;
    }
    const arrow = line.indexOf(' ---> ');
    if (arrow >= 0) {
      // ToString prints each inner exception's header after an arrow, then the innermost frames first.
      let text = line.slice(arrow + 6);
      const chained = [];
      for (;;) {
        const next = text.indexOf(' ---> ');
        chained.push(next < 0 ? text : text.slice(0, next));
        if (next < 0) break;
        text = text.slice(next + 6);
      }
      if (!b.currentGroup) {
        // `Outer: msg ---> Inner: msg` puts the outer header on the same line.
        const header = findExceptionHeader(stripUnhandled(line.slice(0, arrow)), NET_TYPE)
          ?? (previous === undefined ? undefined : findExceptionHeader(stripUnhandled(previous), NET_TYPE));
        open.push(b.startGroup({ kind: 'exception', innermostFirst: true, ...header }));
      }
      for (const part of chained) {
        open.push(b.startGroup({ kind: 'exception', innermostFirst: true, label: 'inner exception', ...findExceptionHeader(part, NET_TYPE) }));
      }
      previous = undefined;
      continue;
    }
    if (line.includes('--- End of inner exception stack trace ---')) {
      open.pop();
      if (open.length > 0) b.resumeGroup(open[open.length - 1]);
      continue;
    }
    if (line.includes('--- End of stack trace from previous location')) continue;
    if (line.trim() === '') continue;
    if (b.currentGroup && b.currentGroup.frames.length > 0 && open.length <= 1) {
      const header = findExceptionHeader(line, NET_TYPE);
      if (header) {
        b.closeGroup();
        open.length = 0;
      }
    }
    previous = line;
  }
  // Inner exceptions are where the failure started: the last printed header first.
  return b.groups.map((_, i) => i).reverse();
}
