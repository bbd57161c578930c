// Observed route → route definition. Parameter syntaxes differ by framework and by metrics library
// (`:id`, `{id}`, `{id:int}`, `<int:id>`, `#val`, `[id]`, `*`), so both sides are reduced to segments that are
// either a literal or "a parameter" before comparing. Ties are reported, never broken by guessing.
import { LRUCache } from 'lru-cache';
import type { ObservedRoute, RouteDefinition, RouteMatch } from './types';

type Segment = { kind: 'literal'; value: string } | { kind: 'param' } | { kind: 'rest' };

const METHOD_PREFIX = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT|ANY|\*)\s+/i;

function segmentOf(raw: string): Segment | undefined {
  const s = raw.trim();
  // Most segments are plain words (`api`, `v1`, `orders`): none of the syntaxes below can start or contain them.
  if (/^[\w.~-]+$/.test(s)) return { kind: 'literal', value: s.toLowerCase() };
  if (s === '' || s === '{$}') return undefined;
  if (s === '*' || s.startsWith('*') || s.startsWith('{*') || s.startsWith('{**') || /^\{\w+\.\.\.\}$/.test(s) || /^<path:\w+>$/.test(s) || /^\[\.\.\.\w+\]$/.test(s)) return { kind: 'rest' };
  if (/^:\w/.test(s) || /^\{[^}]*\}\??$/.test(s) || /^<[^>]*>$/.test(s) || s === '#val' || /^#\w+$/.test(s) || /^\[\w+\]$/.test(s)) return { kind: 'param' };
  // Regex fragments left by re_path / path-to-regexp (`(\d+)`, `[0-9]+`) only ever stand for a value.
  if (/[()[\]+*?^$\\|]/.test(s)) return { kind: 'param' };
  return { kind: 'literal', value: s.toLowerCase() };
}

