// `npm run bench`, refresh pipeline (plain Node): the real sources, HTTP client, refresh service and code
// mapping against local servers, for one service at two sizes.
//  - 500 routes, 200 error groups, 100 alerts: refresh time next to the raw HTTP time of the same requests
//    (same servers, same payloads), the overhead ProdLens adds, and the heap it keeps.
//  - 2,000 routes, 10,000 error groups, 500 alerts: the refresh over HTTP, then everything after the HTTP
//    responses (decode, parse, merge, map) timed with the recorded bytes answered from memory.
// Run as `node --expose-gc out/test/bench/refresh.js [results.json]`.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { AlertmanagerClient } from '../../src/backends/alertmanager/alertmanagerClient';
import { decodeBody } from '../../src/backends/http/body';
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
import { STORED_ERROR_GROUPS, snapshotForStorage } from '../../src/services/snapshot';
import { AlertmanagerSource } from '../../src/services/sources/alertmanagerSource';
import { PagerDutySource } from '../../src/services/sources/pagerDutySource';
import { PrometheusSource } from '../../src/services/sources/prometheusSource';
import { SentrySource } from '../../src/services/sources/sentrySource';
import type { BackendSource } from '../../src/services/sources/types';
import { cpuMs, median, nowMs, retainedHeapMb, runMain, timeRuns, timeRunsAsync, type BenchOutput, type BenchRow } from './common';
import { MemoryHttpClient, RecordingHttpClient, replayRaw, type RawAnswer } from './httpReplay';
import { inMemoryCodeIndex, silentLog } from './mapping';
import { PAGERDUTY_SERVICE, PAGERDUTY_TOKEN, SENTRY_TOKEN, SERVICE, SERVICE_FOLDER, routeSources, startBenchProduction, type BenchProduction, type ProductionSize } from './production';
import { syntheticWorkspace } from './workspace';

const WINDOW = parseTimeWindow('1h')!;
const service: DetectedService = { name: SERVICE, folders: [SERVICE_FOLDER], environments: ['production'], evidence: [] };

/** The four real sources of one service; the Sentry issue limit raised to the size under test (default 100). */
function sourcesOver(http: HttpClient, urls: BenchProduction['urls'], issueLimit: number): BackendSource[] {
  return [
    new PrometheusSource(urls.prometheus, new PrometheusClient({ baseUrl: urls.prometheus, http }), undefined),
    new AlertmanagerSource(urls.alertmanager, new AlertmanagerClient({ baseUrl: urls.alertmanager, http }), undefined),
    new SentrySource(urls.sentry, new SentryClient({ baseUrl: urls.sentry, organization: 'acme', project: SERVICE, http, getAuthHeader: () => `Bearer ${SENTRY_TOKEN}` }), issueLimit),
    new PagerDutySource(urls.pagerduty, new PagerDutyClient({ baseUrl: urls.pagerduty, http, getToken: () => PAGERDUTY_TOKEN }), [PAGERDUTY_SERVICE]),
  ];
}

function refreshServiceOver(sources: BackendSource[], code: CodeIndex | undefined, store?: SnapshotStore): RefreshService {
  return new RefreshService({
    sourcesFor: () => sources,
    settings: () => ({ window: WINDOW, environment: 'production' }),
    log: silentLog,
    store,
    mapToCode: code ? codeMapperFor(code, () => [service]) : undefined,
  });
}

