// The refresh benchmark's harness, shared by its two variants (canned servers in refresh.ts, real Prometheus
// and Alertmanager in refreshReal.ts): the four real sources over one HTTP client, the refresh service as the
// extension builds it, the completeness check, and the paired timing of a ProdLens refresh against the raw
// replay of exactly the requests it made.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { AlertmanagerClient } from '../../src/backends/alertmanager/alertmanagerClient';
import { createHttpClient } from '../../src/backends/http/httpClient';
import type { HttpClient } from '../../src/backends/http/types';
import { PagerDutyClient } from '../../src/backends/pagerduty/pagerDutyClient';
import { PrometheusClient } from '../../src/backends/prometheus/prometheusClient';
import { SentryClient } from '../../src/backends/sentry/sentryClient';
import type { DetectedService } from '../../src/core/detect/services';
import type { HealthSnapshot } from '../../src/core/model';
import { parseTimeWindow } from '../../src/core/timeWindow';
import type { CodeIndex } from '../../src/services/codeIndex';
import { RefreshService, type SnapshotStore } from '../../src/services/refreshService';
import { codeMapperFor } from '../../src/services/signalMapper';
import { AlertmanagerSource } from '../../src/services/sources/alertmanagerSource';
import { PagerDutySource } from '../../src/services/sources/pagerDutySource';
import { PrometheusSource } from '../../src/services/sources/prometheusSource';
import { SentrySource } from '../../src/services/sources/sentrySource';
import type { BackendSource } from '../../src/services/sources/types';
import { cpuMs, median, nowMs, retainedHeapMb, type BenchRow } from './common';
import { RecordingHttpClient, replayRaw, type RecordedCall } from './httpReplay';
import { inMemoryCodeIndex, silentLog } from './mapping';
import { PAGERDUTY_SERVICE, PAGERDUTY_TOKEN, SENTRY_TOKEN, SERVICE, SERVICE_FOLDER, routeSources, type BenchProduction, type ProductionSize, type RouteSpec } from './production';
import { syntheticWorkspace } from './workspace';

export const WINDOW = parseTimeWindow('1h')!;
export const service: DetectedService = { name: SERVICE, folders: [SERVICE_FOLDER], environments: ['production'], evidence: [] };

export type BackendUrls = BenchProduction['urls'];

/** The four real sources of one service; the Sentry issue limit raised to the size under test (default 100). */
export function sourcesOver(http: HttpClient, urls: BackendUrls, issueLimit: number): BackendSource[] {
  return [
    new PrometheusSource(urls.prometheus, new PrometheusClient({ baseUrl: urls.prometheus, http }), undefined),
    new AlertmanagerSource(urls.alertmanager, new AlertmanagerClient({ baseUrl: urls.alertmanager, http }), undefined),
    new SentrySource(urls.sentry, new SentryClient({ baseUrl: urls.sentry, organization: 'acme', project: SERVICE, http, getAuthHeader: () => `Bearer ${SENTRY_TOKEN}` }), issueLimit),
    new PagerDutySource(urls.pagerduty, new PagerDutyClient({ baseUrl: urls.pagerduty, http, getToken: () => PAGERDUTY_TOKEN }), [PAGERDUTY_SERVICE]),
  ];
}

export function refreshServiceOver(sources: BackendSource[], code: CodeIndex | undefined, store?: SnapshotStore): RefreshService {
  return new RefreshService({
    sourcesFor: () => sources,
    settings: () => ({ window: WINDOW, environment: 'production' }),
    log: silentLog,
    store,
    mapToCode: code ? codeMapperFor(code, () => [service]) : undefined,
  });
}

export interface Mapped {
  mappedGroups: number;
  mappedRoutes: number;
  mappedAlerts: number;
}

/** A refresh that did not get everything is not a measurement: say what went wrong. */
export function check(snapshot: HealthSnapshot, size: ProductionSize): Mapped {
  const failed = snapshot.backends.filter((b) => b.state !== 'ok');
  if (failed.length > 0) throw new Error(`backends failed during the bench: ${failed.map((b) => `${b.kind}: ${b.error}`).join('; ')}`);
  const alerts = snapshot.incidents.filter((i) => i.source === 'alertmanager').length;
  if (snapshot.errors.length !== size.errorGroups || snapshot.routes.length !== size.routes || alerts !== size.alerts) {
    throw new Error(`the snapshot has ${snapshot.errors.length} error groups, ${snapshot.routes.length} routes, ${alerts} alerts; expected ${size.errorGroups}, ${size.routes}, ${size.alerts}`);
  }
  return {
    mappedGroups: snapshot.errors.filter((g) => g.location).length,
    mappedRoutes: snapshot.routes.filter((r) => r.location).length,
    mappedAlerts: snapshot.incidents.filter((i) => i.location).length,
  };
}

/** The 50,000-file monorepo with the service's router files in it, indexed, its route files scanned once. */
export async function workspaceFor(routes: readonly RouteSpec[]): Promise<CodeIndex> {
  const texts = routeSources(routes);
  const ws = syntheticWorkspace(50_000 - texts.size);
  const code = inMemoryCodeIndex([...ws.listed, ...texts.keys()], texts);
  await code.fileIndex();
  await code.routesOf(service.folders);
  return code;
}

/**
 * Persists the way the extension's VsCodeSnapshotStore does: serialised when the refresh service hands it
 * over (after the refresh has answered), skipped over 5 MB, then written asynchronously.
 */
export class ExtensionLikeStore implements SnapshotStore {
  constructor(private readonly dir: string) {}

  async load(): Promise<HealthSnapshot | undefined> {
    return undefined;
  }