/** Reduces a route template or concrete path to comparable segments. */
export function routeSegments(path: string): Segment[] {
  let p = path.trim().replace(METHOD_PREFIX, '');
  p = p.replace(/\(\.:format\)$/, '').replace(/[?#].*$/, (m) => (m === '#val' || /^#\w+$/.test(m) ? m : ''));
  if (/^https?:\/\//.test(p)) p = p.replace(/^https?:\/\/[^/]+/, '');
  return p.split('/').map(segmentOf).filter((s): s is Segment => s !== undefined);
}

/** `GET /users/<int:id>` → { method: 'GET', route: '/users/<int:id>' }. */
export function parseObservedRoute(text: string): ObservedRoute {
  const t = text.trim();
  const m = METHOD_PREFIX.exec(t);
  if (m) return { method: m[1].toUpperCase(), route: t.slice(m[0].length) };
  if (t.startsWith('/')) return { route: t };
  return { name: t };
}

/** 2 per segment that agrees exactly, 1 where a concrete value fills a parameter; undefined when they disagree. */
function score(observed: Segment[], defined: Segment[]): number | undefined {
  let total = 0;
  for (let i = 0; i < defined.length; i++) {
    const d = defined[i];
    if (d.kind === 'rest') return i <= observed.length ? total + 1 : undefined;
    const o = observed[i];
    if (!o) return undefined;
    if (o.kind === 'rest') return d.kind === 'param' ? total + 1 : undefined;
    if (d.kind === 'param') total += o.kind === 'param' ? 2 : 1;
    else if (o.kind === 'literal' && o.value === d.value) total += 2;
    else return undefined;
  }
  return observed.length === defined.length ? total : undefined;
}

function methodFits(observed: string | undefined, defined: string): boolean {
  if (!observed || observed === '*' || observed === 'ANY' || defined === '*') return true;
  return observed === defined || (observed === 'HEAD' && defined === 'GET');
}

interface Scored {
  route: RouteDefinition;
  /** 3: same template; 2: a prefix mounted elsewhere (router, blueprint, include); 1: by name. */
  tier: number;
  score: number;
  /** Segments of the definition's template (tiers 3 and 2). */
  segments?: number;
  /** What the name matched (tier 1). */
  basis?: string;
}

function describe(r: RouteDefinition): string {
  return `${r.method === '*' ? '' : `${r.method} `}${r.path} (${r.file}:${r.line})`;
}

export interface MatchRouteOptions {
  /** Folders of the service the metric came from: among equal definitions, one inside them wins. */
  preferFolders?: readonly string[];
}

/**
 * Scanned definitions, parsed once and indexed, for matching many observed routes: a refresh matches every
 * route of a service (thousands) against every definition (thousands). A definition is indexed by its length
 * and the values of its literal segments, which any template or path it matches must have at the same places
 * (or, mounted under a prefix, at the end); only those are scored, in their original order, so the answer is
 * the one a scan of every definition gives.
 */
export class RouteMatcher {
  /** How many definitions it was built from. */
  readonly size: number;
  private readonly segments: Segment[][];
  /** Definitions with a rest segment (`*`, `{*path}`): they fit many lengths, so they are always scored. */
  private readonly unindexed: number[] = [];
  /**
   * Answers already given: a service's routes are the same from one refresh to the next, and the matcher
   * lives as long as the scanned definitions do. Bounded, for services whose route label is a raw path.
   */
  private readonly answers = new LRUCache<string, RouteMatch>({ max: 20_000 });
  /** Per length, per set of literal positions: definitions by their literal values at those positions. */
  private readonly groups = new Map<number, { mask: string; positions: number[]; byValues: Map<string, number[]> }[]>();

  constructor(private readonly routes: readonly RouteDefinition[]) {
    this.size = routes.length;
    this.segments = routes.map((r) => routeSegments(r.path));
    this.segments.forEach((d, i) => {
      if (d.some((s) => s.kind === 'rest')) {
        this.unindexed.push(i);
        return;
      }
      const positions = d.flatMap((s, k) => (s.kind === 'literal' ? [k] : []));
      const shapes = this.groups.get(d.length) ?? [];
      this.groups.set(d.length, shapes);
      const mask = positions.join(',');
      let group = shapes.find((g) => g.mask === mask);
      if (!group) shapes.push((group = { mask, positions, byValues: new Map() }));
      const key = positions.map((k) => (d[k] as { value: string }).value).join('\u0000');
      const same = group.byValues.get(key);
      if (same) same.push(i);
      else group.byValues.set(key, [i]);
    });
  }

  /** Indexes of the definitions that can score against `o`, ascending; all of them when `o` has a rest segment. */
  private candidates(o: Segment[]): Iterable<number> {
    if (o.some((s) => s.kind === 'rest')) return this.routes.keys();
    const found = [...this.unindexed];
    const lookup = (length: number, offset: number, mountedOnly: boolean) => {
      for (const { positions, byValues } of this.groups.get(length) ?? []) {
        // A definition mounted under a prefix is only tried when it starts with a literal.
        if (mountedOnly && positions[0] !== 0) continue;
        const values: string[] = [];
        for (const k of positions) {
          const s = o[offset + k];
          if (s.kind !== 'literal') break;
          values.push(s.value);
        }
        if (values.length === positions.length) found.push(...(byValues.get(values.join('\u0000')) ?? []));
      }
    };
    lookup(o.length, 0, false);
    for (let length = 1; length < o.length; length++) lookup(length, o.length - length, true);
    return found.sort((a, b) => a - b);
  }

  /** The same question gets the same answer object (treat it as read-only). */
  match(observed: string | ObservedRoute, options: MatchRouteOptions = {}): RouteMatch {
    const obs = typeof observed === 'string' ? parseObservedRoute(observed) : observed;
    // Production's route names are untrusted text: a key no two questions can share.
    const key = JSON.stringify([obs.method, obs.route, obs.name, options.preferFolders]);
    let answer = this.answers.get(key);
    if (!answer) this.answers.set(key, (answer = this.answer(obs, options)));
    return answer;
  }

  private answer(obs: ObservedRoute, options: MatchRouteOptions): RouteMatch {
    const method = obs.method?.toUpperCase();
    const routes = this.routes;
    const scored: Scored[] = [];
    if (obs.route) {
      const o = routeSegments(obs.route);
      for (const i of this.candidates(o)) {
        const route = routes[i];
        if (!methodFits(method, route.method)) continue;
        const d = this.segments[i];
        const full = score(o, d);
        if (full !== undefined) {
          scored.push({ route, tier: 3, score: full, segments: d.length });
          continue;
        }
        // The definition may be mounted under a prefix set in another file: it then matches the observed tail.
        if (d.length > 0 && d.length < o.length && d[0].kind === 'literal') {
          const tail = score(o.slice(o.length - d.length), d);
          if (tail !== undefined) scored.push({ route, tier: 2, score: tail, segments: d.length });
        }
      }
    }
    return conclude(obs, method, routes, scored, options);
  }
}

export function matchRoute(observed: string | ObservedRoute, routes: readonly RouteDefinition[], options: MatchRouteOptions = {}): RouteMatch {
  return new RouteMatcher(routes).match(observed, options);
}

/**
 * How well a definition answers an observed name, and by what: 3 for a Django view label that names the view's
 * module and function (or the URL name in the namespace of its urls module), 2 for a URL name, 1 for a handler
 * whose last dotted segment is the name's (a Flask `bp.view` endpoint, a view label of an unresolved pattern).
 */
function nameScore(name: string, route: RouteDefinition): { score: number; basis: string } | undefined {
  const view = route.view;
  if (view && name.endsWith(`.${view.name}`)) {
    // `shop.views.detail`: the label's module must be the file the view was found in (`.../shop/views.py`).
    const module = name.slice(0, -view.name.length - 1).replace(/\./g, '/');
    const file = `/${route.file}`;
    if (file.endsWith(`/${module}.py`) || file.endsWith(`/${module}/__init__.py`)) return { score: 3, basis: `view ${name}` };
  }
  if (route.name !== undefined) {
    if (route.name === name) return { score: 2, basis: `URL name ${name}` };
    // django-prometheus puts the namespaces before the name: `shop:order-detail`, `api:v1:orders`.
    const parts = name.split(':');
    if (parts.length > 1 && parts[parts.length - 1] === route.name) {
      return { score: route.appName === parts[parts.length - 2] ? 3 : 2, basis: `URL name ${name}` };
    }
  }
  const handler = route.handler ?? '';
  const last = handler.split('.').pop();
  if (handler === name || (handler !== '' && name.split('.').pop() === last && name.endsWith(`.${last}`))) return { score: 1, basis: `handler name ${name}` };
  return undefined;
}

/** Adds the matches by route or handler name, then picks the best, or reports the tie or the miss. */
function conclude(obs: ObservedRoute, method: string | undefined, routes: readonly RouteDefinition[], scored: Scored[], options: MatchRouteOptions): RouteMatch {
  if (obs.name) {
    const name = obs.name.trim();
    for (const route of routes) {
      if (!methodFits(method, route.method)) continue;
      const byName = nameScore(name, route);
      if (byName) scored.push({ route, tier: 1, score: byName.score, basis: byName.basis });
    }
  }
  if (scored.length === 0) {
    return { route: null, candidates: [], ambiguous: false, reason: `no scanned route matches ${obs.method ? `${obs.method} ` : ''}${obs.route ?? obs.name ?? '(nothing)'}.` };
  }
  scored.sort((a, b) => b.tier - a.tier || b.score - a.score);
  const best = scored[0];
  // The same handler listed twice (PUT and PATCH of one Rails action) is one answer, not a tie.
  const key = (r: RouteDefinition) => `${r.file}:${r.line}`;
  let ties = scored.filter((s) => s.tier === best.tier && s.score === best.score);
  ties = ties.filter((s, i) => ties.findIndex((t) => key(t.route) === key(s.route)) === i);
  const folders = options.preferFolders ?? [];
  if (ties.length > 1 && folders.length > 0) {
    const inService = ties.filter((t) => folders.some((f) => f !== '' && t.route.file.startsWith(`${f.replace(/\/$/, '')}/`)));
    if (inService.length === 1) ties = inService;
  }
  const others = scored.filter((s) => !ties.includes(s)).slice(0, 10).map((s) => s.route);
  if (ties.length > 1) {
    return { route: null, candidates: ties.slice(0, 10).map((t) => t.route), ambiguous: true, reason: `${ties.length} routes match equally well: ${ties.slice(0, 5).map((t) => describe(t.route)).join(', ')}.` };
  }
  const chosen = ties[0];
  const how = chosen.tier === 3 ? (chosen.score === (chosen.segments ?? routeSegments(chosen.route.path).length) * 2 ? 'same template' : 'template with the observed values')
    : chosen.tier === 2 ? 'template matching the end of the observed route (prefix mounted elsewhere)' : chosen.basis ?? 'name';
  const note = scored.filter((s) => s.tier === chosen.tier && s.score === chosen.score).length > 1 ? ' (the only one in the service folder)' : '';
  return { route: chosen.route, candidates: others, ambiguous: false, reason: `${how}: ${describe(chosen.route)}${note}`, basis: `${how}${note}` };
}
