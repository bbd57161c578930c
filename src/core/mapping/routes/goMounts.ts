// How a Go file wires its routers: chi `r.Mount("/api", users.Router())`, and registration calls that hand a
// router or group to a function declaring routes on it (`orders.Register(v1)`, `api.Routes(r)`). Facts only:
// combine.ts resolves them across packages.
import { GoScope } from './goScope';
import type { SourceText } from './source';
import { literalArg, matchingClose, splitArgs } from './source';
import type { ModuleImport, RouteDefinition, RouteFileScan, RouteMount, RouterRef, RouteSites } from './types';

const FACTORY = /\b(\w+)\s*:?=\s*(?:chi\.NewRouter|chi\.NewMux|gin\.New|gin\.Default|echo\.New|fiber\.New|mux\.NewRouter|http\.NewServeMux)\s*\(/g;
const NOT_CALLEES = new Set(['if', 'for', 'switch', 'return', 'go', 'defer', 'func', 'make', 'len', 'append', 'panic', 'print', 'println']);

/** `import "x/y"`, `import ( alias "x/y" ... )`: the local package name of each path. */
function parseImports(text: string): ModuleImport[] {
  const out: ModuleImport[] = [];
  const add = (alias: string | undefined, path: string) => {
    const segs = path.split('/');
    const last = /^v\d+$/.test(segs[segs.length - 1]) && segs.length > 1 ? segs[segs.length - 2] : segs[segs.length - 1];
    const local = alias ?? last.replace(/^go-/, '').replace(/[^\w]/g, '');
    if (local !== '_' && local !== '.') out.push({ local, from: path, name: '*' });
  };
  for (const m of text.matchAll(/^import\s+(\w+\s+)?"([^"]+)"/gm)) add(m[1]?.trim(), m[2]);
  for (const block of text.matchAll(/^import\s*\(([^)]*)\)/gm)) {
    for (const m of block[1].matchAll(/^\s*(\w+|_|\.)?\s*"([^"]+)"/gm)) add(m[1], m[2]);
  }
  return out;
}

class GoFacts {
  readonly scope: GoScope;
  readonly imports: ModuleImport[];

  constructor(readonly src: SourceText) {
    this.scope = new GoScope(src);
    this.imports = parseImports(src.text);
  }

  /** `users.Router()`, `newAPIRouter()`, `h.Routes()`, `sub`. */
  refOf(expr: string, at: number): RouterRef | undefined {
    const call = /^(?:(\w+)\s*\.\s*)?(\w+)\s*(\([^]*\))?$/.exec(expr.trim());
    if (!call) return undefined;
    const [, qualifier, name, args] = call;
    if (!qualifier) {
      if (args) return NOT_CALLEES.has(name) ? undefined : { kind: 'local', key: name };
      return { kind: 'local', key: this.scope.routerAt(name, at).key };
    }
    const pkg = this.imports.find((i) => i.local === qualifier);
    if (pkg) return { kind: 'import', from: pkg.from, name };
    return args ? { kind: 'method', name } : undefined;
  }
}

/** The wiring facts of a Go file whose routes (and their sites) were just scanned. */
export function goRouteFacts(file: string, src: SourceText, routes: RouteDefinition[], sites: RouteSites): RouteFileScan {
  const text = src.text;
  const facts = new GoFacts(src);
  const mounts: RouteMount[] = [];
  const mount = /(\w+)\s*\.\s*Mount\s*\(/g;
  for (let m = mount.exec(text); m; m = mount.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchingClose(text, open);
    if (close < 0) continue;
    const [pattern, handler] = splitArgs(text, open, close);
    const written = pattern ? literalArg(pattern.text) : undefined;
    const child = handler ? facts.refOf(handler.text, handler.at) : undefined;
    if (!child) continue;
    const parent = facts.scope.routerAt(m[1], m.index);
    mounts.push({
      parent: parent.key, prefix: written === undefined ? undefined : `${parent.prefix.replace(/\/+$/, '')}${written.startsWith('/') ? '' : '/'}${written}`,
      child, line: src.lineAt(m.index), framework: 'chi',
    });
  }
  const routerLike = new Set<string>([...sites.values()].map((s) => s.object));
  for (const m of text.matchAll(FACTORY)) routerLike.add(m[1]);
  for (const name of facts.scope.groupsOf().keys()) routerLike.add(name);
  for (const name of facts.scope.closureParams()) routerLike.add(name);
  // `orders.Register(v1)`: the called function declares its routes on the router or group it is given.
  const registration = /^[ \t]*((?:\w+\s*\.\s*)?\w+)\s*\(([^()\n]*)\)[ \t]*(?:\/\/.*)?$/gm;
  for (let m = registration.exec(text); m; m = registration.exec(text)) {
    const arg = m[2].split(',').map((a) => a.trim()).find((a) => routerLike.has(a));
    if (!arg || /\.\s*(Mount|Use|Group|Route)$/.test(m[1])) continue;
    const child = facts.refOf(`${m[1]}()`, m.index);
    if (!child) continue;
    const parent = facts.scope.routerAt(arg, m.index);
    mounts.push({ parent: parent.key, prefix: parent.prefix, child, line: src.lineAt(m.index) });
  }
  return {
    file, language: 'go', routes,
    owners: routes.map((r) => {
      const site = sites.get(r);
      return site ? { router: facts.scope.routerAt(site.object, site.at).key, bare: site.bare } : undefined;
    }),
    ownPrefixes: {}, mounts, imports: facts.imports, exports: [], globalPrefixes: [],
  };
}
