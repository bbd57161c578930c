// Flask (`@app.route`, `@bp.get`), FastAPI (`@app.get`, `@router.post`, `APIRouter(prefix=...)`) and Django
// (`path('orders/<int:pk>/', views.detail, name='order-detail')`, `re_path`, `url`) routes.
import type { RouteDefinition, RouteFramework, RouteSites } from './types';
import type { SourceText } from './source';
import { indentRange, matchingClose, readString, skipSpace } from './source';

const DECORATOR = /^[ \t]*@([A-Za-z_][\w]*)\.(route|api_route|get|post|put|patch|delete|head|options)\s*\(/gm;
const DJANGO = /\b(path|re_path|url)\s*\(/g;

export const MODULE_KEY = '*module*';

function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  return `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`.replace(/(.)\/$/, '$1');
}

/** `bp = Blueprint('orders', __name__, url_prefix='/orders')`, `router = APIRouter(prefix="/items")`. */
export function blueprintPrefixes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /^[ \t]*([A-Za-z_]\w*)\s*=\s*(?:[\w.]+\.)?(Blueprint|APIRouter)\s*\(/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchingClose(text, open, true);
    const args = text.slice(open, close < 0 ? open + 500 : close);
    const p = /(url_prefix|prefix)\s*=\s*[rf]?(['"])([^'"]{0,200})\2/.exec(args);
    if (p) out.set(m[1], p[3]);
  }
  return out;
}

function methodsOf(args: string, verb: string): string[] {
  if (verb !== 'route' && verb !== 'api_route') return [verb.toUpperCase()];
  const list = /methods\s*=\s*[[(]([^\])]{0,200})[\])]/.exec(args);
  if (!list) return verb === 'route' ? ['GET'] : ['*'];
  return [...list[1].matchAll(/['"](\w+)['"]/g)].map((x) => x[1].toUpperCase());
}

function scanDecorators(file: string, src: SourceText, framework: RouteFramework, sites?: RouteSites): RouteDefinition[] {
  const text = src.text;
  const prefixOf = blueprintPrefixes(text);
  const routes: RouteDefinition[] = [];
  DECORATOR.lastIndex = 0;
  for (let m = DECORATOR.exec(text); m; m = DECORATOR.exec(text)) {
    const [, object, verb] = m;
    const open = m.index + m[0].length - 1;
    const lit = readString(text, skipSpace(text, open + 1));
    if (!lit || !lit.value.startsWith('/')) continue;
    const close = matchingClose(text, open, true);
    const args = text.slice(lit.end, close < 0 ? lit.end + 300 : close);
    // The handler is the next `def` after the decorator stack.
    const decoLine = src.lineAt(m.index);
    let defLine = -1;
    let name: string | undefined;
    for (let i = decoLine; i < src.lines.length && i < decoLine + 40; i++) {
      const def = /^\s*(async\s+)?def\s+([A-Za-z_]\w*)/.exec(src.lines[i]);
      if (def) {
        defLine = i + 1;
        name = def[2];
        break;
      }
    }
    for (const method of methodsOf(args, verb)) {
      const route: RouteDefinition = { framework, method, path: joinPath(prefixOf.get(object) ?? '', lit.value), file, line: defLine > 0 ? defLine : decoLine };
      if (name) route.handler = name;
      if (defLine > 0) route.range = indentRange(src, defLine);
      routes.push(route);
      sites?.set(route, { object, at: m.index, bare: lit.value });
    }
  }
  return routes;
}

/** `(?P<pk>\d+)` → `<pk>`, anchors and the optional trailing slash dropped: a template the matcher understands. */
export function djangoRegexToTemplate(pattern: string): string {
  let out = '';
  let i = pattern.startsWith('^') ? 1 : 0;
  while (i < pattern.length) {
    const named = /^\(\?P<(\w+)>/.exec(pattern.slice(i, i + 40));
    if (named) {
      // Skip the group's body, nested groups included, by counting parentheses.
      let depth = 0;
      let j = i;
      for (; j < pattern.length; j++) {
        if (pattern[j] === '\\') j++;
        else if (pattern[j] === '(') depth++;
        else if (pattern[j] === ')' && --depth === 0) break;
      }
      out += `<${named[1]}>`;
      i = j + 1;
      continue;
    }
    if (pattern[i] === '\\' && i + 1 < pattern.length) {
      out += pattern[i + 1];
      i += 2;
      continue;
    }
    out += pattern[i++];
  }
  return out.replace(/\/\??\$$/, '/').replace(/\$$/, '');
}

export const isDjangoUrls = (text: string) => /\bfrom\s+django\b|\bimport\s+django\b|urlpatterns\s*=/.test(text);

function scanDjango(file: string, src: SourceText, sites?: RouteSites): RouteDefinition[] {
  const text = src.text;
  const routes: RouteDefinition[] = [];
  const appName = /^app_name\s*=\s*(['"])([^'"\n]{1,100})\1/m.exec(text)?.[2];
  DJANGO.lastIndex = 0;
  for (let m = DJANGO.exec(text); m; m = DJANGO.exec(text)) {
    if (/[\w.]/.test(text.charAt(m.index - 1))) continue;
    const open = m.index + m[0].length - 1;
    const lit = readString(text, skipSpace(text, open + 1));
    if (!lit) continue;
    const close = matchingClose(text, open, true);
    if (close < 0) continue;
    const args = text.slice(lit.end, close);
    const view = /^\s*,\s*([A-Za-z_][\w.]*)/.exec(args);
    if (!view || view[1] === 'include') continue;
    // Class-based views: `views.StatsView.as_view()` is handled by the class.
    const handler = view[1].replace(/\.as_view$/, '');
    const template = m[1] === 'path' ? lit.value : djangoRegexToTemplate(lit.value);
    const route: RouteDefinition = {
      framework: 'django', method: '*', path: `/${template.replace(/^\/+/, '')}`, file, line: src.lineAt(m.index), handler,
    };
    const name = /\bname\s*=\s*(['"])([^'"]{1,200})\1/.exec(args);
    if (name) route.name = name[2];
    if (appName) route.appName = appName;
    routes.push(route);
    sites?.set(route, { object: MODULE_KEY, at: m.index, bare: route.path });
  }
  return routes;
}

export function scanPythonRoutes(file: string, src: SourceText, sites?: RouteSites): RouteDefinition[] {
  const text = src.text;
  const routes: RouteDefinition[] = [];
  if (isDjangoUrls(text)) routes.push(...scanDjango(file, src, sites));
  const framework: RouteFramework = /\bfastapi\b/.test(text) ? 'fastapi' : 'flask';
  routes.push(...scanDecorators(file, src, framework, sites));
  return routes;
}
