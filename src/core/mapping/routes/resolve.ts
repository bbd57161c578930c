// Routes whose handler lives in another file: a Django `urls.py` names `views.detail`, Rails `routes.rb` names
// `orders#show`. With the workspace index and a way to read files, point them at the handler's definition.
import type { PathIndex } from '../types';
import { DjangoViewResolver } from './djangoViews';
import { SourceText, rubyDefRange } from './source';
import type { RouteDefinition } from './types';

export interface HandlerSources {
  index: PathIndex;
  /** Text of a workspace file, or undefined if unreadable. Called only for the few files a handler can be in. */
  readFile(path: string): string | undefined;
}

function rubyDefinition(text: string, name: string): { line: number; range?: { startLine: number; endLine: number } } | undefined {
  const src = new SourceText(text);
  const re = new RegExp(`^\\s*def\\s+${name}\\b`);
  const i = src.lines.findIndex((l) => re.test(l));
  if (i < 0) return undefined;
  const range = rubyDefRange(src, i + 1);
  return { line: i + 1, ...(range ? { range } : {}) };
}

function resolveRails(route: RouteDefinition, sources: HandlerSources): RouteDefinition {
  const [controller, action] = (route.handler ?? '').split('#');
  if (!controller || !action) return route;
  const root = route.file.replace(/config\/routes(\/[\w/]+)?\.rb$/, '');
  const file = `${root}app/controllers/${controller}_controller.rb`;
  if (!sources.index.has(file)) return route;
  const def = rubyDefinition(sources.readFile(file) ?? '', action);
  if (!def) return route;
  return { ...route, file, line: def.line, ...(def.range ? { range: def.range } : {}), definedAt: { file: route.file, line: route.line } };
}

/** Moves Django and Rails routes to their handler's definition when it can be found; others are returned as is. */
export function resolveRouteHandlers(routes: readonly RouteDefinition[], sources: HandlerSources): RouteDefinition[] {
  // One resolver for the whole list: the urls and views modules are parsed once, however many routes name them.
  const django = new DjangoViewResolver(sources);
  return routes.map((route) => {
    if (!route.handler || !/^[\w./#]+$/.test(route.handler)) return route;
    if (route.framework === 'django') return django.resolve(route);
    if (route.framework === 'rails') return resolveRails(route, sources);
    return route;
  });
}
