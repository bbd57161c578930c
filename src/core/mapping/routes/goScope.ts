// Which router a Go variable stands for at a point of a file, and the prefix this file already puts in front of
// it: gin/echo groups (`v1 := r.Group("/api/v1")`), gorilla subrouters, chi's `r.Route("/api", func(r chi.Router) {
// ... })` closures. The router key is the function that owns the router: the one that returns it
// (`func Router() http.Handler { r := chi.NewRouter(); ...; return r }` → `Router`) or receives it as a parameter
// (`func Register(g *gin.RouterGroup)` → `Register`; methods are `*.Name`), else `function:variable`.
import type { SourceText } from './source';
import { NestedSpans, bracePairs } from './blocks';

interface GoSpan {
  start: number;
  open: number;
  close: number;
  params: string[];
  key: string;
  /** A chi `X.Route("/p", func(r chi.Router) {...})` or `X.Group(func(r chi.Router) {...})` closure. */
  chi?: { object: string; prefix: string; at: number };
}

export interface GoRouter {
  key: string;
  /** Prefix this file applies in front of the variable's routes. */
  prefix: string;
}

export function joinGoPath(prefix: string, path: string): string {
  if (!prefix) return path;
  return `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function paramNames(list: string): string[] {
  return list.split(',').map((p) => /^\s*(\w+)/.exec(p)?.[1]).filter((p): p is string => p !== undefined && p !== '_');
}

export class GoScope {
  private spans: NestedSpans<GoSpan> | undefined;
  private readonly memo = new Map<string, GoRouter>();
  private groups: Map<string, { parent: string; prefix: string; at: number }> | undefined;

  constructor(private readonly src: SourceText) {}

  routerAt(name: string, at: number, depth = 0): GoRouter {
    if (depth > 8) return { key: name, prefix: '' };
    // Every route of a function asks about the same variable in the same scope: answer once per scope.
    const memoKey = `${name}@${this.enclosing(at)[0]?.start ?? -1}`;
    let known = this.memo.get(memoKey);
    if (!known) {
      known = this.compute(name, at, depth);
      this.memo.set(memoKey, known);
    }
    return known;
  }

  private compute(name: string, at: number, depth: number): GoRouter {
    const text = this.src.text;
    const group = this.groupsOf().get(name);
    const viaGroup = (g: { parent: string; prefix: string; at: number }): GoRouter => {
      const parent = this.routerAt(g.parent, g.at, depth + 1);
      return { key: parent.key, prefix: joinGoPath(parent.prefix, g.prefix) };
    };
    for (const span of this.enclosing(at)) {
      if (span.params.includes(name)) {
        if (!span.chi) return { key: span.key, prefix: '' };
        const parent = this.routerAt(span.chi.object, span.chi.at, depth + 1);
        return { key: parent.key, prefix: joinGoPath(parent.prefix, span.chi.prefix) };
      }
      const body = text.slice(span.open, span.close + 1);
      if (new RegExp(`(^|[^\\w.])${name}\\s*(,\\s*\\w+\\s*)?:=|\\bvar\\s+${name}\\b|\\b\\w+\\s*,\\s*${name}\\s*:=`).test(body)) {
        if (group && group.at > span.open && group.at < span.close) return viaGroup(group);
        return { key: new RegExp(`\\breturn\\s+${name}\\b`).test(body) ? span.key : `${span.key}:${name}`, prefix: '' };
      }
    }
    return group ? viaGroup(group) : { key: name, prefix: '' };
  }

  /** Variables assigned a group or subrouter: `v1 := r.Group("/api/v1")`, `api := r.PathPrefix("/api").Subrouter()`. */
  groupsOf(): Map<string, { parent: string; prefix: string; at: number }> {
    if (this.groups) return this.groups;
    this.groups = new Map();
    const re = /(\w+)\s*:?=\s*(\w+)\s*\.\s*(Group|Route|PathPrefix)\s*\(\s*"([^"]{0,200})"/g;
    for (let m = re.exec(this.src.text); m; m = re.exec(this.src.text)) {
      if (!this.groups.has(m[1])) this.groups.set(m[1], { parent: m[2], prefix: m[4], at: m.index });
    }
    return this.groups;
  }

  /** Parameters of chi closures: inside them the router variable is the enclosing router under a prefix. */
  closureParams(): string[] {
    return this.all().all.filter((s) => s.chi).flatMap((s) => s.params);
  }

  private enclosing(at: number): GoSpan[] {
    return this.all().containing(at);
  }

  private all(): NestedSpans<GoSpan> {
    this.spans ??= new NestedSpans(this.collect());
    return this.spans;
  }

  private collect(): GoSpan[] {
    const text = this.src.text;
    const pairs = bracePairs(text, false);
    const spans: GoSpan[] = [];
    const re = /\bfunc\s*(?:\(\s*\w*\s*\*?\s*[\w.[\]]+\s*\)\s*)?(\w+)?\s*(?:\[[^\]\n]*\])?\s*\(/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const paramsOpen = m.index + m[0].length - 1;
      let depth = 0;
      let paramsClose = -1;
      for (let i = paramsOpen; i < text.length && i - paramsOpen < 2000; i++) {
        if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) {
          paramsClose = i;
          break;
        }
      }
      if (paramsClose < 0) continue;
      const results = /^[ \t]*(?:\([^)\n]*\)|[\w.*[\]]+(?:\{\})?)?[ \t]*\{/.exec(text.slice(paramsClose + 1, paramsClose + 300));
      if (!results) continue;
      const open = paramsClose + results[0].length;
      const close = pairs.get(open);
      if (close === undefined) continue;
      const topLevel = m.index === 0 || text[m.index - 1] === '\n';
      const method = /^func\s*\(/.test(m[0]) && m[1] !== undefined;
      const key = topLevel && m[1] ? (method ? `*.${m[1]}` : m[1]) : `fn@${m.index}`;
      const span: GoSpan = { start: m.index, open, close, params: paramNames(text.slice(paramsOpen + 1, paramsClose)), key };
      // Only a closure right after `.Route("/p",` or `.Group(` can be a chi closure: look for those words first.
      const window = topLevel ? '' : text.slice(Math.max(0, m.index - 260), m.index);
      const near = Math.max(window.lastIndexOf('.Route'), window.lastIndexOf('.Group'));
      if (near >= 0) {
        const before = window.slice(Math.max(0, near - 100));
        const route = /(\w+)\s*\.\s*Route\s*\(\s*"([^"]{0,200})"\s*,\s*$/.exec(before);
        const group = /(\w+)\s*\.\s*Group\s*\(\s*$/.exec(before);
        const call = route ?? group;
        if (call) span.chi = { object: call[1], prefix: route ? route[2] : '', at: m.index - before.length + call.index };
      }
      spans.push(span);
    }
    return spans;
  }
}
