// `npm run bench`, decorations in plain Node: the hot lines of a file with 200 of them, computed from the cached
// snapshot of the 10,000-group load (what the annotation controller and the hover provider read on every render).
// Run as `node out/test/bench/decorations.js [results.json]`.
import { FileIndex } from '../../src/core/mapping';
import { hotLinesOf } from '../../src/core/hotLines';
import { buildSnapshot } from '../../src/services/snapshot';
import { mapSnapshot } from '../../src/services/signalMapper';
import { runMain, timeRuns, type BenchOutput } from './common';
import { EDITOR_SERVICE, HOT_FILES, HOT_LINES, loadSourceResult } from './editorData';

async function benchDecorations(): Promise<BenchOutput> {
  const now = Date.now();
  const unmapped = buildSnapshot({ service: EDITOR_SERVICE, environment: 'production', window: '24h', windowMs: 86_400_000, now, parts: [{ key: 'sentry bench', kind: 'sentry', result: loadSourceResult(now), at: now }], backends: [] });
  const index = new FileIndex(['package.json', 'src/index.ts', 'src/lib/db.ts', ...HOT_FILES]);
  const snapshot = mapSnapshot(unmapped, { index, folders: [''], pathMappings: [], routes: [] });
  let lines = 0;
  const timing = timeRuns(200, () => {
    lines = hotLinesOf(snapshot, HOT_FILES[0]).length;
  });
  if (lines !== HOT_LINES) throw new Error(`hotLinesOf found ${lines} hot lines, expected ${HOT_LINES}`);
  return {
    rows: [
      { name: 'decorations: hotLinesOf, 200 hot lines, 10k groups, first (one sample)', value: timing.first, unit: 'ms', target: 5 },
      { name: 'decorations: hotLinesOf, 200 hot lines, median of 200', value: timing.median, unit: 'ms', target: 5 },
    ],
    notes: [`decorations: the snapshot holds ${snapshot.errors.length.toLocaleString('en')} error groups, ${snapshot.errors.filter((g) => g.location).length} of them located in the two hot files; CPU time median ${timing.cpuMedian.toFixed(2)} ms.`],
  };
}

if (require.main === module) runMain(benchDecorations);
