// What the diagnosis says about putting a service's signals on its code: frames seen, mapped and unmapped by
// reason, error groups and routes left off the code and why, and for each kind of miss the fix, derived from
// the workspace when it can be (the path mapping that makes frames land on files that exist).
import type { DetectedService } from '../detect/services';
import { jsonSnippet } from './fixes';
import { oneLine } from '../text';
import type { Finding, ServiceRuntimeFacts } from './types';

const REASON_TEXT: Record<string, string> = {
  library: 'library or runtime code, never mapped',
  nomatch: 'no workspace file',
  ambiguous: 'several equally good files',
  unparsed: 'not a frame ProdLens could read',
  nolocation: 'no file in the frame',
};
const MAX_LISTED = 5;

function folderList(service: DetectedService): string {
  return service.folders.map((f) => (f === '' ? '(workspace root)' : `${f}/`)).join(', ');
}

function where(service: DetectedService): string {
  return service.config ? `the "pathMappings" of "${service.name}" in .prodlens.json` : `a .prodlens.json entry for "${service.name}" (${jsonSnippet({ name: service.name, folders: service.folders, pathMappings: [] })})`;
}

function summary(service: DetectedService, runtime: ServiceRuntimeFacts): Finding {
  const m = runtime.mapping;
  const groups = m.groupsMapped + m.groupsUnmapped.length;
  const routes = m.routesMapped + m.routesUnmapped.length;
  const notCode = m.routesNotCode?.length ?? 0;
  const reasons = Object.entries(m.unmappedByReason).filter(([, n]) => n > 0);
  const misses = reasons.filter(([r]) => r !== 'library').length > 0 || m.groupsUnmapped.some((g) => !/library/.test(g.reason));
  const detail = [
    reasons.length ? `Unmapped frames: ${reasons.map(([r, n]) => `${r} ${n} (${REASON_TEXT[r] ?? r})`).join(', ')}.` : undefined,
    ...m.groupsUnmapped.slice(0, MAX_LISTED).map((g) => `Error "${g.title}" not on the code: ${g.reason}`),
    m.groupsUnmapped.length > MAX_LISTED ? `… and ${m.groupsUnmapped.length - MAX_LISTED} more error group(s)` : undefined,
  ].filter((l): l is string => l !== undefined);
  if (groups === 0 && routes === 0 && notCode === 0) {
    return { level: 'info', title: `"${service.name}" on the code: nothing to map yet (no error group or route came back)`, code: 'mapping.summary', service: service.name };
  }
  return {
    level: misses ? 'info' : 'ok',
    title: `"${service.name}" on the code: ${m.framesMapped} of ${m.framesSeen} stack frame(s) mapped, ${m.groupsMapped} of ${groups} error group(s), ${m.routesMapped} of ${routes} route(s)${notCode ? ` (and ${notCode} row(s) that are not code)` : ''}`,
    detail: detail.join('\n') || undefined,
    code: 'mapping.summary',
    service: service.name,
  };
}

