// ASP.NET Core routes: attribute routing (`[Route("api/[controller]")]` + `[HttpGet("{id}")]`) and minimal APIs
// (`app.MapGet("/x", ...)`, `var g = app.MapGroup("/api")`).
import type { RouteDefinition } from './types';
import type { SourceText } from './source';
import { braceRange, matchingClose, readString, skipSpace } from './source';

const ATTRIBUTE = /\[\s*(Route|HttpGet|HttpPost|HttpPut|HttpPatch|HttpDelete|HttpHead|HttpOptions)\b/g;
const MAP = /([A-Za-z_]\w*)\s*\.\s*(MapGet|MapPost|MapPut|MapPatch|MapDelete|MapMethods|Map)\s*\(/g;
const GROUP = /([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\s*\.\s*MapGroup\s*\(\s*"([^"]{0,200})"/g;

function join(base: string, sub: string): string {
  // A template starting with `/` or `~/` on an action ignores the controller's route.
  if (sub.startsWith('/') || sub.startsWith('~/')) return `/${sub.replace(/^~?\/+/, '')}`;
  const p = `/${base.replace(/^~?\/+|\/+$/g, '')}/${sub}`.replace(/\/+/g, '/');
  return p.length > 1 ? p.replace(/\/$/, '') : p;
}

/** MapGroup prefixes concatenate: `MapGroup("/api").MapGet("/x")` is `/api/x`, whatever the slashes. */
function groupJoin(prefix: string, path: string): string {
  if (!prefix) return path;
  return `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function attributeArg(text: string, at: number): string {
  const open = skipSpace(text, at);
  if (text[open] !== '(') return '';
  const lit = readString(text, skipSpace(text, open + 1));
  return lit ? lit.value : '';
}

function scanControllers(file: string, src: SourceText): RouteDefinition[] {
  const text = src.text;
  const routes: RouteDefinition[] = [];
  let classRoute = '';
  let controller = '';
  let pending: { method: string; template: string }[] = [];
  let pendingRoute: string | undefined;
  const tokens = new RegExp(`${ATTRIBUTE.source}|\\bclass\\s+([A-Z]\\w*)|\\b(public|internal)\\s+(async\\s+)?[\\w<>\\[\\],.? ]{1,200}?\\s([A-Z]\\w*)\\s*\\(`, 'g');
  for (let m = tokens.exec(text); m; m = tokens.exec(text)) {
    if (m[1]) {
      const arg = attributeArg(text, m.index + m[0].length);
      if (m[1] === 'Route') pendingRoute = arg;
      else pending.push({ method: m[1].slice(4).toUpperCase(), template: arg });
      continue;
    }
    if (m[2]) {
      controller = m[2].replace(/Controller$/, '');
      classRoute = pendingRoute ?? '';
      pendingRoute = undefined;
      pending = [];
      continue;
    }
    const action = m[5];
    const verbs = pending.length > 0 ? pending : pendingRoute !== undefined ? [{ method: '*', template: pendingRoute }] : [];
    const actionRoute = pending.length > 0 ? pendingRoute : undefined;
    pending = [];
    pendingRoute = undefined;
    if (verbs.length === 0 || !controller) continue;
    const line = src.lineAt(m.index);
    const range = braceRange(src, m.index + m[0].length - 1, 3000, ';=[');
    for (const v of verbs) {
      const template = v.template || actionRoute || '';
      const path = join(classRoute, template).replace(/\[controller\]/gi, controller).replace(/\[action\]/gi, action);
      routes.push({ framework: 'aspnet', method: v.method, path, file, line, handler: action, ...(range ? { range: { startLine: line, endLine: range.endLine } } : {}) });
    }
  }
  return routes;
}

function scanMinimal(file: string, src: SourceText): RouteDefinition[] {
  const text = src.text;
  const groups = new Map<string, string>();
  GROUP.lastIndex = 0;
  for (let m = GROUP.exec(text); m; m = GROUP.exec(text)) groups.set(m[1], groupJoin(groups.get(m[2]) ?? '', m[3]));
  const routes: RouteDefinition[] = [];
  MAP.lastIndex = 0;
  for (let m = MAP.exec(text); m; m = MAP.exec(text)) {
    const open = m.index + m[0].length - 1;
    const lit = readString(text, skipSpace(text, open + 1));
    if (!lit || !lit.value.startsWith('/')) continue;
    const close = matchingClose(text, open);
    if (close < 0) continue;
    let methods = m[2] === 'Map' ? ['*'] : [m[2].slice(3).toUpperCase()];
    if (m[2] === 'MapMethods') methods = [...text.slice(lit.end, close).matchAll(/"([A-Z]+)"/g)].map((x) => x[1]);
    const line = src.lineAt(m.index);
    const range = braceRange(src, lit.end, close - lit.end);
    for (const method of methods) {
      routes.push({ framework: 'aspnet', method, path: groupJoin(groups.get(m[1]) ?? '', lit.value), file, line, ...(range ? { range: { startLine: line, endLine: range.endLine } } : {}) });
    }
  }
  return routes;
}

export function scanDotnetRoutes(file: string, src: SourceText): RouteDefinition[] {
  return [...scanControllers(file, src), ...scanMinimal(file, src)];
}
