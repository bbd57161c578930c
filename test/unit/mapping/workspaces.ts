// Loads the fixture workspaces (path lists and go.mod texts) from test/fixtures/mapping/workspaces.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileIndex } from '../../../src/core/mapping/fileIndex';
import { goModulesOf } from '../../../src/core/mapping/goMod';
import type { GoModule, MappingContext } from '../../../src/core/mapping/types';
import type { PathMapping } from '../../../src/core/config/prodlensConfig';

// Compiled tests run from out/test/unit/mapping; fixtures stay in the source tree.
export const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'mapping');

export interface Workspace {
  name: string;
  files: string[];
  goModules: GoModule[];
  index: FileIndex;
}

const cache = new Map<string, Workspace>();

export function workspace(name: string): Workspace {
  const hit = cache.get(name);
  if (hit) return hit;
  const json = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'workspaces', `${name}.json`), 'utf8')) as { files: string[]; goMod?: Record<string, string> };
  const goModules = goModulesOf(Object.entries(json.goMod ?? {}).map(([p, text]) => ({ path: p, text })));
  const ws = { name, files: json.files, goModules, index: new FileIndex(json.files) };
  cache.set(name, ws);
  return ws;
}

export interface CaseContext {
  pathMappings?: PathMapping[];
  preferFolders?: string[];
  appPackages?: string[];
  /** Map as if the workspace's go.mod files were unknown. */
  withoutGoModules?: boolean;
}

export function contextFor(name: string, extra: CaseContext = {}): MappingContext {
  const ws = workspace(name);
  return {
    index: ws.index,
    goModules: extra.withoutGoModules ? [] : ws.goModules,
    pathMappings: extra.pathMappings ?? [],
    preferFolders: extra.preferFolders ?? [],
    appPackages: extra.appPackages ?? [],
  };
}

export function readTrace(file: string, crlf = false): string {
  const text = fs.readFileSync(path.join(FIXTURES, 'traces', file), 'utf8').replace(/\r\n/g, '\n');
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}
