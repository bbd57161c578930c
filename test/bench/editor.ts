// Loaded by the real extension host as `extensionTestsPath` for `npm run bench`, in the workspace written by
// editorData.writeEditorWorkspace. The 10,000-group load is served by an in-memory backend source put in
// through the test API, so the real refresh service, code mapping, snapshot store and annotation controller
// run on it. Measures decoration time, the cost of switching editors, and the extension host's memory growth.
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as vscode from 'vscode';
import type { ProdlensTestApi } from '../../src/container';
import type { BackendSource } from '../../src/services/sources/types';
import { forceGc, median, nowMs, type BenchOutput } from './common';
import { EDITOR_SERVICE, HOT_FILES, HOT_LINES, LOAD, loadSourceResult } from './editorData';

const MB = 1024 * 1024;

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function memory(): { heap: number; rss: number } {
  forceGc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / MB, rss: m.rss / MB };
}

async function measure(out: BenchOutput): Promise<void> {
  const ext = vscode.extensions.getExtension<ProdlensTestApi>('prodlens.prodlens');
  if (!ext) throw new Error('prodlens.prodlens is not loaded');
  const api = await ext.activate();
  await api.detect();
  if (!api.services().some((s) => s.name === EDITOR_SERVICE)) throw new Error(`the service ${EDITOR_SERVICE} was not detected`);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the bench needs a workspace folder');
  const [docA, docB] = await Promise.all(HOT_FILES.map((f) => vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, f))));
  await vscode.window.showTextDocument(docA);
  // Let start-up work (detection, the first refresh attempt, the file index) finish before the baseline.
  await pause(2000);
  const before = memory();

  // The load, fresh objects on every fetch as an adapter returns them; the first one made before the timing.
  let prepared: ReturnType<typeof loadSourceResult> | undefined = loadSourceResult();
  const source: BackendSource = {
    kind: 'sentry',
    url: 'http://127.0.0.1:9/bench',
    fetch: async () => {
      const result = prepared ?? loadSourceResult();
      prepared = undefined;
      return result;
    },
  };
  api.useSources(EDITOR_SERVICE, [source]);
  const annotations = api.annotationRenderer();
  const refreshStarted = nowMs();
  const snapshot = await api.refreshNow(EDITOR_SERVICE);
  const refreshMs = nowMs() - refreshStarted;
  if (snapshot.errors.length !== LOAD.errorGroups) throw new Error(`the snapshot has ${snapshot.errors.length} error groups`);
  const decoratedLines = (doc: vscode.TextDocument) => api.decorationsOf(doc.uri)?.length ?? 0;
  await waitFor(() => decoratedLines(docA) === HOT_LINES, `${HOT_LINES} decorated lines in ${HOT_FILES[0]}`);

  // Rendering from the cache: the hot lines of the document, then the three decoration types set on the editor.
  const compute: number[] = [];
  const render: number[] = [];
  for (let i = 0; i < 60; i++) {
    let started = nowMs();
    const lines = annotations.hotLines(docA);
    compute.push(nowMs() - started);
    if (lines.length !== HOT_LINES) throw new Error(`hotLines found ${lines.length} lines`);
    started = nowMs();
    annotations.renderAll();
    render.push(nowMs() - started);
  }

  // Switching editors: what ProdLens spends when the visible editors change, and the whole switch until the new
  // editor carries its decorations.
  const renderCalls: number[] = [];
  const renderAll = annotations.renderAll.bind(annotations);
  annotations.renderAll = () => {
    const started = nowMs();
    renderAll();
    renderCalls.push(nowMs() - started);
  };
  const handler: number[] = [];
  const whole: number[] = [];
  try {
    for (let i = 0; i < 14; i++) {
      const target = i % 2 === 0 ? docB : docA;
      const calls = renderCalls.length;
      const started = nowMs();
      await vscode.window.showTextDocument(target);
      await waitFor(() => renderCalls.length > calls && vscode.window.activeTextEditor?.document === target && decoratedLines(target) === HOT_LINES, 'the switched-to editor to be decorated');
      const elapsed = nowMs() - started;
      await pause(50);
      if (i < 4) continue;
      whole.push(elapsed);
      handler.push(renderCalls.slice(calls).reduce((a, b) => a + b, 0));
    }
  } finally {
    annotations.renderAll = renderAll;
  }

  await pause(1000);
  const after = memory();
  out.rows.push(
    { name: 'editor (host): refresh of the 10k-group load (merge, map, persist)', value: refreshMs, unit: 'ms' },
    { name: 'editor (host): hot lines of a 200-hot-line file, median of 60', value: median(compute), unit: 'ms', target: 5 },
    { name: 'editor (host): render 200 hot lines (renderAll), median of 60', value: median(render), unit: 'ms', target: 5 },
    { name: 'editor (host): switch editors, ProdLens render cost, median of 10', value: median(handler), unit: 'ms' },
    { name: 'editor (host): switch editors, until decorated, median of 10', value: median(whole), unit: 'ms' },
    { name: 'editor (host): heap growth under the 10k-group load', value: after.heap - before.heap, unit: 'MB', target: 100 },
    { name: 'editor (host): RSS growth under the 10k-group load', value: after.rss - before.rss, unit: 'MB' },
  );
  out.notes.push(`editor (host): heap ${before.heap.toFixed(1)} MB before the load, ${after.heap.toFixed(1)} MB after (RSS ${before.rss.toFixed(0)} → ${after.rss.toFixed(0)} MB); render times: first ${render[0].toFixed(2)} ms, max ${Math.max(...render).toFixed(2)} ms.`);
}

/** With PRODLENS_BENCH_PROFILE=<file>, a CPU profile of the extension host during the measurement (for working on a figure). */
async function profiled<T>(work: () => Promise<T>): Promise<T> {
  const file = process.env.PRODLENS_BENCH_PROFILE;
  if (!file) return work();
  const session = new inspector.Session();
  session.connect();
  const post = (method: string) => new Promise<unknown>((resolve, reject) => session.post(method, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

export async function run(): Promise<void> {
  const out: BenchOutput = { rows: [], notes: [] };
  await profiled(() => measure(out));
  const file = process.env.PRODLENS_BENCH_RESULTS;
  if (file) fs.writeFileSync(file, JSON.stringify(out));
}
