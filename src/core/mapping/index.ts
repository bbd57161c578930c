// Public surface of the mapping engine: parse traces, classify frames, index the workspace, map to file:line,
// scan and match HTTP routes. Pure: no vscode, no fs; callers pass file lists and texts.
export type { GoModule, MappingContext, ParsedTrace, PathIndex, SuffixMatch, TraceFrame, TraceGroup, TraceLanguage, TraceSource } from './types';
export { parseTrace } from './parse/parseTrace';
export { parseTextTrace, detectTraceLanguage } from './parse/text';
export { parseSentryEvent } from './parse/sentry';
export { parseOtelRecord } from './parse/otel';
export { readAttributes, codeAttributesToFrame, type Attributes } from './attributes';
export { libraryReason, frameLanguage } from './classify';
export { FileIndex, normaliseWorkspacePath, type FileIndexOptions } from './fileIndex';
export { stripDeployRoot, applyPathMappings } from './deployRoots';
export { mapFrame } from './mapFrame';
export { mapTrace, mapCodeAttributes, pickCrashFrame, traceOfFrames, traceOfChain, causeFramesOf, locatedFrames, type MappedTrace, type LocatedFrame } from './mapTrace';
export { parseGoModModule, goModulesOf } from './goMod';
export type { DjangoView, ObservedRoute, RouteDefinition, RouteFileScan, RouteFramework, RouteMatch, RouteMount, RouterRef } from './routes/types';
export { scanRoutes, scanRouteFile, mayDefineRoutes } from './routes/scan';
export { combineRoutePrefixes, type CombineOptions } from './routes/combine';
export { resolveRouteHandlers, type HandlerSources } from './routes/resolve';
export { routeLocation } from './routes/location';
export { matchRoute, parseObservedRoute, routeSegments, RouteMatcher, type MatchRouteOptions } from './routes/match';
export { groupMapping, noFramesMapping } from './groupMapping';
