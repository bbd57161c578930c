// Routes whose handler lives in another file: a Django `urls.py` names `views.detail`, Rails `routes.rb` names
// `orders#show`. With the workspace index and a way to read files, point them at the handler's definition.
import type { PathIndex } from '../types';
import { SourceText, indentRange, rubyDefRange } from './source';
import type { RouteDefinition } from './types';

export interface HandlerSources {
  index: PathIndex;
  /** Text of a workspace file, or undefined if unreadable. Called only for the few files a handler can be in. */
  readFile(path: string): string | undefined;
}

const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const joinPath = (...parts: string[]) => parts.filter((p) => p !== '').join('/');

function findDefinition(text: string, name: string, kind: 'python' | 'ruby'): { line: number; range?: { startLine: number; endLine: number } } | undefined {
  const src = new SourceText(text);
  const re = kind === 'python' ? new RegExp(`^\\s*(async\\s+def|def|class)\\s+${name}\\b`) : new RegExp(`^\\s*def\\s+${name}\\b`);
  const i = src.lines.findIndex((l) => re.test(l));
  if (i < 0) return undefined;
  const range = kind === 'python' ? indentRange(src, i + 1) : rubyDefRange(src, i + 1);
  return { line: i + 1, ...(range ? { range } : {}) };
}

/** Files a dotted module can be: relative to the urls.py package (`from . import views`) or anywhere (`shop.views`). */
function moduleFiles(dotted: string, relativeTo: string | undefined, sources: HandlerSources): string[] {
  const base = dotted.replace(/\./g, '/');
  const files: string[] = [];
  for (const rel of [`${base}.py`, `${base}/__init__.py`]) {
    if (relativeTo !== undefined) {
      const f = joinPath(relativeTo, rel);
      if (sources.index.has(f)) files.push(f);
    } else {
      const match = sources.index.findBySuffix(rel, 5);
      if (match.total === 1 && match.segments >= rel.split('/').length) files.push(match.files[0]);
    }
  }
  return files;
}

/** The module a name in urls.py comes from, following its imports. */
function importedModule(urlsFile: string, urlsText: string, name: string, isModule: boolean, sources: HandlerSources): string[] {
  const here = dirOf(urlsFile);
  const from = new RegExp(`^\\s*from\\s+(\\.*)([\\w.]*)\\s+import\\s+[^\\n]*\\b${name}\\b`, 'm').exec(urlsText);
  if (from) {
    // `from . import views` imports a module; `from .views import detail` imports a name from one.
    const dotted = isModule ? joinPath(from[2], name).replace(/\//g, '.') : from[2];
    let dir: string | undefined;
    if (from[1].length > 0) {
      dir = here;
      for (let up = 1; up < from[1].length; up++) dir = dirOf(dir);
    }
    return dotted ? moduleFiles(dotted, dir, sources) : [];
  }
  const imp = new RegExp(`^\\s*import\\s+([\\w.]*\\b${name})\\b`, 'm').exec(urlsText);
  if (imp) return moduleFiles(imp[1], undefined, sources);
  return isModule ? moduleFiles(name, here, sources) : [];
}

function resolveDjango(route: RouteDefinition, sources: HandlerSources): RouteDefinition {
  const handler = route.handler ?? '';
  const urlsText = sources.readFile(route.file) ?? '';
  const dot = handler.lastIndexOf('.');
  const name = handler.slice(dot + 1);
  const files = dot > 0
    ? importedModule(route.file, urlsText, handler.slice(0, dot).split('.').pop()!, true, sources)
    : importedModule(route.file, urlsText, name, false, sources);
  for (const file of files) {
    const def = findDefinition(sources.readFile(file) ?? '', name, 'python');
    if (def) return { ...route, file, line: def.line, ...(def.range ? { range: def.range } : {}), definedAt: { file: route.file, line: route.line } };
  }
  return route;
}

function resolveRails(route: RouteDefinition, sources: HandlerSources): RouteDefinition {
  const [controller, action] = (route.handler ?? '').split('#');
  if (!controller || !action) return route;
  const root = route.file.replace(/config\/routes(\/[\w/]+)?\.rb$/, '');
  const file = `${root}app/controllers/${controller}_controller.rb`;
  if (!sources.index.has(file)) return route;
  const def = findDefinition(sources.readFile(file) ?? '', action, 'ruby');
  if (!def) return route;
  return { ...route, file, line: def.line, ...(def.range ? { range: def.range } : {}), definedAt: { file: route.file, line: route.line } };
}

/** Moves Django and Rails routes to their handler's definition when it can be found; others are returned as is. */
export function resolveRouteHandlers(routes: readonly RouteDefinition[], sources: HandlerSources): RouteDefinition[] {
  return routes.map((route) => {
    if (!route.handler || !/^[\w./#]+$/.test(route.handler)) return route;
    if (route.framework === 'django') return resolveDjango(route, sources);
    if (route.framework === 'rails') return resolveRails(route, sources);
    return route;
  });
}
