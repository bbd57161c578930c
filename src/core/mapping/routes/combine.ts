// The second pass over a service's scanned files: routers mounted in other files get their mount prefixes.
// Each router is a node (file + router key); each resolved mount is an edge from the router mounted on to the
// router mounted. A route's full path is every chain of prefixes leading to its router, then its own path.
// Conservative by construction: a mount whose target cannot be resolved to exactly one router adds no edge, a mount
// with a prefix that is not a literal adds nothing, and a router no edge reaches keeps its routes as scanned.
import type { GoModule, PathIndex } from '../types';
import { ModuleResolver, dirOf } from './modules';
import { MODULE_KEY } from './python';
import type { RouteDefinition, RouteFileScan, RouteFramework, RouterRef } from './types';

export interface CombineOptions {
  /** go.mod modules of the workspace, to find the folders of Go import paths exactly. */
  goModules?: readonly GoModule[];
}

interface Edge {
  parent: string;
  prefix: string | undefined;
  replacesOwnPrefix: boolean;
  framework?: RouteFramework;
}

const MAX_DEPTH = 8;
const MAX_PREFIXES = 8;

/** `/api` + `/orders/:id`; a trailing slash of the path is kept (Django), an empty path is the prefix itself. */
export function joinRoute(prefix: string, path: string): string {
  const head = prefix.replace(/^\/+/, '').replace(/\/+$/, '');
  const tail = path.replace(/^\/+/, '');
  if (head === '') return `/${tail}`;
  return tail === '' ? `/${head}` : `/${head}/${tail}`;
}

const nodeId = (file: string, key: string) => `${file}#${key}`;

class RouterGraph {
  private readonly byFile = new Map<string, RouteFileScan>();
  private readonly nodes = new Set<string>();
  private readonly resolver: ModuleResolver;
  readonly incoming = new Map<string, Edge[]>();
  private readonly effectiveMemo = new Map<string, string[]>();

  constructor(scans: readonly RouteFileScan[], index: PathIndex, options: CombineOptions) {
    for (const s of scans) {
      this.byFile.set(s.file, s);
      for (const o of s.owners) if (o) this.nodes.add(nodeId(s.file, o.router));
      for (const m of s.mounts) this.nodes.add(nodeId(s.file, m.parent));
    }
    this.resolver = new ModuleResolver([...this.byFile.keys()], index, options.goModules);
    for (const s of scans) {
      for (const m of s.mounts) {
        const child = this.resolve(s, m.child, 0);
        const parent = nodeId(s.file, m.parent);
        if (!child || child === parent) continue;
        const edges = this.incoming.get(child) ?? [];
        edges.push({ parent, prefix: m.prefix, replacesOwnPrefix: m.replacesOwnPrefix === true, ...(m.framework ? { framework: m.framework } : {}) });
        this.incoming.set(child, edges);
      }
    }
  }

  /** Full prefixes (own prefix included) under which the router `id` serves its routes. */
  effective(id: string, visiting: Set<string> = new Set()): string[] {
    const memo = this.effectiveMemo.get(id);
    if (memo) return memo;
    const own = this.ownPrefix(id);
    const edges = this.incoming.get(id);
    if (!edges || visiting.size > MAX_DEPTH) return [own];
    visiting.add(id);
    const out = new Set<string>();
    for (const e of edges) {
      if (e.prefix === undefined || visiting.has(e.parent)) {
        out.add(own);
        continue;
      }
      for (const p of this.effective(e.parent, visiting)) out.add(joinRoute(joinRoute(p, e.prefix), e.replacesOwnPrefix ? '' : own));
    }
    visiting.delete(id);
    const result = [...out].slice(0, MAX_PREFIXES);
    if (visiting.size === 0) this.effectiveMemo.set(id, result);
    return result;
  }

  ownPrefix(id: string): string {
    const hash = id.lastIndexOf('#');
    return this.byFile.get(id.slice(0, hash))?.ownPrefixes[id.slice(hash + 1)] ?? '';
  }

  private unique(ids: (string | undefined)[]): string | undefined {
    const found = new Set(ids.filter((i): i is string => i !== undefined));
    return found.size === 1 ? [...found][0] : undefined;
  }

