// HTTP route definitions found in source, and what matching an observed route against them concludes.

export type RouteFramework =
  | 'express' | 'fastify' | 'koa' | 'nestjs' | 'flask' | 'fastapi' | 'django' | 'spring' | 'jaxrs'
  | 'net/http' | 'gin' | 'echo' | 'chi' | 'gorilla' | 'fiber' | 'aspnet' | 'rails';

export interface RouteDefinition {
  framework: RouteFramework;
  /** Upper-case HTTP method, or `*` for any. */
  method: string;
  /** The path template as the framework writes it, with in-file prefixes applied (`/api/orders/{id}`). */
  path: string;
  /** Workspace-relative file holding the handler (after resolution) or the definition. */
  file: string;
  /** 1-based line of the handler (its `def`/method/function), else of the definition. */
  line: number;
  /** 1-based inclusive line range of the handler function, when it could be delimited. */
  range?: { startLine: number; endLine: number };
  /** The handler as referenced (`views.detail`, `orders#show`, `getOrder`), when it is named. */
  handler?: string;
  /** A route name (`name='order-detail'` in Django, `as:` in Rails). */
  name?: string;
  /** Where the route is declared, when the handler lives elsewhere (Django urls.py, Rails routes.rb). */
  definedAt?: { file: string; line: number };
  /** Django: the `app_name` of the urls module, the namespace a `view` label puts before the URL name. */
  appName?: string;
  /** Django: the view the URL pattern was resolved to (file, line and range are then the view's). */
  view?: DjangoView;
}

export interface DjangoView {
  /** Dotted module of the view (`shop.views`), as far as packages (`__init__.py`) go. */
  module: string;
  /** Function or class name. */
  name: string;
  /** A class-based view's handlers by upper-case HTTP method (`GET` → its `get`). */
  methods?: Record<string, { line: number; range: { startLine: number; endLine: number } }>;
}

export interface ObservedRoute {
  /** `/api/orders/:id`, `GET /users/<int:id>`, a raw path `/api/orders/42`. */
  route?: string;
  method?: string;
  /** A view / endpoint / route name (`order-detail`, `shop.views.detail`, `detail`). */
  name?: string;
}

export interface RouteMatch {
  route: RouteDefinition | null;
  /** Equally good definitions when ambiguous; the runners-up otherwise (at most 10). */
  candidates: RouteDefinition[];
  ambiguous: boolean;
  /** Why this route (`same template /api/orders/{id}`), or why none. */
  reason: string;
  /** How the chosen route matched, without the route itself (`same template`, `URL name shop:order-detail`). */
  basis?: string;
}

/**
 * A router as a mount names it: a router key of the mounting file (`ordersRouter`, `create_app`, a Go function),
 * a name another module exports (`import { ordersRouter } from './routes/orders'`, `from .orders import bp`,
 * `users.Router()`), the module itself (Django `include('shop.urls')`, `require('./routes/orders')`) or a Go method
 * called on a value (`h.Routes()`), found only when one method of that name defines routes.
 */
export type RouterRef =
  | { kind: 'local'; key: string }
  | { kind: 'import'; from: string; name: string }
  | { kind: 'module'; from: string }
  | { kind: 'method'; name: string };

/** `app.use('/api/orders', ordersRouter)`, `app.register_blueprint(bp, url_prefix='/api')`, `r.Mount("/api", sub)`. */
export interface RouteMount {
  /** Router key, in the mounting file, of the router mounted on. */
  parent: string;
  /** The prefix as written; undefined when it is not a literal, and then nothing is combined through this mount. */
  prefix: string | undefined;
  child: RouterRef;
  /** Flask: an explicit `url_prefix` at registration replaces the blueprint's own. */
  replacesOwnPrefix?: boolean;
  /** The framework the mount call belongs to, when it tells more than the mounted file does (Fastify `register`). */
  framework?: RouteFramework;
  line: number;
}

/** `import { a as b } from 'x'` → { local: 'b', from: 'x', name: 'a' }; the module object is name `*`. */
export interface ModuleImport {
  local: string;
  from: string;
  name: string;
}

/** `export { router as ordersRouter }`, `module.exports = router` (name `default`), `export * from './x'` (name `*`). */
export interface ModuleExport {
  name: string;
  /** The name in this file. */
  local?: string;
  /** Re-exported from another module, under `fromName`. */
  from?: string;
  fromName?: string;
}

/** What one file says about its routes and how its routers are wired; cached per file, combined per service. */
export interface RouteFileScan {
  file: string;
  language: 'js' | 'python' | 'go' | 'other';
  /** Routes with only this file's prefixes applied (what `scanRoutes` returns). */
  routes: RouteDefinition[];
  /** Same index as `routes`: the router the route was declared on, and its path without that router's own prefix. */
  owners: ({ router: string; bare: string } | undefined)[];
  /** Own prefixes of routers declared here: `new Router({ prefix })`, `Blueprint(url_prefix=)`, `APIRouter(prefix=)`. */
  ownPrefixes: Record<string, string>;
  mounts: RouteMount[];
  imports: ModuleImport[];
  exports: ModuleExport[];
  /** NestJS `app.setGlobalPrefix('api', { exclude })`; `prefix` undefined when it is not a literal. */
  globalPrefixes: { prefix: string | undefined; exclude: string[] }[];
}

/** Where a scanner found a route: the object it was called on and the path before that object's own prefix. */
export interface RouteSite {
  object: string;
  /** Offset of the call (or decorator) in the file. */
  at: number;
  bare: string;
}

/** Filled by scanners for the mount pass; `scanRoutes` alone passes none. */
export type RouteSites = Map<RouteDefinition, RouteSite>;