export function mappingFindings(service: DetectedService, runtime: ServiceRuntimeFacts): Finding[] {
  const out: Finding[] = [summary(service, runtime)];
  const base = { service: service.name };
  const m = runtime.mapping;

  let explained = 0;
  for (const fix of runtime.pathFixes ?? []) {
    explained += fix.frames;
    const pair = { from: fix.from, to: fix.to };
    const replaced = fix.replaces;
    const detail = replaced
      ? `The path mapping ${jsonSnippet(replaced)} sends ${fix.example.deployed} to ${replaced.to}${fix.example.deployed.slice(replaced.from.length).replace(/^\/+/, '')}, which is not in this workspace; ${fix.example.file} is.`
      : `${fix.example.deployed} is ${fix.example.file} in this workspace.`;
    const action = replaced
      ? `Change the path mapping ${jsonSnippet(replaced)} to ${jsonSnippet(pair)} in ${where(service)}.`
      : `Add a path mapping from "${fix.from}" to "${fix.to}" to ${where(service)}: ${jsonSnippet({ pathMappings: [pair] })}.`;
    out.push({ ...base, level: 'warning', title: `"${service.name}": ${fix.frames} stack frame(s) deployed under ${fix.from} match no workspace file`, detail, fix: action, code: 'mapping.pathMapping', suggestion: { pathMapping: pair } });
  }

  const noMatch = (runtime.unmapped ?? []).filter((f) => f.reason === 'nomatch');
  const unexplained = (m.unmappedByReason.nomatch ?? 0) - explained;
  if (unexplained > 0) {
    const examples = noMatch.filter((f) => !(runtime.pathFixes ?? []).some((fix) => fix.covers.includes(f.deployedPath))).slice(0, MAX_LISTED);
    out.push({
      ...base,
      level: 'warning',
      title: `"${service.name}": ${unexplained} stack frame(s) match no workspace file`,
      detail: examples.map((f) => `${f.deployedPath}${f.line ? `:${f.line}` : ''}: ${f.explanation ?? 'no match'}`).join('\n') || undefined,
      fix: `Open the checkout of the release that runs in production (the files may have moved or been renamed since), or add a path mapping from the deployed root to the folder holding these files to ${where(service)}.`,
      code: 'mapping.noMatch',
    });
  }

  const ambiguous = runtime.ambiguousPaths ?? [];
  for (const amb of ambiguous) {
    out.push({
      ...base,
      level: 'warning',
      title: `"${service.name}": ${amb.frames} stack frame(s) under ${amb.from} match several files equally well, so none is shown`,
      detail: `${amb.example} could be ${amb.alternatives.map((a) => a.file).join(' or ')}.`,
      fix: `Add the path mapping for the folder deployed as "${service.name}" to ${where(service)}: ${amb.alternatives.map((a) => jsonSnippet({ from: amb.from, to: a.to })).join(' or ')}.`,
      code: 'mapping.ambiguous',
    });
  }
  // Candidates with no common deployed root to derive a mapping from: list them, the user knows which one runs.
  if (ambiguous.length === 0 && m.ambiguous.length > 0) {
    out.push({
      ...base,
      level: 'warning',
      title: `"${service.name}": ${m.unmappedByReason.ambiguous ?? m.ambiguous.length} stack frame(s) match several files equally well, so none is shown`,
      detail: m.ambiguous.slice(0, MAX_LISTED).map((a) => `${a.frame}: ${a.candidates.join(', ')}`).join('\n'),
      fix: `Add a path mapping from the deployed root to the one folder deployed as "${service.name}" to ${where(service)}, or narrow its "folders" (${folderList(service)}).`,
      code: 'mapping.ambiguous',
    });
  }

  const notCode = m.routesNotCode ?? [];
  if (notCode.length > 0) {
    // Their own explanation and no fix: no folder holds a handler for requests no route matched.
    out.push({
      ...base,
      level: 'info',
      title: `"${service.name}": ${notCode.length} row(s) with traffic are not code, so they have no handler to show`,
      detail: notCode.slice(0, 10).map((r) => `${oneLine(r.route, 200)}: ${r.why}`).join('\n'),
      code: 'mapping.notCode',
    });
  }
  if (m.routesUnmapped.length > 0) {
    out.push({
      ...base,
      level: m.routesMapped === 0 ? 'warning' : 'info',
      title: `"${service.name}": ${m.routesUnmapped.length} route(s) with traffic have no handler found in ${folderList(service)}`,
      detail: m.routesUnmapped.slice(0, 10).join('\n'),
      fix: `ProdLens finds handlers from route definitions (Express, Fastify, Koa, NestJS, Flask, FastAPI, Django, Spring, Go net/http, gin, echo, chi, ASP.NET, Rails) under the service's folders: make "folders" of "${service.name}" include the code that defines these routes.`,
      code: 'mapping.routes',
    });
  }
  return out;
}
