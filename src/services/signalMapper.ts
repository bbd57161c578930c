// Puts a snapshot's signals on the workspace's code: error groups by their crash frame, each frame of their
// stack, alerts by their OpenTelemetry code labels, and route metrics by the handler that defines the route.
// Pure: the caller provides the file index and the scanned routes.
import { groupMapping, mapCodeAttributes, mapFrame, pickCrashFrame, RouteMatcher, routeLocation, traceOfChain, traceOfFrames, type GoModule, type MappingContext, type PathIndex, type RouteDefinition } from '../core/mapping';
import type { PathMapping } from '../core/config/prodlensConfig';
import { nonCodeRoute } from '../core/mapping/routes/nonCode';
import type { CodeLocation, ErrorGroup, HealthSnapshot, Incident, MappingResult, RouteMetrics } from '../core/model';
import type { MappingFacts } from '../core/diagnostics/types';

export interface MapInputs {
  index: PathIndex;
  /** The service's folders: among equally good candidates, files inside them win. */
  folders: readonly string[];
  pathMappings: readonly PathMapping[];
  goModules?: readonly GoModule[];
  routes: readonly RouteDefinition[];
}

function contextOf(inputs: MapInputs): MappingContext {
  return { index: inputs.index, pathMappings: inputs.pathMappings, goModules: inputs.goModules, preferFolders: inputs.folders.filter((f) => f !== '') };
}

export function mapErrorGroup(group: ErrorGroup, ctx: MappingContext): ErrorGroup {
  const frames = group.frames ?? [];
  if (frames.length === 0) {
    // Nothing to place: the group is kept as it came (most of a large service's groups), and its answer
    // ("no stack trace yet") is derived where it is shown (groupMapping). A group that carries an earlier
    // mapping is cleared of it, on a copy, and then explains itself the same way.
    if (group.location === undefined && group.mapping === undefined && group.frameMappings === undefined) return group;
    const copy: ErrorGroup = Object.assign({}, group);
    copy.location = undefined;
    copy.mapping = undefined;
    copy.frameMappings = undefined;
    return copy;
  }
  const results = frames.map((f) => mapFrame(f, ctx));
  // The crash frame follows the one rule of pickCrashFrame over the whole chain (root cause first), so the group
  // points where `prodlens locate` of the same event does; the frame list stays the raised exception's.
  const causes = group.causeFrames ?? [];
  const chainResults = causes.length > 0 ? [...causes.flatMap((c) => c.map((f) => mapFrame(f, ctx))), ...results] : results;
  const crash = pickCrashFrame(causes.length > 0 ? traceOfChain([...causes, frames]) : traceOfFrames(frames, false), chainResults);
  if (crash !== undefined && chainResults[crash].location) {
    return Object.assign({}, group, { location: chainResults[crash].location, mapping: chainResults[crash], frameMappings: results });
  }
  // Explain the miss with the most telling frame: an in-app one if any, else the crashing one.
  const telling = results.find((r) => r.unmapped === 'ambiguous') ?? results.find((r) => r.unmapped === 'nomatch') ?? results[results.length - 1];
  const allLibrary = results.every((r) => r.unmapped === 'library');
  const mapping: MappingResult = allLibrary
    ? { location: null, unmapped: 'library', explanation: 'every frame of this stack is library or runtime code: nothing in this workspace to point at.', candidates: [] }
    : telling;
  return Object.assign({}, group, { location: undefined, mapping, frameMappings: results });
}

function mapIncident(incident: Incident, ctx: MappingContext): Incident {
  const labels = incident.labels;
  if (!labels || !Object.keys(labels).some((k) => k.startsWith('code_') || k.startsWith('code.'))) return incident;
  const result = mapCodeAttributes(labels, ctx);
  return result.location ? { ...incident, location: result.location } : incident;
}

/** The location of a match, built once per answer: the matcher hands out the same answer each refresh. */
const routeLocations = new WeakMap<object, CodeLocation>();

/** A row no definition matched: marked when it is not code, so no surface offers a fix for it. */
function unmatchedRoute(route: RouteMetrics): RouteMetrics {
  const notCode = nonCodeRoute(route.name);
  if (notCode === undefined) return route.notCode === undefined ? route : Object.assign({}, route, { notCode: undefined });
  return route.notCode === notCode ? route : Object.assign({}, route, { notCode });
}