  async save(snapshot: HealthSnapshot): Promise<void> {
    const text = JSON.stringify(snapshot);
    if (text.length > 5_000_000) return;
    await fs.promises.writeFile(path.join(this.dir, `${encodeURIComponent(snapshot.service)}.json`), text);
  }
}

export interface Paired {
  prodlens: number[];
  raw: number[];
  cpuProdlens: number[];
  cpuRaw: number[];
  requests: number;
  /** The requests of the last counted refresh. */
  calls: RecordedCall[];
}

const emptyPaired = (): Paired => ({ prodlens: [], raw: [], cpuProdlens: [], cpuRaw: [], requests: 0, calls: [] });

/**
 * One ProdLens refresh, then the raw replay of exactly the requests it made. Wall and CPU time of each; the
 * CPU time is this process's (the servers run in processes of their own). The snapshot is
 * persisted after the refresh answers: that write finishes before the replay starts, so the baseline does not
 * share the machine with it.
 */
async function paired(into: Paired | undefined, agent: http.Agent, recorder: RecordingHttpClient, refreshOnce: () => Promise<RefreshService>, dispose: boolean): Promise<void> {
  const cpu0 = cpuMs();
  const started = nowMs();
  const refresh = await refreshOnce();
  const ms = nowMs() - started;
  const cpu = cpuMs() - cpu0;
  const calls = recorder.take();
  await refresh.flushSaves();
  if (dispose) refresh.dispose();
  const rawCpu0 = cpuMs();
  const raw = await replayRaw(agent, calls);
  const rawCpu = cpuMs() - rawCpu0;
  if (!into) return;
  into.prodlens.push(ms);
  into.raw.push(raw.ms);
  into.cpuProdlens.push(cpu);
  into.cpuRaw.push(rawCpu);
  into.requests = calls.length;
  into.calls = calls;
}

/**
 * Samples behind each median. Against real Prometheus one refresh's raw time moves by ±50 ms with the
 * machine, so the medians need this many pairs to be stable to a few per cent.
 */
export const FIRST_RUNS = 9;
export const STEADY_RUNS = 20;

export interface RefreshMeasurement {
  first: Paired;
  steady: Paired;
  mapped: Mapped;
  /** Heap retained after 10 steady refreshes, and its growth over 10 more (MB, after a forced GC). */
  heapRetained: number;
  heapGrowth: number;
}

/**
 * A first refresh of the service (median of FIRST_RUNS, a new refresh service and sources each time: convention
 * detection, Sentry project id, the top issues' latest events), then steady refreshes of one service as the
 * 60 s poll does them (median of STEADY_RUNS), each paired with its raw replay; then the heap it keeps.
 */
export async function measureRefresh(urls: BackendUrls, code: CodeIndex, size: ProductionSize, storeDir: string, verify: (snapshot: HealthSnapshot) => void = () => {}): Promise<RefreshMeasurement> {
  const agent = new http.Agent({ keepAlive: true });
  const recorder = new RecordingHttpClient(createHttpClient({ version: 'bench' }));
  const store = new ExtensionLikeStore(storeDir);
  const fresh = () => refreshServiceOver(sourcesOver(recorder, urls, size.errorGroups), code, store);
  const checked = (snapshot: HealthSnapshot) => {
    const mapped = check(snapshot, size);
    verify(snapshot);
    return mapped;
  };
  try {
    // The first iteration warms the JIT and both connection pools: not counted.
    const first = emptyPaired();
    for (let i = 0; i < FIRST_RUNS + 1; i++) {
      await paired(i > 0 ? first : undefined, agent, recorder, async () => {
        const refresh = fresh();
        checked(await refresh.refresh(service));
        return refresh;
      }, true);
    }

    const heapBefore = retainedHeapMb();
    const refresh = fresh();
    const mapped = checked(await refresh.refresh(service));
    recorder.take();
    await refresh.flushSaves();
    const steady = emptyPaired();
    for (let i = 0; i < STEADY_RUNS + 2; i++) {
      await paired(i > 1 ? steady : undefined, agent, recorder, async () => {
        checked(await refresh.refresh(service, { force: true }));
        return refresh;
      }, false);
    }
    const heapAfter = retainedHeapMb();
    for (let i = 0; i < 10; i++) {
      await refresh.refresh(service, { force: true });
      recorder.take();
      await refresh.flushSaves();
    }
    const heapAfterMore = retainedHeapMb();
    refresh.dispose();
    return { first, steady, mapped, heapRetained: heapAfter - heapBefore, heapGrowth: heapAfterMore - heapAfter };
  } finally {
    agent.destroy();
  }
}

/** Row names of one paired figure: what ProdLens took, the raw baseline, and the overhead. */
export interface PairedNames {
  prodlens: string;
  raw: (requests: number) => string;
  overhead: string;
  /** A row for ProdLens's own time in ms (ProdLens − raw), when the ratio alone would mislead. */
  own?: string;
  cpu: string;
}

/** `target`: the overhead target in %, for the rows it applies to (issue 4: 20 % over the raw HTTP time). */
export function reportPaired(rows: BenchRow[], notes: string[], names: PairedNames, m: Paired, cpuWhat: string, target?: number): void {
  const p = median(m.prodlens);
  const r = median(m.raw);
  rows.push({ name: names.prodlens, value: p, unit: 'ms' });
  rows.push({ name: names.raw(m.requests), value: r, unit: 'ms' });
  rows.push({ name: names.overhead, value: ((p - r) / r) * 100, unit: '%', ...(target !== undefined ? { target } : {}) });
  if (names.own) rows.push({ name: names.own, value: p - r, unit: 'ms' });
  notes.push(`${names.cpu}: CPU time (median) ${median(m.cpuProdlens).toFixed(1)} ms for ProdLens, ${median(m.cpuRaw).toFixed(1)} ms for the raw replay (${cpuWhat}).`);
}
