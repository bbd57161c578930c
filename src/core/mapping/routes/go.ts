// Go routes: net/http (`http.HandleFunc("/x", h)`, `mux.Handle`, Go 1.22 `"GET /orders/{id}"` patterns), gin and
// echo (`r.GET("/users/:id", h)`, groups), chi (`r.Get("/users/{id}", h)`), gorilla/mux (`.Methods("GET")`), fiber.
import { GoScope, joinGoPath } from './goScope';
import type { RouteDefinition, RouteFramework, RouteSites } from './types';
import type { SourceText } from './source';
import { braceRange, matchingClose, readString, skipSpace } from './source';

const CALL = /([A-Za-z_]\w*)\s*\.\s*(HandleFunc|Handle|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|Any|Get|Post|Put|Patch|Delete|Head|Options|Method|MethodFunc|All)\s*\(/g;

function frameworkOf(text: string): RouteFramework {
  if (text.includes('github.com/gin-gonic/gin')) return 'gin';
  if (text.includes('github.com/labstack/echo')) return 'echo';
  if (text.includes('github.com/go-chi/chi')) return 'chi';
  if (text.includes('github.com/gorilla/mux')) return 'gorilla';
  if (text.includes('github.com/gofiber/fiber')) return 'fiber';
  return 'net/http';
}

/** Top-level functions and methods of the file by name, collected once per file. */
function funcsOf(src: SourceText): (name: string) => { line: number; range?: { startLine: number; endLine: number } } | undefined {
  const offsets = new Map<string, number>();
  const re = /^func\s+(?:\([^)\n]{0,100}\)\s*)?([A-Za-z_]\w*)\s*[[(]/gm;
  for (let m = re.exec(src.text); m; m = re.exec(src.text)) if (!offsets.has(m[1])) offsets.set(m[1], m.index);
  return (name) => {
    const at = offsets.get(name.slice(name.lastIndexOf('.') + 1));
    if (at === undefined) return undefined;
    const range = braceRange(src, at + 5, 2000);
    return { line: src.lineAt(at), ...(range ? { range } : {}) };
  };
}

export function scanGoRoutes(file: string, src: SourceText, sites?: RouteSites): RouteDefinition[] {
  const text = src.text;
  const framework = frameworkOf(text);
  const scope = new GoScope(src);
  const findFunc = funcsOf(src);
  const routes: RouteDefinition[] = [];
  CALL.lastIndex = 0;
  for (let m = CALL.exec(text); m; m = CALL.exec(text)) {
    const [, object, verb] = m;
    const open = m.index + m[0].length - 1;
    let argStart = skipSpace(text, open + 1);
    let method = '*';
    if (verb === 'Method' || verb === 'MethodFunc') {
      // chi: r.Method("GET", "/x", h)
      const first = readString(text, argStart);
      if (!first) continue;
      method = first.value.toUpperCase();
      argStart = skipSpace(text, first.end + 1);
    } else if (!['HandleFunc', 'Handle', 'Any', 'All'].includes(verb)) {
      method = verb.toUpperCase();
    }
    const lit = readString(text, argStart);
    if (!lit) continue;
    let path = lit.value;
    // Go 1.22 ServeMux patterns carry the method and sometimes a host: "GET example.com/orders/{id}".
    const pattern = /^([A-Z]+)\s+(\S+)$/.exec(path);
    if (pattern) {
      method = pattern[1];
      path = pattern[2];
    }
    if (!path.startsWith('/')) {
      const slash = path.indexOf('/');
      if (slash <= 0) continue;
      path = path.slice(slash);
    }
    const close = matchingClose(text, open);
    if (close < 0) continue;
    const args = text.slice(lit.end, close);
    if (!/^\s*,/.test(args)) continue;
    // gorilla/mux: r.HandleFunc("/x", h).Methods("GET", "POST")
    const methods = /^\s*\.\s*Methods\s*\(([^)]{0,200})\)/.exec(text.slice(close + 1, close + 220));
    const list = methods ? [...methods[1].matchAll(/"(\w+)"/g)].map((x) => x[1].toUpperCase()) : [method];
    const line = src.lineAt(m.index);
    const handler = /,\s*([A-Za-z_][\w.]*)\s*\)?\s*$/.exec(args);
    let target: { line: number; range?: { startLine: number; endLine: number } } = { line };
    let handlerName: string | undefined;
    if (/\bfunc\s*\(/.test(args)) {
      const range = braceRange(src, lit.end, close - lit.end + 1);
      if (range) target = { line, range: { startLine: line, endLine: range.endLine } };
    } else if (handler) {
      handlerName = handler[1];
      target = findFunc(handler[1]) ?? target;
    }
    const full = joinGoPath(scope.routerAt(object, m.index).prefix, path);
    for (const mth of list) {
      const route: RouteDefinition = {
        framework, method: mth, path: full, file, line: target.line,
        ...(target.range ? { range: target.range } : {}), ...(handlerName ? { handler: handlerName } : {}),
        ...(target.line !== line ? { definedAt: { file, line } } : {}),
      };
      routes.push(route);
      sites?.set(route, { object, at: m.index, bare: full });
    }
  }
  return routes;
}
