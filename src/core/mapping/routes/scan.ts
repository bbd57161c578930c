// Picks the scanner for a file by its name. Files that are too large to be hand-written route tables are skipped.
import { scanDotnetRoutes } from './dotnet';
import { scanGoRoutes } from './go';
import { goRouteFacts } from './goMounts';
import { scanJsRoutes } from './js';
import { jsRouteFacts } from './jsMounts';
import { scanJvmRoutes } from './jvm';
import { scanPythonRoutes } from './python';
import { pythonRouteFacts } from './pyMounts';
import { scanRailsRoutes } from './rails';
import { MAX_SCAN_CHARS, SourceText, withBudget } from './source';
import type { RouteDefinition, RouteFileScan, RouteSites } from './types';

type Scanner = (file: string, src: SourceText, sites?: RouteSites) => RouteDefinition[];
type Facts = (file: string, src: SourceText, routes: RouteDefinition[], sites: RouteSites) => RouteFileScan;

/** Whether `scanRoutes` reads this kind of file, so callers can skip reading the others. */
export function mayDefineRoutes(path: string): boolean {
  return /\.(m|c)?(j|t)sx?$|\.py$|\.(java|kt)$|\.go$|\.cs$/.test(path) || /(^|\/)config\/routes(\/[\w/]+)?\.rb$/.test(path);
}

/** HTTP routes defined in one source file, with only that file's prefixes applied. Never throws. */
export function scanRoutes(path: string, text: string): RouteDefinition[] {
  return scanRouteFile(path, text).routes;
}

const empty = (file: string, routes: RouteDefinition[] = []): RouteFileScan => ({
  file, language: 'other', routes, owners: routes.map(() => undefined), ownPrefixes: {}, mounts: [], imports: [], exports: [], globalPrefixes: [],
});

/**
 * One file's routes and the facts `combineRoutePrefixes` needs to put prefixes mounted in other files in front of
 * them: which router each route is declared on, where routers are mounted, what is imported and exported. Never throws.
 */
export function scanRouteFile(path: string, text: string): RouteFileScan {
  if (typeof text !== 'string' || text.length > MAX_SCAN_CHARS) return empty(path);
  const scanner = scannerFor(path);
  if (!scanner) return empty(path);
  let routes: RouteDefinition[];
  const sites: RouteSites = new Map();
  const src = new SourceText(text);
  try {
    routes = withBudget(src, () => scanner.scan(path, src, sites));
  } catch {
    // A scanner bug on odd source must not hide the routes of every other file.
    return empty(path);
  }
  if (!scanner.facts) return empty(path, routes);
  try {
    // The wiring gets a budget of its own: a file whose routes used it all still says where it mounts routers.
    const factsSrc = new SourceText(text);
    return withBudget(factsSrc, () => scanner.facts!(path, factsSrc, routes, sites));
  } catch {
    return empty(path, routes);
  }
}

function scannerFor(path: string): { scan: Scanner; facts?: Facts } | undefined {
  if (/\.(m|c)?(j|t)sx?$/.test(path)) return { scan: scanJsRoutes, facts: jsRouteFacts };
  if (path.endsWith('.py')) return { scan: scanPythonRoutes, facts: pythonRouteFacts };
  if (/\.(java|kt)$/.test(path)) return { scan: scanJvmRoutes };
  if (path.endsWith('.go')) return { scan: scanGoRoutes, facts: goRouteFacts };
  if (path.endsWith('.cs')) return { scan: scanDotnetRoutes };
  if (path.endsWith('.rb')) return { scan: scanRailsRoutes };
  return undefined;
}
