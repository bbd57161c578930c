// Which router a name stands for at a point of a JavaScript/TypeScript file. Routes and mounts are keyed by it:
// a module-level variable by its name (`ordersRouter`), a plugin's instance parameter by the plugin function
// (`async function ordersRoutes(fastify)` → `ordersRoutes`, an anonymous default export → `*default*`), a router a
// factory builds and returns by the factory (`function createOrdersRouter() { const r = Router(); ...; return r }`).
import type { SourceText } from './source';
import { NestedSpans, bracePairs } from './blocks';

interface FunctionSpan {
  /** Offset of the function expression (its `async`, `function` or parameter list). */
  start: number;
  open: number;
  close: number;
  params: string[];
  key: string;
}

export const DEFAULT_KEY = '*default*';
const IDENT = /[A-Za-z_$][\w$]*/;

/** Names bound by a parameter list: `(fastify, opts = {})`, `(app: Express)`, `r` → their identifiers. */
function paramNames(list: string): string[] {
  const flat = list.replace(/\{[^{}]*\}|\[[^[\]]*\]|<[^<>]*>/g, '');
  return flat.split(',').map((p) => /^\s*(?:\.\.\.)?([A-Za-z_$][\w$]*)/.exec(p)?.[1]).filter((p): p is string => p !== undefined);
}

/** The key of a function expression with no name of its own, from what it is assigned to. */
function anonymousKey(text: string, start: number): string {
  const before = text.slice(Math.max(0, start - 160), start);
  if (/(module\.exports\s*=|export\s+default|export\s*=)\s*$/.test(before)) return DEFAULT_KEY;
  const exported = /(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=\s*$/.exec(before);
  if (exported) return exported[1];
  const assigned = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;]{1,120})?=\s*$/.exec(before);
  if (assigned) return assigned[1];
  return `fn@${start}`;
}

function closeParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length && i - open < 2000; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function openParen(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0 && close - i < 2000; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && --depth === 0) return i;
  }
  return -1;
}

function withAsync(text: string, start: number): number {
  const m = /\basync\s+$/.exec(text.slice(Math.max(0, start - 20), start));
  return m ? start - m[0].length : start;
}

export class JsScopes {
  private spans: NestedSpans<FunctionSpan> | undefined;
  private readonly memo = new Map<string, string>();

  constructor(private readonly src: SourceText) {}

  /** The router key `name` stands for at `at`. */
  keyOf(name: string, at: number): string {
    const memoKey = `${name}@${this.innermost(at)?.start ?? -1}`;
    let key = this.memo.get(memoKey);
    if (key === undefined) {
      key = this.compute(name, at);
      this.memo.set(memoKey, key);
    }
    return key;
  }

  /** The key of the function expression starting at `start` (an inline plugin), if one does. */
  functionAt(start: number): string | undefined {
    return this.all().all.find((f) => f.start === start)?.key;
  }

  private compute(name: string, at: number): string {
    const text = this.src.text;
    const declares = new RegExp(`\\b(?:const|let|var)\\s+${name.replace(/\$/g, '\\$')}\\b`);
    const returns = new RegExp(`\\breturn\\s+${name.replace(/\$/g, '\\$')}\\s*[;\\n}]`);
    for (const f of this.enclosing(at)) {
      if (f.params.includes(name)) return f.key;
      const body = text.slice(f.open, f.close + 1);
      if (declares.test(body)) return returns.test(body) ? f.key : `${f.key}:${name}`;
    }
    return name;
  }

  private innermost(at: number): FunctionSpan | undefined {
    return this.enclosing(at)[0];
  }

  private enclosing(at: number): FunctionSpan[] {
    return this.all().containing(at);
  }

  private all(): NestedSpans<FunctionSpan> {
    this.spans ??= new NestedSpans(this.collect());
    return this.spans;
  }

  private collect(): FunctionSpan[] {
    const text = this.src.text;
    const pairs = bracePairs(text, true);
    const spans: FunctionSpan[] = [];
    const add = (start: number, params: string[], open: number, name: string | undefined) => {
      const close = pairs.get(open);
      if (close === undefined) return;
      const begin = withAsync(text, start);
      spans.push({ start: begin, open, close, params, key: name ?? anonymousKey(text, begin) });
    };
    const fn = /\bfunction\b\s*\*?\s*([A-Za-z_$][\w$]*)?\s*\(/g;
    for (let m = fn.exec(text); m; m = fn.exec(text)) {
      const paramsOpen = m.index + m[0].length - 1;
      const paramsClose = closeParen(text, paramsOpen);
      if (paramsClose < 0) continue;
      const body = /^\s*(?::[^{;=]{0,200})?\{/.exec(text.slice(paramsClose + 1, paramsClose + 260));
      if (body) add(m.index, paramNames(text.slice(paramsOpen + 1, paramsClose)), paramsClose + body[0].length, m[1]);
    }
    const arrow = /=>\s*\{/g;
    for (let m = arrow.exec(text); m; m = arrow.exec(text)) {
      const open = m.index + m[0].length - 1;
      const head = text.slice(Math.max(0, m.index - 200), m.index);
      // `(app: App): Promise<void> => {`: step back over the return type to the parameter list.
      const typed = /\)\s*:[^=;{}()]*$/.exec(head);
      const last = typed ? m.index - head.length + typed.index : m.index - 1 - (/\s*$/.exec(head)?.[0].length ?? 0);
      if (text[last] === ')') {
        const paramsOpen = openParen(text, last);
        if (paramsOpen >= 0) add(paramsOpen, paramNames(text.slice(paramsOpen + 1, last)), open, undefined);
        continue;
      }
      const ident = new RegExp(`(${IDENT.source})$`).exec(text.slice(Math.max(0, last - 100), last + 1));
      if (ident) add(last + 1 - ident[0].length, [ident[1]], open, undefined);
    }
    return spans;
  }
}
