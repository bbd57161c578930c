// Rails `config/routes.rb`: verb routes (`get '/orders/:id', to: 'orders#show'`, `get 'x' => 'a#b'`), `root`,
// `match ... via:`, `resources`/`resource` with `only:`/`except:`, and `namespace`/`scope`/nested resources
// blocks tracked by their `do ... end`.
import type { RouteDefinition } from './types';
import type { SourceText } from './source';

interface Scope {
  path: string;
  module: string;
  /** For `resources :orders do`, nested routes sit under `/orders/:order_id`. */
  opensBlock: boolean;
}

const RESOURCE_ACTIONS: [string, string, string][] = [
  ['index', 'GET', ''], ['create', 'POST', ''], ['new', 'GET', '/new'], ['edit', 'GET', '/:id/edit'],
  ['show', 'GET', '/:id'], ['update', 'PATCH', '/:id'], ['update', 'PUT', '/:id'], ['destroy', 'DELETE', '/:id'],
];
const SINGULAR_ACTIONS: [string, string, string][] = [
  ['create', 'POST', ''], ['new', 'GET', '/new'], ['edit', 'GET', '/edit'], ['show', 'GET', ''],
  ['update', 'PATCH', ''], ['update', 'PUT', ''], ['destroy', 'DELETE', ''],
];

function symbolList(text: string | undefined): string[] | undefined {
  if (!text) return undefined;
  return [...text.matchAll(/:(\w+)|['"](\w+)['"]/g)].map((m) => m[1] ?? m[2]);
}

function singular(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (name.endsWith('ses')) return name.slice(0, -2);
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

/** Drops a `# comment`, leaving `#` inside strings (`"orders#show"`) alone. */
function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === '\'') {
      quote = c;
    } else if (c === '#') {
      return line.slice(0, i);
    }
  }
  return line;
}

const join = (...parts: string[]) => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p !== '').join('/')}`;

export function scanRailsRoutes(file: string, src: SourceText): RouteDefinition[] {
  const routes: RouteDefinition[] = [];
  const stack: Scope[] = [];
  const prefix = () => join(...stack.map((s) => s.path));
  const moduleOf = () => stack.map((s) => s.module).filter((m) => m !== '').join('/');
  src.lines.forEach((raw, i) => {
    const line = stripComment(raw).trim();
    const lineNo = i + 1;
    if (line === 'end') {
      stack.pop();
      return;
    }
    const opens = /\bdo(\s*\|[^|]*\|)?$/.test(line);
    const ns = /^namespace\s+:(\w+)/.exec(line);
    if (ns) {
      if (opens) stack.push({ path: ns[1], module: ns[1], opensBlock: true });
      return;
    }
    const scope = /^scope\s+(?:path:\s*)?['"]([^'"]*)['"](?:.*module:\s*[:'"](\w+))?/.exec(line) ?? /^scope\s+module:\s*[:'"](\w+)/.exec(line);
    if (scope && line.startsWith('scope')) {
      if (opens) stack.push(scope.length > 2 ? { path: scope[1], module: scope[2] ?? '', opensBlock: true } : { path: '', module: scope[1], opensBlock: true });
      return;
    }
    const res = /^(resources|resource)\s+:(\w+)(.*)$/.exec(line);
    if (res) {
      const [, kind, name, rest] = res;
      const plural = kind === 'resources';
      const only = symbolList(/only:\s*(\[[^\]]*\]|:\w+)/.exec(rest)?.[1]);
      const except = symbolList(/except:\s*(\[[^\]]*\]|:\w+)/.exec(rest)?.[1]) ?? [];
      const controller = /controller:\s*['":]+(\w+)/.exec(rest)?.[1] ?? (plural ? name : `${name}s`);
      const base = join(prefix(), name);
      const mod = moduleOf();
      for (const [action, method, suffix] of plural ? RESOURCE_ACTIONS : SINGULAR_ACTIONS) {
        if ((only && !only.includes(action)) || except.includes(action)) continue;
        routes.push({ framework: 'rails', method, path: `${base}${suffix}`, file, line: lineNo, handler: `${mod ? `${mod}/` : ''}${controller}#${action}` });
      }
      if (opens) stack.push({ path: plural ? `${name}/:${singular(name)}_id` : name, module: '', opensBlock: true });
      return;
    }
    const verb = /^(get|post|put|patch|delete|match|root)\b\s*\(?\s*(.*)$/.exec(line);
    if (verb) {
      const [, kind, rest] = verb;
      let path = /^['"]([^'"]*)['"]/.exec(rest)?.[1];
      let to = /\bto:\s*['"]([\w/]+#\w+)['"]/.exec(rest)?.[1] ?? /=>\s*['"]([\w/]+#\w+)['"]/.exec(rest)?.[1];
      if (kind === 'root') {
        to = to ?? /^['"]([\w/]+#\w+)['"]/.exec(rest)?.[1];
        path = '/';
      }
      if (path === undefined) {
        if (opens) stack.push({ path: '', module: '', opensBlock: true });
        return;
      }
      if (!to && /^[\w/]+$/.test(path.replace(/^\//, ''))) {
        // `get 'orders/export'` inside `resources :orders do` routes to orders#export.
        const parts = path.replace(/^\//, '').split('/');
        to = parts.length >= 2 ? `${parts.slice(0, -1).join('/')}#${parts[parts.length - 1]}` : undefined;
      }
      const methods = kind === 'match' ? symbolList(/via:\s*(\[[^\]]*\]|:\w+)/.exec(rest)?.[1])?.map((v) => v.toUpperCase()) ?? ['*'] : [kind === 'root' ? 'GET' : kind.toUpperCase()];
      const mod = moduleOf();
      const name = /\bas:\s*[:'"](\w+)/.exec(rest)?.[1];
      for (const method of methods) {
        const route: RouteDefinition = { framework: 'rails', method: method === 'ALL' ? '*' : method, path: join(prefix(), path), file, line: lineNo };
        if (to) route.handler = `${mod && !to.includes('/') ? `${mod}/` : ''}${to}`;
        if (name) route.name = name;
        routes.push(route);
      }
      if (opens) stack.push({ path: '', module: '', opensBlock: true });
      return;
    }
    // Any other block (`constraints ... do`, `concern ... do`) still needs its `end` balanced.
    if (opens) stack.push({ path: '', module: '', opensBlock: true });
  });
  return routes;
}