function mapRoute(route: RouteMetrics, routes: RouteMatcher | undefined, folders: readonly string[]): RouteMetrics {
  if (route.kind !== 'route') return route;
  if (!routes) return unmatchedRoute(route);
  // OpenTelemetry's Django instrumentation writes the URL pattern without its leading slash (`api/users/<int:id>`);
  // a view label never holds a slash.
  const isPath = route.name.includes('/');
  const observed = { route: isPath ? `/${route.name.replace(/^\/+/, '')}` : undefined, name: isPath ? undefined : route.name, method: route.method };
  // One route template in two services of a monorepo: the definition inside this service's folders is the answer.
  const match = routes.match(observed, { preferFolders: folders.filter((f) => f !== '') });
  if (!match.route || match.ambiguous) return unmatchedRoute(route);
  let location = routeLocations.get(match);
  if (!location) {
    location = routeLocation(match, route.method);
    if (!location) return route;
    routeLocations.set(match, location);
  }
  // Object.assign, not a spread: thousands of routes per refresh (see mapErrorGroup).
  const mapped: RouteMetrics = Object.assign({}, route);
  mapped.location = location;
  if (mapped.notCode !== undefined) mapped.notCode = undefined;
  return mapped;
}

/** The code index hands out the same route list until a file changes: its matcher is reused with it. */
const matchers = new WeakMap<readonly RouteDefinition[], RouteMatcher>();

function matcherFor(routes: readonly RouteDefinition[]): RouteMatcher | undefined {
  if (routes.length === 0) return undefined;
  let matcher = matchers.get(routes);
  if (!matcher || matcher.size !== routes.length) matchers.set(routes, (matcher = new RouteMatcher(routes)));
  return matcher;
}

export function mapSnapshot(snapshot: HealthSnapshot, inputs: MapInputs): HealthSnapshot {
  const ctx = contextOf(inputs);
  const routes = matcherFor(inputs.routes);
  return {
    ...snapshot,
    errors: snapshot.errors.map((g) => mapErrorGroup(g, ctx)),
    incidents: snapshot.incidents.map((i) => mapIncident(i, ctx)),
    routes: snapshot.routes.map((r) => mapRoute(r, routes, inputs.folders)),
  };
}

/** Mapping statistics: the shape the diagnosis reads (defined once, in core/diagnostics). */
export type MappingStats = MappingFacts;

/** What `prodlens doctor` and Show Diagnostics report about mapping. */
export function mappingStats(snapshot: HealthSnapshot): MappingStats {
  const stats: MappingStats = { framesSeen: 0, framesMapped: 0, unmappedByReason: {}, ambiguous: [], groupsMapped: 0, groupsUnmapped: [], routesMapped: 0, routesUnmapped: [] };
  for (const group of snapshot.errors) {
    if (group.location) stats.groupsMapped++;
    else stats.groupsUnmapped.push({ title: group.title.slice(0, 120), reason: groupMapping(group)?.explanation ?? 'not mapped' });
    (group.frameMappings ?? []).forEach((r, i) => {
      stats.framesSeen++;
      if (r.location) stats.framesMapped++;
      else if (r.unmapped) {
        stats.unmappedByReason[r.unmapped] = (stats.unmappedByReason[r.unmapped] ?? 0) + 1;
        if (r.unmapped === 'ambiguous' && stats.ambiguous.length < 10) {
          const f = group.frames?.[i];
          stats.ambiguous.push({ frame: `${f?.deployedPath ?? f?.module ?? '?'}:${f?.line ?? '?'}`, candidates: r.candidates ?? [] });
        }
      }
    });
  }
  for (const route of snapshot.routes) {
    if (route.kind !== 'route') continue;
    if (route.location) stats.routesMapped++;
    else if (route.notCode !== undefined) (stats.routesNotCode ??= []).push({ route: `${route.method ? `${route.method} ` : ''}${route.name}`, why: route.notCode });
    else stats.routesUnmapped.push(`${route.method ? `${route.method} ` : ''}${route.name}`);
  }
  return stats;
}

/** The refresh service's `mapToCode`, over a code index and the workspace's services (for their path mappings). */
export function codeMapperFor(
  code: { fileIndex(signal?: AbortSignal): Promise<PathIndex>; routesOf(folders: readonly string[], signal?: AbortSignal): Promise<RouteDefinition[]>; readonly goModules: readonly GoModule[] },
  services: () => readonly { name: string; folders: string[]; config?: { pathMappings: PathMapping[] } }[],
) {
  return async (service: { name: string; folders: string[]; config?: { pathMappings: PathMapping[] } }, snapshot: HealthSnapshot, signal: AbortSignal): Promise<HealthSnapshot> => {
    const index = await code.fileIndex(signal);
    const routes = snapshot.routes.some((r) => r.kind === 'route') ? await code.routesOf(service.folders, signal) : [];
    // The service's own mappings first; other services' next, since a monorepo's services share deploy roots less often than not.
    const pathMappings = [...(service.config?.pathMappings ?? []), ...services().filter((s) => s.name !== service.name).flatMap((s) => s.config?.pathMappings ?? [])];
    return mapSnapshot(snapshot, { index, folders: service.folders, pathMappings, goModules: code.goModules, routes });
  };
}
