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
}