  private resolve(scan: RouteFileScan, ref: RouterRef, depth: number): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (scan.language === 'go') return this.resolveGo(scan, ref);
    if (ref.kind === 'local') return this.nodes.has(nodeId(scan.file, ref.key)) ? nodeId(scan.file, ref.key) : undefined;
    if (ref.kind === 'method') return undefined;
    if (scan.language === 'python') {
      const target = this.resolver.python(scan.file, ref.from);
      if (!target) return undefined;
      return ref.kind === 'module' ? this.existing(nodeId(target, MODULE_KEY)) : this.pythonName(target, ref.name, depth);
    }
    const target = this.resolver.js(scan.file, ref.from);
    return target ? this.jsExport(target, ref.kind === 'module' ? 'default' : ref.name, depth) : undefined;
  }

  private existing(id: string): string | undefined {
    return this.nodes.has(id) ? id : undefined;
  }

  /** A name of a Python module: a router defined there, or one it imports (a package `__init__` re-exporting it). */
  private pythonName(file: string, name: string, depth: number): string | undefined {
    const here = this.existing(nodeId(file, name));
    if (here) return here;
    const scan = this.byFile.get(file);
    const imp = scan?.imports.find((i) => i.local === name);
    if (!scan || !imp) return undefined;
    return this.resolve(scan, imp.name === '*' ? { kind: 'module', from: imp.from } : { kind: 'import', from: imp.from, name: imp.name }, depth + 1);
  }

  /** The router a JavaScript module exports under `name`, through re-exports and `export *`. */
  private jsExport(file: string, name: string, depth: number): string | undefined {
    const scan = this.byFile.get(file);
    if (!scan || depth > MAX_DEPTH) return undefined;
    const found = scan.exports.filter((e) => e.name === name).map((e) => {
      if (e.from) {
        const target = this.resolver.js(file, e.from);
        return target ? this.jsExport(target, e.fromName ?? name, depth + 1) : undefined;
      }
      const local = e.local ?? name;
      const imp = scan.imports.find((i) => i.local === local);
      if (imp) return this.resolve(scan, { kind: 'import', from: imp.from, name: imp.name === '*' ? 'default' : imp.name }, depth + 1);
      return this.existing(nodeId(file, local));
    });
    const direct = this.unique(found);
    if (direct || found.some((f) => f !== undefined) || name === 'default') return direct;
    const stars = scan.exports.filter((e) => e.name === '*' && e.from).map((e) => {
      const target = this.resolver.js(file, e.from as string);
      return target ? this.jsExport(target, name, depth + 1) : undefined;
    });
    return this.unique(stars);
  }

  private resolveGo(scan: RouteFileScan, ref: RouterRef): string | undefined {
    const inPackage = (dir: string | undefined, key: string) =>
      dir === undefined ? undefined : this.unique(this.resolver.goFilesIn(dir).map((f) => this.existing(nodeId(f, key))));
    if (ref.kind === 'local') return inPackage(dirOf(scan.file), ref.key);
    if (ref.kind === 'import') return inPackage(this.resolver.goPackage(ref.from), ref.name);
    if (ref.kind === 'method') {
      // `h.Routes()`: the receiver's type is unknown, so only a method name that one file defines routes in will do.
      const hits = [...this.byFile.values()].filter((s) => s.language === 'go').map((s) => this.existing(nodeId(s.file, `*.${ref.name}`))).filter((h) => h !== undefined);
      return hits.length === 1 ? hits[0] : undefined;
    }
    return undefined;
  }
}

/** NestJS global prefixes: the nearest `setGlobalPrefix` in a folder holding the controller, if it is one literal. */
function nestPrefixFor(file: string, scans: readonly RouteFileScan[]): { prefix: string; exclude: string[] } | undefined {
  const owning = scans.filter((s) => s.globalPrefixes.length > 0 && (dirOf(s.file) === '' || file.startsWith(`${dirOf(s.file)}/`)));
  if (owning.length === 0) return undefined;
  const depth = Math.max(...owning.map((s) => dirOf(s.file).length));
  const nearest = owning.filter((s) => dirOf(s.file).length === depth).flatMap((s) => s.globalPrefixes);
  const values = new Set(nearest.map((g) => g.prefix));
  if (values.size !== 1 || nearest[0].prefix === undefined) return undefined;
  return { prefix: nearest[0].prefix, exclude: nearest.flatMap((g) => g.exclude) };
}

/**
 * Routes of a service's scanned files with the prefixes mounted in other files in front of them: Express/Koa
 * `use`, Fastify `register`, Flask blueprints, FastAPI routers, Django `include`, chi `Mount`, registration
 * functions, NestJS's global prefix. File, line and range stay those of the handler.
 */
export function combineRoutePrefixes(scans: readonly RouteFileScan[], index: PathIndex, options: CombineOptions = {}): RouteDefinition[] {
  const graph = new RouterGraph(scans, index, options);
  const out: RouteDefinition[] = [];
  for (const scan of scans) {
    scan.routes.forEach((route, i) => {
      const owner = scan.owners[i];
      const id = owner ? nodeId(scan.file, owner.router) : undefined;
      const edges = id ? graph.incoming.get(id) : undefined;
      if (!owner || !id || !edges) {
        const nest = route.framework === 'nestjs' ? nestPrefixFor(route.file, scans) : undefined;
        const excluded = nest?.exclude.includes(route.path.replace(/^\/+/, ''));
        out.push(nest && !excluded ? { ...route, path: joinRoute(nest.prefix, route.path) } : route);
        return;
      }
      const framework = route.framework === 'express' ? edges.find((e) => e.framework === 'fastify' || e.framework === 'koa')?.framework : undefined;
      const own = graph.ownPrefix(id);
      for (const prefix of graph.effective(id)) {
        const path = prefix === own ? route.path : joinRoute(prefix, owner.bare);
        out.push({ ...route, path, ...(framework ? { framework } : {}) });
      }
    });
  }
  return out;
}
