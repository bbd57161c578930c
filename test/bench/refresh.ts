// `npm run bench`, refresh pipeline (plain Node): the real sources, HTTP client, refresh service and code
// mapping against local servers, for one service at two sizes.
//  - 500 routes, 200 error groups, 100 alerts: refresh time next to the raw HTTP time of the same requests
//    (same servers, same payloads), the overhead ProdLens adds, and the heap it keeps.
//  - 2,000 routes, 10,000 error groups, 500 alerts: the refresh over HTTP, then everything after the HTTP
//    responses (decode, parse, merge, map) timed with the recorded bytes answered from memory.
// The same 500-route refresh against real Prometheus and Alertmanager is refreshReal.ts; the harness both use
// is refreshHarness.ts.
// Run as `node --expose-gc out/test/bench/refresh.js [results.json]`.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeBody } from '../../src/backends/http/body';
import { createHttpClient } from '../../src/backends/http/httpClient';
import type { HealthSnapshot } from '../../src/core/model';
import type { CodeIndex } from '../../src/services/codeIndex';
import { STORED_ERROR_GROUPS, snapshotForStorage } from '../../src/services/snapshot';
import { nowMs, retainedHeapMb, runMain, timeRuns, timeRunsAsync, type BenchOutput, type BenchRow } from './common';
import { MemoryHttpClient, RecordingHttpClient, replayRaw, type RawAnswer } from './httpReplay';
import type { ProductionSize } from './production';
import { startProductionProcess, type ProductionProcess } from './productionProcess';
import { check, FIRST_RUNS, measureRefresh, refreshServiceOver, reportPaired, service, sourcesOver, STEADY_RUNS, workspaceFor } from './refreshHarness';

async function benchRefresh(rows: BenchRow[], notes: string[]): Promise<void> {
  const size: ProductionSize = { routes: 500, errorGroups: 200, alerts: 100, incidents: 5 };
  const production = await startProductionProcess(size);
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-bench-store-'));
  try {
    const code = await workspaceFor(production.routes);
    const m = await measureRefresh(production.urls, code, size, storeDir);
    for (const [label, paired] of [[`first (median of ${FIRST_RUNS})`, m.first], [`steady (median of ${STEADY_RUNS})`, m.steady]] as const) {
      reportPaired(rows, notes, {
        prodlens: `refresh 500 routes/200 groups/100 alerts, ${label}: ProdLens`,
        raw: (n) => `refresh ${label}: raw HTTP of the same ${n} requests`,
        // No target on these rows: the canned servers answer from memory faster than any client can decode
        // the answer (JSON.parse alone is half their time), so the ratio measures the stand-in, not ProdLens.
        // The 20 % target is held against real Prometheus and Alertmanager (refreshReal.ts).
        overhead: `refresh ${label}: ProdLens overhead over canned raw HTTP`,
        own: `refresh ${label}: ProdLens's own time (ProdLens − raw)`,
        cpu: `refresh ${label}`,
      }, paired, 'this process only: the servers run in their own');
    }
    rows.push({ name: 'refresh: heap retained after 10 refreshes (snapshot, caches)', value: m.heapRetained, unit: 'MB' });
    rows.push({ name: 'refresh: heap growth over 10 more refreshes', value: m.heapGrowth, unit: 'MB' });
    notes.push(`refresh (500/200/100): mapped ${m.mapped.mappedGroups}/200 error groups (frames are fetched for the top 15 only), ${m.mapped.mappedRoutes}/500 routes to their handlers, ${m.mapped.mappedAlerts} alerts by their code_* labels.`);
  } finally {
    await production.stop();
    fs.rmSync(storeDir, { recursive: true, force: true });
  }
}

async function benchLoad(rows: BenchRow[], notes: string[]): Promise<void> {
  const size: ProductionSize = { routes: 2000, errorGroups: 10_000, alerts: 500, incidents: 20 };
  let production: ProductionProcess | undefined = await startProductionProcess(size, 2);
  const urls = production.urls;
  let answers: Map<string, RawAnswer>;
  let code: CodeIndex;
  try {
    code = await workspaceFor(production.routes);
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
