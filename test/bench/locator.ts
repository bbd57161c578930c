// `npm run bench`, the trace locator behind `prodlens locate` and "Open Stack Trace" (src/services/traceLocator.ts),
// through the prepared case in ./locate: a pasted 200-frame Node trace with a log prefix on every line, in a
// 50,000-file monorepo, with the service's path mapping. Run as `node out/test/bench/locator.js [results.json]`.
import { runMain, type BenchOutput } from './common';
import { benchLocate, prepareLocateBench } from './locate';

async function benchLocator(): Promise<BenchOutput> {
  const prepared = prepareLocateBench();
  const result = benchLocate(prepared);
  if (result.frames !== 200) throw new Error(`the locator bench prepared ${result.frames} frames, expected 200`);
  return {
    rows: [
      { name: `locate (traceLocator): 200-frame Node log trace, median of ${result.runs}`, value: result.medianMs, unit: 'ms', target: 50 },
      { name: `locate (traceLocator): 200-frame Node log trace, worst of ${result.runs}`, value: result.maxMs, unit: 'ms', target: 50 },
    ],
    notes: [`locate (traceLocator): ${prepared.files.toLocaleString('en')} indexed files (index built in ${prepared.indexMs.toFixed(0)} ms, not timed), ${result.mapped} of ${result.frames} frames mapped.`],
  };
}

if (require.main === module) runMain(benchLocator);