/** A refresh that did not get everything is not a measurement: say what went wrong. */
function check(snapshot: HealthSnapshot, size: ProductionSize): { mappedGroups: number; mappedRoutes: number; mappedAlerts: number } {
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
async function workspaceFor(production: BenchProduction): Promise<CodeIndex> {
  const texts = routeSources(production.routes);
  const ws = syntheticWorkspace(50_000 - texts.size);
  const code = inMemoryCodeIndex([...ws.listed, ...texts.keys()], texts);
  await code.fileIndex();
  await code.routesOf(service.folders);
  return code;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * Persists the way the extension's VsCodeSnapshotStore does: serialised as soon as the refresh hands it over
 * (on the refresh's path, on the extension host thread), skipped over 5 MB, then written asynchronously.
 */
class ExtensionLikeStore implements SnapshotStore {
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

interface Paired {
  prodlens: number[];
  raw: number[];
  cpuProdlens: number[];
  cpuRaw: number[];
  requests: number;
}

/**
 * One ProdLens refresh, then the raw replay of exactly the requests it made. Wall and CPU time of each; the
 * CPU time includes the in-process servers' share, the same for both.
 */
async function paired(into: Paired | undefined, agent: http.Agent, recorder: RecordingHttpClient, refreshOnce: () => Promise<void>): Promise<void> {
  const cpu0 = cpuMs();
  const started = nowMs();
  await refreshOnce();
  const ms = nowMs() - started;
  const cpu = cpuMs() - cpu0;
  const calls = recorder.take();
  // The snapshot file is still being written: the baseline must not share the machine with it.
  await settle();
  const rawCpu0 = cpuMs();
  const raw = await replayRaw(agent, calls);
  const rawCpu = cpuMs() - rawCpu0;
  await settle();
  if (!into) return;
  into.prodlens.push(ms);
  into.raw.push(raw.ms);
  into.cpuProdlens.push(cpu);
  into.cpuRaw.push(rawCpu);
  into.requests = calls.length;
}

const emptyPaired = (): Paired => ({ prodlens: [], raw: [], cpuProdlens: [], cpuRaw: [], requests: 0 });

async function benchRefresh(rows: BenchRow[], notes: string[]): Promise<void> {
  const size: ProductionSize = { routes: 500, errorGroups: 200, alerts: 100, incidents: 5 };
  const production = await startBenchProduction(size);
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-bench-store-'));
  try {
    const code = await workspaceFor(production);
    const agent = new http.Agent({ keepAlive: true });
    const recorder = new RecordingHttpClient(createHttpClient({ version: 'bench' }));
    const store = new ExtensionLikeStore(storeDir);
    const fresh = () => refreshServiceOver(sourcesOver(recorder, production.urls, size.errorGroups), code, store);

    // A first refresh of the service: convention detection, Sentry project id, the top issues' latest events.
    // The first iteration warms the JIT and both connection pools: not counted.
    const first = emptyPaired();
    for (let i = 0; i < 6; i++) {
      await paired(i > 0 ? first : undefined, agent, recorder, async () => {
        const refresh = fresh();
        check(await refresh.refresh(service), size);
        refresh.dispose();
      });
    }

    // Steady state: the same service refreshed again, as the 60 s poll does.
    const heapBefore = retainedHeapMb();
    const refresh = fresh();
    const mapped = check(await refresh.refresh(service), size);
    recorder.take();
    await settle();
    const steady = emptyPaired();
    for (let i = 0; i < 12; i++) {
      await paired(i > 1 ? steady : undefined, agent, recorder, async () => void check(await refresh.refresh(service, { force: true }), size));
    }
    const heapAfter = retainedHeapMb();
    for (let i = 0; i < 10; i++) {
      await refresh.refresh(service, { force: true });
      recorder.take();
      await settle();
    }
    const heapAfterMore = retainedHeapMb();

    const report = (label: string, m: Paired) => {
      const p = median(m.prodlens);
      const r = median(m.raw);
      rows.push({ name: `refresh 500 routes/200 groups/100 alerts, ${label}: ProdLens`, value: p, unit: 'ms' });
      rows.push({ name: `refresh ${label}: raw HTTP of the same ${m.requests} requests`, value: r, unit: 'ms' });
      rows.push({ name: `refresh ${label}: ProdLens overhead over raw HTTP`, value: ((p - r) / r) * 100, unit: '%', target: 20 });
      notes.push(`refresh ${label}: CPU time (median) ${median(m.cpuProdlens).toFixed(1)} ms for ProdLens, ${median(m.cpuRaw).toFixed(1)} ms for the raw replay (servers included in both).`);
    };
    report('first (median of 5)', first);
    report('steady (median of 10)', steady);
    rows.push({ name: 'refresh: heap retained after 10 refreshes (snapshot, caches)', value: heapAfter - heapBefore, unit: 'MB' });
    rows.push({ name: 'refresh: heap growth over 10 more refreshes', value: heapAfterMore - heapAfter, unit: 'MB' });
    notes.push(`refresh (500/200/100): mapped ${mapped.mappedGroups}/200 error groups (frames are fetched for the top 15 only), ${mapped.mappedRoutes}/500 routes to their handlers, ${mapped.mappedAlerts} alerts by their code_* labels.`);
    refresh.dispose();
    agent.destroy();
  } finally {
    await production.stop();
    fs.rmSync(storeDir, { recursive: true, force: true });
  }
}

async function benchLoad(rows: BenchRow[], notes: string[]): Promise<void> {
  const size: ProductionSize = { routes: 2000, errorGroups: 10_000, alerts: 500, incidents: 20 };
  let production: BenchProduction | undefined = await startBenchProduction(size, 2);
  // Only the URLs outlive the servers: the fixtures must not weigh on the heap while processing is timed.
  const urls = production.urls;
  let answers: Map<string, RawAnswer>;
  let code: CodeIndex;
  try {
    code = await workspaceFor(production);
    const recorder = new RecordingHttpClient(createHttpClient({ version: 'bench' }));
    const refresh = refreshServiceOver(sourcesOver(recorder, urls, size.errorGroups), code);
    const started = nowMs();
    check(await refresh.refresh(service), size);
    rows.push({ name: 'load 2k routes/10k groups/500 alerts: refresh over local HTTP', value: nowMs() - started, unit: 'ms' });
    refresh.dispose();
    const calls = recorder.take();
    const agent = new http.Agent({ keepAlive: true });
    const raw = await replayRaw(agent, calls);
    agent.destroy();
    answers = raw.answers;
    const bytes = [...answers.values()].reduce((n, a) => n + a.body.length, 0);
    notes.push(`load: ${calls.length} requests (100 Sentry issue pages of 100), ${(bytes / 1024 / 1024).toFixed(1)} MB of JSON; raw HTTP of the same requests ${raw.ms.toFixed(0)} ms.`);
  } finally {
    await production.stop();
    production = undefined;
  }

  // Everything after the bytes arrive: decode and validate JSON, parse into the domain, merge, score, map.
  // Fresh sources each run, as on a first refresh: nothing cached from the previous one.
  const memory = new MemoryHttpClient(answers);
  let snapshot: HealthSnapshot | undefined;
  const processOnce = (withCode: CodeIndex | undefined) => async () => {
    const refresh = refreshServiceOver(sourcesOver(memory, urls, size.errorGroups), withCode);
    snapshot = await refresh.refresh(service);
    refresh.dispose();
  };
  const processing = await timeRunsAsync(7, processOnce(code));
  const mapped = check(snapshot!, size);
  rows.push({ name: 'load: processing after HTTP (decode+parse+merge+map), first', value: processing.first, unit: 'ms', target: 200 });
  rows.push({ name: 'load: processing after HTTP, median of 7', value: processing.median, unit: 'ms', target: 200 });
  // Where it goes: the same refresh without the code mapping, and the JSON decoding alone.
  const unmapped = await timeRunsAsync(5, processOnce(undefined));
  snapshot = undefined;
  const decode = timeRuns(5, () => {
    for (const [key, a] of answers) decodeBody(a.body, a.headers, 'json', a.status, key);
  });
  rows.push({ name: 'load: of which decode+parse+merge (no mapping), median of 5', value: unmapped.median, unit: 'ms' });
  rows.push({ name: 'load: of which JSON decoding of the bodies alone, median of 5', value: decode.median, unit: 'ms' });
  notes.push(`load: mapped ${mapped.mappedGroups} error groups (frames for the top 15), ${mapped.mappedRoutes}/2000 routes, ${mapped.mappedAlerts} alerts.`);
  notes.push(`load: CPU time (median) of the processing ${processing.cpuMedian.toFixed(0)} ms, without mapping ${unmapped.cpuMedian.toFixed(0)} ms, JSON decoding ${decode.cpuMedian.toFixed(0)} ms.`);

  const heapBefore = retainedHeapMb();
  const refresh = refreshServiceOver(sourcesOver(memory, urls, size.errorGroups), code);
  const held = await refresh.refresh(service);
  rows.push({ name: 'load: heap retained by the refreshed 10k-group service', value: retainedHeapMb() - heapBefore, unit: 'MB' });

  // The snapshot is persisted after every refresh; the extension serialises it on the extension host thread.
  let stored = '';
  const persist = timeRuns(5, () => {
    stored = JSON.stringify(snapshotForStorage(held));
  });
  rows.push({ name: `load: serialising the persisted snapshot (top ${STORED_ERROR_GROUPS} groups), median of 5`, value: persist.median, unit: 'ms' });
  const whole = JSON.stringify(held);
  notes.push(`load: the persisted snapshot is ${(stored.length / 1024 / 1024).toFixed(2)} MB of JSON; the whole 10k-group snapshot would be ${(whole.length / 1024 / 1024).toFixed(2)} MB.`);
  refresh.dispose();
}

async function main(): Promise<BenchOutput> {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  // PRODLENS_BENCH_ONLY=refresh|load runs one half, when working on it.
  const only = process.env.PRODLENS_BENCH_ONLY;
  if (only !== 'load') await benchRefresh(rows, notes);
  if (only !== 'refresh') await benchLoad(rows, notes);
  return { rows, notes };
}

if (require.main === module) runMain(main);
