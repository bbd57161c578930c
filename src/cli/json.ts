// The `--json` documents of `status` and `doctor` (schema 1): documented, stable shapes; see the README.
import type { BackendFacts, ServiceRuntimeFacts } from '../core/diagnostics/report';
import type { DetectedService } from '../core/detect/services';
import type { HealthSnapshot } from '../core/model';
import { deployedJson } from './deployedOutput';

/** Version of the `--json` output. Bump it when a field changes meaning or disappears. */
export const JSON_SCHEMA_VERSION = 1;

/** One service in `status --json` (schema 1): a documented, stable shape; see the README. */
export function statusJson(service: DetectedService, snapshot: HealthSnapshot, backends: BackendFacts[]) {
  return {
    name: service.name,
    folders: service.folders,
    environments: service.environments,
    evidence: service.evidence,
    status: snapshot.status,
    statusReasons: snapshot.statusReasons,
    stale: snapshot.stale,
    fetchedAt: new Date(snapshot.fetchedAt).toISOString(),
    coverage: snapshot.coverage ? { since: new Date(snapshot.coverage.since).toISOString(), fraction: snapshot.coverage.fraction } : null,
    recent: snapshot.recent ? { ...snapshot.recent, since: new Date(snapshot.recent.since).toISOString(), lastTrafficAt: snapshot.recent.lastTrafficAt !== undefined ? new Date(snapshot.recent.lastTrafficAt).toISOString() : undefined } : null,
    current: snapshot.current,
    previous: snapshot.previous ?? null,
    routes: snapshot.routes,
    incidents: snapshot.incidents,
    errors: snapshot.errors.map((e) => ({ ...e, frames: undefined, causeFrames: undefined })),
    deploys: snapshot.deploys,
    deployed: deployedJson(snapshot, service.config?.version),
    // Whether errors[].location lines were translated to the working copy (location.version has production's).
    lineVersions: snapshot.lineVersions ?? null,
    backends: backendsJson(backends, snapshot),
  };
}

function backendsJson(backends: BackendFacts[], snapshot: HealthSnapshot | undefined) {
  return backends.map(({ kind, url, from, hasToken }) => {
    const status = snapshot?.backends.find((b) => b.kind === kind && b.url === url);
    return {
      kind,
      url,
      from,
      hasToken,
      state: status?.state ?? 'unconfigured',
      latencyMs: status?.latencyMs ?? null,
      error: status?.error ?? null,
      errorKind: status?.errorKind ?? null,
      notes: status?.notes ?? [],
      lastSuccess: status?.lastSuccess !== undefined ? new Date(status.lastSuccess).toISOString() : null,
      // The answer shown for this backend; with state "error" it is the last good one, kept (stale).
      dataAt: status?.dataAt !== undefined ? new Date(status.dataAt).toISOString() : null,
      stale: status?.state === 'error' && status.dataAt !== undefined,
      partial: status?.partial ?? null,
      convention: status?.convention ?? null,
    };
  });
}

/** One service in `doctor --json` (schema 1): detection, each backend's answer, mapping statistics and derived fixes. */
export function doctorJson(service: DetectedService, snapshot: HealthSnapshot | undefined, backends: BackendFacts[], runtime: ServiceRuntimeFacts | undefined) {
  return {
    name: service.name,
    folders: service.folders,
    nameSource: service.nameSource ?? null,
    evidence: service.evidence,
    otherNames: service.otherNames ?? [],
    backends: backendsJson(backends, snapshot),
    mapping: runtime?.mapping ?? null,
    pathMappingFixes: (runtime?.pathFixes ?? []).map((f) => ({ from: f.from, to: f.to, frames: f.frames, example: f.example, replaces: f.replaces ?? null })),
    ambiguousPaths: runtime?.ambiguousPaths ?? [],
    prometheusIdentities: runtime?.prometheusIdentities ?? null,
  };
}
