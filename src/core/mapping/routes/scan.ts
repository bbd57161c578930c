// Picks the scanner for a file by its name. Files that are too large to be hand-written route tables are skipped.
import { scanDotnetRoutes } from './dotnet';
import { scanGoRoutes } from './go';
import { scanJsRoutes } from './js';
import { scanJvmRoutes } from './jvm';
import { scanPythonRoutes } from './python';
import { scanRailsRoutes } from './rails';
import { MAX_SCAN_CHARS, SourceText, withBudget } from './source';
import type { RouteDefinition } from './types';

/** Whether `scanRoutes` reads this kind of file, so callers can skip reading the others. */
export function mayDefineRoutes(path: string): boolean {
  return /\.(m|c)?(j|t)sx?$|\.py$|\.(java|kt)$|\.go$|\.cs$/.test(path) || /(^|\/)config\/routes(\/[\w/]+)?\.rb$/.test(path);
}

/** HTTP routes defined in one source file. Never throws. */
export function scanRoutes(path: string, text: string): RouteDefinition[] {
  if (typeof text !== 'string' || text.length > MAX_SCAN_CHARS) return [];
  const scanner = scannerFor(path);
  if (!scanner) return [];
  try {
    const src = new SourceText(text);
    return withBudget(src, () => scanner(path, src));
  } catch {
    // A scanner bug on odd source must not hide the routes of every other file.
    return [];
  }
}

function scannerFor(path: string): ((file: string, src: SourceText) => RouteDefinition[]) | undefined {
  if (/\.(m|c)?(j|t)sx?$/.test(path)) return scanJsRoutes;
  if (path.endsWith('.py')) return scanPythonRoutes;
  if (/\.(java|kt)$/.test(path)) return scanJvmRoutes;
  if (path.endsWith('.go')) return scanGoRoutes;
  if (path.endsWith('.cs')) return scanDotnetRoutes;
  if (path.endsWith('.rb')) return scanRailsRoutes;
  return undefined;
}
