// How a JavaScript/TypeScript file wires its routers: what it imports and exports, and where it mounts routers
// (Express/Koa `x.use('/api', router)`, koa-router `router.use('/x', other.routes())`, Fastify
// `app.register(plugin, { prefix: '/api' })`, a registration call `registerOrders(app)`), plus NestJS's
// `app.setGlobalPrefix('api')`. Facts only: combine.ts resolves them across files.
import { DEFAULT_KEY, JsScopes } from './jsScope';
import { NOT_ROUTERS, frameworkOf, routerPrefixes } from './js';
import type { SourceText } from './source';
import { literalArg, matchingClose, readString, splitArgs } from './source';
import type { ModuleExport, ModuleImport, RouteDefinition, RouteFileScan, RouteMount, RouterRef, RouteSites } from './types';

const ID = '[A-Za-z_$][\\w$]*';
const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'return', 'function', 'catch', 'typeof', 'await', 'new', 'super', 'import', 'require']);
/** Variables holding an app or router: `express()`, `Router()`, `new Router(...)`, `new Koa()`, `Fastify()`. */
const FACTORY = new RegExp(`\\b(?:const|let|var)\\s+(${ID})\\s*(?::[^=]{1,80})?=\\s*(?:new\\s+)?(?:express(?:\\.Router)?|Router|Koa|KoaRouter|fastify|Fastify|require\\(\\s*['"]fastify['"]\\s*\\))\\s*\\(`, 'g');

function parseImports(text: string): ModuleImport[] {
  const out: ModuleImport[] = [];
  const esm = /^[ \t]*import\s+(?!type\b)([^;'"]{1,600}?)\s+from\s+(['"])([^'"]+)\2/gm;
  for (let m = esm.exec(text); m; m = esm.exec(text)) {
    const clause = m[1];
    const from = m[3];
    const def = new RegExp(`^(${ID})\\s*(,|$)`).exec(clause.trim());
    if (def) out.push({ local: def[1], from, name: 'default' });
    const ns = new RegExp(`\\*\\s*as\\s+(${ID})`).exec(clause);
    if (ns) out.push({ local: ns[1], from, name: '*' });
    const named = /\{([^}]*)\}/.exec(clause);
    for (const item of named ? named[1].split(',') : []) {
      const parts = new RegExp(`^\\s*(?:type\\s+)?(${ID})(?:\\s+as\\s+(${ID}))?\\s*$`).exec(item);
      if (parts && !/^\s*type\s/.test(item)) out.push({ local: parts[2] ?? parts[1], from, name: parts[1] });
    }
  }
  const cjs = new RegExp(`\\b(?:const|let|var)\\s+(\\{[^}]{0,600}\\}|${ID})\\s*=\\s*require\\s*\\(\\s*(['"])([^'"]+)\\2\\s*\\)(\\s*\\.\\s*${ID})?`, 'g');
  for (let m = cjs.exec(text); m; m = cjs.exec(text)) {
    const from = m[3];
    const member = m[4]?.replace(/[\s.]/g, '');
    if (!m[1].startsWith('{')) {
      out.push({ local: m[1], from, name: member ?? '*' });
      continue;
    }
    for (const item of m[1].slice(1, -1).split(',')) {
      const parts = new RegExp(`^\\s*(${ID})(?:\\s*:\\s*(${ID}))?\\s*$`).exec(item);
      if (parts) out.push({ local: parts[2] ?? parts[1], from, name: parts[1] });
    }
  }
  return out;
}

