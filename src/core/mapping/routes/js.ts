// Express, Koa (koa-router), Fastify and NestJS routes in JavaScript/TypeScript source.
import type { RouteDefinition, RouteFramework, RouteSites } from './types';
import type { SourceText } from './source';
import { braceRange, matchingClose, readString, skipSpace } from './source';

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all'];
const CALL = /([A-Za-z_$][\w$]*)\s*\.\s*(get|post|put|patch|delete|del|head|options|all|route)\s*\(/g;
// Objects whose `.get('/x')` is an HTTP client call or a lookup, not a route.
export const NOT_ROUTERS = new Set(['axios', 'http', 'https', 'client', 'request', 'superagent', 'agent', 'fetch', 'got', 'ky',
  'map', 'cache', 'params', 'searchParams', 'headers', 'query', 'store', 'redis', 'session', 'localStorage', 'config', 'req', 'res', 'ctx', 'this']);
const NEST_DECORATOR = /@(Get|Post|Put|Patch|Delete|Head|Options|All)\s*\(/g;

export function frameworkOf(text: string): RouteFramework {
  if (/from ['"]@nestjs\/|require\(['"]@nestjs\//.test(text)) return 'nestjs';
  if (/['"]fastify['"]/.test(text)) return 'fastify';
  if (/['"](@koa\/router|koa-router|koa)['"]/.test(text)) return 'koa';
  return 'express';
}

function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  return `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`.replace(/\/$/, '') || '/';
}

/** Router variables with a prefix of their own: `new Router({ prefix: '/orders' })`, koa-router's `router.prefix('/orders')`. */
export function routerPrefixes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([A-Za-z_$][\w$]*)\s*=\s*new\s+Router\s*\(\s*\{[^}]{0,200}?prefix\s*:\s*(['"`])([^'"`]{0,200})\2/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.set(m[1], m[3]);
  if (frameworkOf(text) === 'koa') {
    const call = /([A-Za-z_$][\w$]*)\s*\.\s*prefix\s*\(\s*(['"])(\/[^'"]{0,200})\2\s*\)/g;
    for (let m = call.exec(text); m; m = call.exec(text)) out.set(m[1], m[3]);
  }
  return out;
}

type Definition = { line: number; range?: { startLine: number; endLine: number } };

/**
 * Functions defined in the file, by name: `function getOrder(`, `const getOrder =`, `getOrder(req, res) {`.
 * Built once per file so routes naming handlers cost a lookup, not a scan each.
 */
function functionsOf(src: SourceText): (name: string) => Definition | undefined {
  const offsets = new Map<string, number>();
  const re = /function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(|\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=|^[ \t]*(?:async\s+)?([A-Za-z_$][\w$]*)\s*\([^)\n]{0,300}\)\s*(?::[^{\n]{0,100})?\{/gm;
  for (let m = re.exec(src.text); m; m = re.exec(src.text)) {
    const name = m[1] ?? m[2] ?? m[3];
    const at = m.index + (m[0].length - m[0].trimStart().length);
    if (!offsets.has(name) && !['if', 'for', 'while', 'switch', 'catch', 'function'].includes(name)) offsets.set(name, at);
  }
  return (name) => {
    const at = offsets.get(name.slice(name.lastIndexOf('.') + 1));
    if (at === undefined) return undefined;
    const range = braceRange(src, at, 4000);
    return { line: src.lineAt(at), ...(range ? { range } : {}) };
  };
}

function handlerOf(text: string, argsStart: number, argsEnd: number): { inline: boolean; name?: string } | undefined {
  const args = text.slice(argsStart, argsEnd);
  // The last argument is the handler: an inline function, or a name (`ordersController.show`).
  const tail = args.trimEnd();
  const lastName = /([A-Za-z_$][\w$.]*)\s*$/.exec(tail);
  if (/=>|function\b|\)\s*\{/.test(args)) return { inline: true };
  if (lastName && !/^(true|false|null|undefined)$/.test(lastName[1])) return { inline: false, name: lastName[1] };
  return undefined;
}

/** Start of the last top-level argument between `from` and the call's `close` (the handler; options come before). */
function lastArgumentStart(text: string, from: number, close: number): number {
  let start = from;
  for (let i = from; i < close; i++) {
    const c = text[i];
    if (c === '(' || c === '{' || c === '[') {
      const end = matchingClose(text, i);
      if (end < 0 || end > close) return start;
      i = end;
    } else if (c === '\'' || c === '"' || c === '`') {
      const s = readString(text, i);
      if (s) i = s.end - 1;
    } else if (c === ',') {
      start = i + 1;
    }
  }
  return start;
}

export function scanJsRoutes(file: string, src: SourceText, sites?: RouteSites): RouteDefinition[] {
  const text = src.text;
  const framework = frameworkOf(text);
  if (framework === 'nestjs') return scanNest(file, src);
  const routes: RouteDefinition[] = [];
  const prefixOf = routerPrefixes(text);
  const findFunction = functionsOf(src);
  CALL.lastIndex = 0;
  for (let m = CALL.exec(text); m; m = CALL.exec(text)) {
    const [, object, verb] = m;
    if (NOT_ROUTERS.has(object)) continue;
    const open = m.index + m[0].length - 1;
    const pathLit = readString(text, skipSpace(text, open + 1));
    if (!pathLit || !(pathLit.value.startsWith('/') || pathLit.value === '*')) continue;
    const close = matchingClose(text, open);
    if (close < 0) continue;
    const prefix = prefixOf.get(object) ?? '';
    const line = src.lineAt(m.index);
    if (verb === 'route') {
      // `app.route('/book').get(h).post(h)`: the verbs chained on the route share its path.
      const chain = /^\s*\.\s*(get|post|put|patch|delete|all)\s*\(/;
      let p = close + 1;
      for (let c = chain.exec(text.slice(p, p + 200)); c; c = chain.exec(text.slice(p, p + 200))) {
        const callOpen = p + c[0].length - 1;
        const callClose = matchingClose(text, callOpen);
        if (callClose < 0) break;
        const range = braceRange(src, callOpen, 4000);
        const route: RouteDefinition = { framework, method: c[1].toUpperCase() === 'ALL' ? '*' : c[1].toUpperCase(), path: joinPath(prefix, pathLit.value), file, line: src.lineAt(p + c[0].indexOf('.')), ...(range ? { range } : {}) };
        routes.push(route);
        sites?.set(route, { object, at: m.index, bare: pathLit.value });
        p = callClose + 1;
      }
      continue;
    }
    if (!METHODS.includes(verb)) continue;
    const rest = text.slice(pathLit.end, close);
    if (!/^\s*,/.test(rest)) continue;
    const handler = handlerOf(text, pathLit.end, close);
    if (!handler) continue;
    const method = verb === 'all' ? '*' : verb === 'del' ? 'DELETE' : verb.toUpperCase();
    const route: RouteDefinition = { framework, method, path: joinPath(prefix, pathLit.value), file, line };
    if (handler.inline) {
      const range = braceRange(src, lastArgumentStart(text, pathLit.end, close), close - pathLit.end);
      if (range) route.range = { startLine: line, endLine: range.endLine };
    } else if (handler.name) {
      route.handler = handler.name;
      const def = findFunction(handler.name);
      if (def) {
        route.line = def.line;
        if (def.range) route.range = def.range;
        route.definedAt = { file, line };
      }
    }
    routes.push(route);
    sites?.set(route, { object, at: m.index, bare: pathLit.value });
  }
  routes.push(...scanRouteObjects(file, src, framework, sites));
  return routes;
}

/** Fastify/hapi `x.route({ method: 'GET', url: '/x', handler })`. */
function scanRouteObjects(file: string, src: SourceText, framework: RouteFramework, sites?: RouteSites): RouteDefinition[] {
  const out: RouteDefinition[] = [];
  const re = /(?:([A-Za-z_$][\w$]*)\s*)?\.route\s*\(\s*\{/g;
  for (let m = re.exec(src.text); m; m = re.exec(src.text)) {
    const open = m.index + m[0].length - 1;
    const close = matchingClose(src.text, open);
    if (close < 0) continue;
    const body = src.text.slice(open, close);
    const url = /\b(url|path)\s*:\s*(['"`])([^'"`]{1,300})\2/.exec(body);
    if (!url) continue;
    const methodList = /\bmethod\s*:\s*(\[[^\]]{0,200}\]|(['"`])\w+\2)/.exec(body);
    const methods = methodList ? [...methodList[1].matchAll(/['"`](\w+)['"`]/g)].map((x) => x[1].toUpperCase()) : ['*'];
    for (const method of methods) {
      const route: RouteDefinition = { framework, method, path: url[3], file, line: src.lineAt(m.index), range: { startLine: src.lineAt(m.index), endLine: src.lineAt(close) } };
      out.push(route);
      if (m[1]) sites?.set(route, { object: m[1], at: m.index, bare: url[3] });
    }
  }
  return out;
}

function decoratorPath(text: string, open: number): string | undefined {
  const close = matchingClose(text, open);
  if (close < 0) return undefined;
  const inner = text.slice(open + 1, close).trim();
  if (inner === '') return '';
  const lit = readString(text, skipSpace(text, open + 1));
  if (lit) return lit.value;
  const path = /path\s*:\s*(['"`])([^'"`]{0,300})\1/.exec(inner);
  return path ? path[2] : undefined;
}

/** NestJS: `@Controller('orders')` on the class, `@Get(':id')` on methods. */
function scanNest(file: string, src: SourceText): RouteDefinition[] {
  const text = src.text;
  const controllers: { offset: number; path: string }[] = [];
  const ctrl = /@Controller\s*\(/g;
  for (let m = ctrl.exec(text); m; m = ctrl.exec(text)) {
    controllers.push({ offset: m.index, path: decoratorPath(text, m.index + m[0].length - 1) ?? '' });
  }
  const routes: RouteDefinition[] = [];
  NEST_DECORATOR.lastIndex = 0;
  for (let m = NEST_DECORATOR.exec(text); m; m = NEST_DECORATOR.exec(text)) {
    const sub = decoratorPath(text, m.index + m[0].length - 1);
    if (sub === undefined) continue;
    const owner = [...controllers].reverse().find((c) => c.offset < m.index);
    const base = owner ? `/${owner.path.replace(/^\/+/, '')}` : '';
    const path = joinPath(base || '/', sub) || '/';
    // The handler is the first method signature after this and any further decorators.
    const after = text.slice(m.index, m.index + 3000);
    const sig = /\n\s*(public\s+|private\s+|protected\s+)?(async\s+)?([A-Za-z_$][\w$]*)\s*\(/g;
    let name: string | undefined;
    let sigOffset = -1;
    for (let s = sig.exec(after); s; s = sig.exec(after)) {
      const lineStart = after.lastIndexOf('\n', s.index + 1) + 1;
      if (after.slice(lineStart).trimStart().startsWith('@')) continue;
      name = s[3];
      sigOffset = m.index + s.index + 1;
      break;
    }
    const method = m[1] === 'All' ? '*' : m[1].toUpperCase();
    const route: RouteDefinition = { framework: 'nestjs', method, path: path.startsWith('/') ? path : `/${path}`, file, line: src.lineAt(m.index) };
    if (name && sigOffset >= 0) {
      route.handler = name;
      route.line = src.lineAt(skipSpace(text, sigOffset));
      const range = braceRange(src, sigOffset, 2000);
      if (range) route.range = { startLine: route.line, endLine: range.endLine };
    }
    routes.push(route);
  }
  return routes;
}
