// Loads a folder of real source files as a small workspace for the route tests: every file's text, the file index,
// the per-file route scans and go.mod modules, then the service's routes as CodeIndex.routesOf builds them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileIndex } from '../../../src/core/mapping/fileIndex';
import { goModulesOf } from '../../../src/core/mapping/goMod';
import { combineRoutePrefixes } from '../../../src/core/mapping/routes/combine';
import { resolveRouteHandlers } from '../../../src/core/mapping/routes/resolve';
import { mayDefineRoutes, scanRouteFile } from '../../../src/core/mapping/routes/scan';
import type { RouteDefinition, RouteFileScan } from '../../../src/core/mapping/routes/types';
import type { GoModule } from '../../../src/core/mapping/types';
import { FIXTURES } from './workspaces';

export const REPO = path.resolve(FIXTURES, '..', '..', '..');
export const MOUNTS = path.join(FIXTURES, 'mounts');

export interface SourceTree {
  files: string[];
  texts: Map<string, string>;
  index: FileIndex;
  scans: RouteFileScan[];
  goModules: GoModule[];
}

function walk(root: string, dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(root, rel, out);
    else out.push(rel);
  }
}

/** The files under `root` (workspace-relative to it), optionally only those under `folders`. */
export function loadSourceTree(root: string, folders: string[] = ['']): SourceTree {
  const files: string[] = [];
  walk(root, '', files);
  files.sort();
  const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
  const inService = files.filter((f) => folders.some((d) => d === '' || f.startsWith(`${d}/`)) && mayDefineRoutes(f));
  return {
    files, texts, index: new FileIndex(files),
    scans: inService.map((f) => scanRouteFile(f, texts.get(f) as string)),
    goModules: goModulesOf(files.filter((f) => f.endsWith('go.mod')).map((f) => ({ path: f, text: texts.get(f) as string }))),
  };
}

/** Routes with prefixes combined and handlers resolved, as CodeIndex.routesOf returns them. */
export function routesOfTree(tree: SourceTree): RouteDefinition[] {
  const combined = combineRoutePrefixes(tree.scans, tree.index, { goModules: tree.goModules });
  return resolveRouteHandlers(combined, { index: tree.index, readFile: (p) => tree.texts.get(p) });
}

/** `METHOD path file:line`, sorted: a whole app's routes in one readable expectation. */
export function listing(routes: readonly RouteDefinition[]): string[] {
  return routes.map((r) => `${r.method} ${r.path} ${r.file}:${r.line}`).sort();
}