function parseExports(text: string): ModuleExport[] {
  const out: ModuleExport[] = [];
  const push = (name: string, local: string) => out.push({ name, local });
  const decl = new RegExp(`\\bexport\\s+(?:declare\\s+)?(default\\s+)?(?:async\\s+)?(?:const|let|var|function\\s*\\*?|class)\\s*(${ID})`, 'g');
  for (let m = decl.exec(text); m; m = decl.exec(text)) push(m[1] ? 'default' : m[2], m[2]);
  const defaultName = new RegExp(`\\b(?:export\\s+default|export\\s*=|module\\.exports\\s*=)\\s*(${ID})\\s*(?:;|\\n|$)`, 'g');
  for (let m = defaultName.exec(text); m; m = defaultName.exec(text)) push('default', m[1]);
  const defaultFn = new RegExp(`\\b(?:export\\s+default|module\\.exports\\s*=)\\s*(?:async\\s+)?(?:function\\b\\s*\\*?\\s*(${ID})?\\s*\\(|\\(|${ID}\\s*=>)`, 'g');
  for (let m = defaultFn.exec(text); m; m = defaultFn.exec(text)) push('default', m[1] ?? DEFAULT_KEY);
  const list = /\bexport\s*\{([^}]{0,2000})\}(?:\s*from\s*(['"])([^'"]+)\2)?/g;
  for (let m = list.exec(text); m; m = list.exec(text)) {
    for (const item of m[1].split(',')) {
      const parts = new RegExp(`^\\s*(?:type\\s+)?(${ID})(?:\\s+as\\s+(${ID}))?\\s*$`).exec(item);
      if (!parts) continue;
      const name = parts[2] ?? parts[1];
      out.push(m[3] ? { name, from: m[3], fromName: parts[1] } : { name, local: parts[1] });
    }
  }
  const star = /\bexport\s*\*\s*from\s*(['"])([^'"]+)\1/g;
  for (let m = star.exec(text); m; m = star.exec(text)) out.push({ name: '*', from: m[2] });
  const cjsObject = /\bmodule\.exports\s*=\s*\{([^{}]{0,2000})\}/g;
  for (let m = cjsObject.exec(text); m; m = cjsObject.exec(text)) {
    for (const item of m[1].split(',')) {
      const parts = new RegExp(`^\\s*(${ID})(?:\\s*:\\s*(${ID}))?\\s*$`).exec(item);
      if (parts) push(parts[1], parts[2] ?? parts[1]);
    }
  }
  const cjsMember = new RegExp(`\\b(?:module\\.)?exports\\.(${ID})\\s*=\\s*(${ID})?`, 'g');
  for (let m = cjsMember.exec(text); m; m = cjsMember.exec(text)) push(m[1], m[2] && !['async', 'function'].includes(m[2]) ? m[2] : m[1]);
  return out;
}

/** String constants a prefix may be written with: `const API_PREFIX = '/api'`. */
function stringConstants(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = new RegExp(`\\bconst\\s+(${ID})\\s*(?::\\s*string\\s*)?=\\s*(['"\`])([^'"\`$]{0,200})\\2\\s*[;\\n]`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) out.set(m[1], m[3]);
  return out;
}

class JsFacts {
  readonly scopes: JsScopes;
  readonly imports: ModuleImport[];
  readonly constants: Map<string, string>;

  constructor(readonly src: SourceText) {
    this.scopes = new JsScopes(src);
    this.imports = parseImports(src.text);
    this.constants = stringConstants(src.text);
  }

  /** What a mounted expression names: `ordersRouter`, `orders.router`, `api.routes()`, `require('./x')`, an inline plugin. */
  refOf(expr: string, at: number): RouterRef | undefined {
    const e = expr.replace(/\s*\.\s*(routes|middleware)\s*\(\s*\)$/, '').replace(/\s+as\s+[\w$.<>[\]]+$/, '');
    if (/^(async\b|function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.test(e)) {
      const key = this.scopes.functionAt(at);
      return key ? { kind: 'local', key } : undefined;
    }
    const req = new RegExp(`^(?:require|import)\\s*\\(\\s*(['"])([^'"]+)\\1\\s*\\)(?:\\s*\\.\\s*(${ID}))?$`).exec(e);
    if (req) return req[3] ? { kind: 'import', from: req[2], name: req[3] } : { kind: 'module', from: req[2] };
    const name = new RegExp(`^(${ID})(?:\\s*\\.\\s*(${ID}))?(?:\\s*\\([^]*\\))?$`).exec(e);
    if (!name || KEYWORDS.has(name[1])) return undefined;
    const imported = this.imports.find((i) => i.local === name[1]);
    if (imported) {
      if (name[2]) return imported.name === '*' || imported.name === 'default' ? { kind: 'import', from: imported.from, name: name[2] } : undefined;
      return { kind: 'import', from: imported.from, name: imported.name === '*' ? 'default' : imported.name };
    }
    return name[2] ? undefined : { kind: 'local', key: this.scopes.keyOf(name[1], at) };
  }

  prefixOf(arg: string): string | undefined {
    return literalArg(arg) ?? this.constants.get(arg);
  }
}

function mountsOf(facts: JsFacts, routerLike: Set<string>, framework: RouteDefinition['framework']): RouteMount[] {
  const text = facts.src.text;
  const mounts: RouteMount[] = [];
  const tag = (verb: string) => (verb === 'register' ? { framework: 'fastify' as const } : framework === 'fastify' || framework === 'koa' ? { framework } : {});
  const add = (parent: string, at: number, prefix: string | undefined, child: { text: string; at: number }, verb = 'use') => {
    const ref = facts.refOf(child.text, child.at);
    if (ref) mounts.push({ parent: facts.scopes.keyOf(parent, at), prefix, child: ref, line: facts.src.lineAt(at), ...tag(verb) });
  };
  const call = new RegExp(`(${ID})\\s*\\.\\s*(use|register)\\s*\\(`, 'g');
  for (let m = call.exec(text); m; m = call.exec(text)) {
    if (NOT_ROUTERS.has(m[1]) || mounts.length > 500) continue;
    const open = m.index + m[0].length - 1;
    const close = matchingClose(text, open);
    if (close < 0) continue;
    const args = splitArgs(text, open, close);
    if (args.length === 0) continue;
    if (m[2] === 'register') {
      const options = args[1]?.text;
      let prefix: string | undefined = '';
      if (options !== undefined) {
        const p = new RegExp(`\\bprefix\\s*:\\s*([^,}\\s]+)`).exec(options);
        prefix = !options.startsWith('{') ? undefined : p ? facts.prefixOf(p[1]) : '';
      }
      add(m[1], m.index, prefix, args[0], 'register');
      continue;
    }
    const first = facts.prefixOf(args[0].text);
    if (first !== undefined) {
      const prefix = first.startsWith('/') ? first : undefined;
      for (const a of args.slice(1)) add(m[1], m.index, prefix, a);
    } else if (args.length > 1 && new RegExp(`^${ID}(\\.${ID})*$`).test(args[0].text)) {
      // `app.use(PREFIX, router)` or `app.use(auth, router)`: no way to tell, so nothing is combined through it.
      for (const a of args) add(m[1], m.index, undefined, a);
    } else {
      for (const a of args) add(m[1], m.index, '', a);
    }
  }
  // `registerOrderRoutes(app)`, `require('./routes/orders')(router)`: the function declares its routes on the router passed in.
  const reg = new RegExp(`^[ \\t]*(?:await\\s+)?(${ID}(?:\\.${ID})?|require\\s*\\(\\s*['"][^'"]+['"]\\s*\\))\\s*\\(\\s*(${ID})\\s*[,)]`, 'gm');
  for (let m = reg.exec(text); m; m = reg.exec(text)) {
    if (!routerLike.has(m[2]) || KEYWORDS.has(m[1]) || mounts.length > 500) continue;
    add(m[2], m.index, '', { text: m[1].startsWith('require') ? m[1] : `${m[1]}()`, at: m.index });
  }
  return mounts;
}

function globalPrefixesOf(facts: JsFacts): RouteFileScan['globalPrefixes'] {
  const text = facts.src.text;
  const out: RouteFileScan['globalPrefixes'] = [];
  const re = /\.\s*setGlobalPrefix\s*\(/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchingClose(text, open);
    if (close < 0) continue;
    const [first, options] = splitArgs(text, open, close);
    if (!first) continue;
    const exclude: string[] = [];
    const list = options ? /\bexclude\s*:\s*\[([^]*)\]/.exec(options.text) : null;
    for (let i = 0; list && i < list[1].length; i++) {
      const s = readString(list[1], i);
      if (!s) continue;
      exclude.push(s.value.replace(/^\/+/, ''));
      i = s.end - 1;
    }
    out.push({ prefix: facts.prefixOf(first.text), exclude });
  }
  return out;
}

/** The wiring facts of a JavaScript/TypeScript file whose routes (and their sites) were just scanned. */
export function jsRouteFacts(file: string, src: SourceText, routes: RouteDefinition[], sites: RouteSites): RouteFileScan {
  const text = src.text;
  const facts = new JsFacts(src);
  const framework = frameworkOf(text);
  const routerLike = new Set<string>([...sites.values()].map((s) => s.object));
  FACTORY.lastIndex = 0;
  for (let m = FACTORY.exec(text); m; m = FACTORY.exec(text)) routerLike.add(m[1]);
  for (const m of text.matchAll(new RegExp(`(${ID})\\s*\\.\\s*(?:use|register)\\s*\\(`, 'g'))) if (!NOT_ROUTERS.has(m[1])) routerLike.add(m[1]);
  const ownPrefixes: Record<string, string> = {};
  for (const [name, prefix] of routerPrefixes(text)) {
    const decl = new RegExp(`\\b(?:const|let|var)\\s+${name.replace(/\$/g, '\\$')}\\b`).exec(text);
    ownPrefixes[facts.scopes.keyOf(name, decl ? decl.index : 0)] = prefix;
  }
  const owners = routes.map((route) => {
    const site = sites.get(route);
    return site ? { router: facts.scopes.keyOf(site.object, site.at), bare: site.bare } : undefined;
  });
  return {
    file, language: 'js', routes, owners, ownPrefixes,
    mounts: mountsOf(facts, routerLike, framework),
    imports: facts.imports,
    exports: parseExports(text),
    globalPrefixes: framework === 'nestjs' || /setGlobalPrefix/.test(text) ? globalPrefixesOf(facts) : [],
  };
}
