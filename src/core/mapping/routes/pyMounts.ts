// How a Python file wires its routers: Flask `app.register_blueprint(bp, url_prefix='/api')`, FastAPI
// `app.include_router(router, prefix='/api')`, Django `path('api/', include('shop.urls'))`, and the imports that
// name the mounted objects. Facts only: combine.ts resolves them across files.
import { MODULE_KEY, blueprintPrefixes, djangoRegexToTemplate, isDjangoUrls } from './python';
import type { SourceText } from './source';
import { literalArg, matchingClose, splitArgs } from './source';
import type { ModuleImport, RouteDefinition, RouteFileScan, RouteMount, RouterRef, RouteSites } from './types';

/** `from .orders import bp as orders_bp`, `from app.routes import (a, b)`, `import shop.urls as shop_urls`. */
export function parseImports(text: string): ModuleImport[] {
  const out: ModuleImport[] = [];
  const from = /^[ \t]*from\s+(\.*[\w.]*)\s+import\s+(\([^)]*\)|[^\n#]+)/gm;
  for (let m = from.exec(text); m; m = from.exec(text)) {
    for (const item of m[2].replace(/[()\\]/g, ' ').split(',')) {
      const parts = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(item.replace(/#.*$/gm, ''));
      if (parts) out.push({ local: parts[2] ?? parts[1], from: m[1], name: parts[1] });
    }
  }
  const plain = /^[ \t]*import\s+([\w. \t,]+?)(?:\s+as\s+(\w+))?[ \t]*(?:#.*)?$/gm;
  for (let m = plain.exec(text); m; m = plain.exec(text)) {
    if (m[2]) {
      out.push({ local: m[2], from: m[1].trim(), name: '*' });
      continue;
    }
    for (const mod of m[1].split(',').map((x) => x.trim()).filter((x) => /^[\w.]+$/.test(x))) {
      out.push({ local: mod.split('.')[0], from: mod.split('.')[0], name: '*' });
    }
  }
  return out;
}

const joinDotted = (base: string, ...names: string[]) => names.reduce((acc, n) => (acc === '' || acc.endsWith('.') ? `${acc}${n}` : `${acc}.${n}`), base);

/** What `bp`, `orders.bp` or `api.v1.router` names, through this file's imports. */
export function refOf(expr: string, imports: readonly ModuleImport[]): RouterRef | undefined {
  if (!/^\w+(\.\w+)*$/.test(expr)) return undefined;
  const segs = expr.split('.');
  const imp = imports.find((i) => i.local === segs[0]);
  if (!imp) return segs.length === 1 ? { kind: 'local', key: segs[0] } : undefined;
  const last = segs[segs.length - 1];
  const middle = segs.slice(1, -1);
  if (imp.name === '*') {
    // `import shop.urls` binds `shop`: `shop.urls.bp` is `bp` of module `shop.urls`.
    return segs.length === 1 ? { kind: 'module', from: imp.from } : { kind: 'import', from: joinDotted(imp.from, ...middle), name: last };
  }
  return segs.length === 1 ? { kind: 'import', from: imp.from, name: imp.name } : { kind: 'import', from: joinDotted(imp.from, imp.name, ...middle), name: last };
}

function stringConstants(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /^(\w+)\s*(?::\s*str\s*)?=\s*[rub]?(['"])([^'"\n]{0,200})\2[ \t]*(?:#.*)?$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.set(m[1], m[3]);
  return out;
}

function keyword(args: { text: string }[], name: string): string | undefined {
  const kw = new RegExp(`^${name}\\s*=\\s*`);
  const arg = args.find((a) => kw.test(a.text));
  return arg ? arg.text.replace(kw, '') : undefined;
}

function registrations(src: SourceText, imports: readonly ModuleImport[], constants: Map<string, string>): RouteMount[] {
  const text = src.text;
  const mounts: RouteMount[] = [];
  const re = /\b(\w+)\s*\.\s*(register_blueprint|include_router)\s*\(/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchingClose(text, open, true);
    if (close < 0) continue;
    const args = splitArgs(text, open, close, true);
    const flask = m[2] === 'register_blueprint';
    const childText = keyword(args, flask ? 'blueprint' : 'router') ?? args.find((a) => !/^\w+\s*=/.test(a.text))?.text;
    const child = childText ? refOf(childText, imports) : undefined;
    if (!child) continue;
    const written = keyword(args, flask ? 'url_prefix' : 'prefix');
    const prefix = written === undefined ? '' : literalArg(written) ?? constants.get(written);
    mounts.push({
      parent: m[1], prefix, child, line: src.lineAt(m.index), framework: flask ? 'flask' : 'fastapi',
      ...(flask && written !== undefined ? { replacesOwnPrefix: true } : {}),
    });
  }
  return mounts;
}

/** `path('api/', include('shop.urls'))`, `re_path(r'^api/', include(('shop.urls', 'shop')))`, `include(shop_urls)`. */
function djangoIncludes(src: SourceText, imports: readonly ModuleImport[]): RouteMount[] {
  const text = src.text;
  const mounts: RouteMount[] = [];
  const re = /\b(path|re_path|url)\s*\(/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (/[\w.]/.test(text.charAt(m.index - 1))) continue;
    const open = m.index + m[0].length - 1;
    const close = matchingClose(text, open, true);
    if (close < 0) continue;
    const [pattern, target] = splitArgs(text, open, close, true);
    const include = target ? /^include\s*\(/.exec(target.text) : null;
    if (!pattern || !include) continue;
    const includeOpen = target.at + include[0].length - 1;
    const inner = splitArgs(text, includeOpen, matchingClose(text, includeOpen, true), true)[0];
    if (!inner) continue;
    let first = inner.text;
    if (first.startsWith('(')) first = splitArgs(text, inner.at, matchingClose(text, inner.at, true), true)[0]?.text ?? '';
    const dotted = literalArg(first);
    let child: RouterRef | undefined = dotted !== undefined ? { kind: 'module', from: dotted } : refOf(first, imports);
    if (child?.kind === 'import') child = { kind: 'module', from: joinDotted(child.from, child.name) };
    if (!child || child.kind !== 'module') continue;
    const written = literalArg(pattern.text);
    const prefix = written === undefined ? undefined : m[1] === 'path' ? written : djangoRegexToTemplate(written);
    mounts.push({ parent: MODULE_KEY, prefix: prefix === undefined ? undefined : `/${prefix.replace(/^\/+/, '')}`, child, line: src.lineAt(m.index), framework: 'django' });
  }
  return mounts;
}

/** The wiring facts of a Python file whose routes (and their sites) were just scanned. */
export function pythonRouteFacts(file: string, src: SourceText, routes: RouteDefinition[], sites: RouteSites): RouteFileScan {
  const text = src.text;
  const imports = parseImports(text);
  const mounts: RouteMount[] = [];
  if (/register_blueprint|include_router/.test(text)) mounts.push(...registrations(src, imports, stringConstants(text)));
  if (isDjangoUrls(text) && /\binclude\s*\(/.test(text)) mounts.push(...djangoIncludes(src, imports));
  return {
    file, language: 'python', routes,
    owners: routes.map((r) => {
      const site = sites.get(r);
      return site ? { router: site.object, bare: site.bare } : undefined;
    }),
    ownPrefixes: Object.fromEntries(blueprintPrefixes(text)),
    mounts, imports, exports: [], globalPrefixes: [],
  };
}
