// For `npm run bench` (issue 7: "locating a 200-frame trace in a 50,000-file workspace takes under 50 ms after
// the index is built"). Plain Node, no VS Code: load out/test/bench/locate.js, call prepareLocateBench() once
// (builds the index, not timed), then benchLocate(prepared) for the figure.
import { FileIndex, type MappingContext } from '../../src/core/mapping';
import { locateTrace, traceMappingContext } from '../../src/services/traceLocator';

export interface LocateBenchInput {
  index: FileIndex;
  ctx: MappingContext;
  /** The pasted text: a Node trace with a log prefix on every line. */
  trace: string;
  files: number;
  frames: number;
  /** Time the index build took, for context (not the measured figure). */
  indexMs: number;
}

export interface LocateBenchResult {
  medianMs: number;
  maxMs: number;
  runs: number;
  frames: number;
  mapped: number;
}

const SERVICES = 25;
const MODULES = ['orders', 'payments', 'users', 'catalog', 'shipping', 'billing', 'auth', 'search', 'reports', 'notifications'];

/** A monorepo of `fileCount` files: 25 services with the same layout, so suffixes repeat the way real ones do. */
function workspaceFiles(fileCount: number): string[] {
  const files: string[] = [];
  for (let i = 0; files.length < fileCount; i++) {
    const service = `services/svc${i % SERVICES}`;
    const module = MODULES[Math.floor(i / SERVICES) % MODULES.length];
    const n = Math.floor(i / (SERVICES * MODULES.length));
    files.push(`${service}/src/${module}/${module}${n}.ts`);
  }
  return files;
}

export function prepareLocateBench(fileCount = 50_000, frameCount = 200): LocateBenchInput {
  const files = workspaceFiles(fileCount);
  const started = performance.now();
  const index = new FileIndex(files);
  const indexMs = performance.now() - started;
  const ctx = traceMappingContext(index, {
    services: [{ name: 'svc3', folders: ['services/svc3'], config: { pathMappings: [{ from: '/app/', to: 'services/svc3/' }] } }],
    preferService: 'svc3',
  });
  const lines = ['2024-05-01T10:00:00.000Z [svc3] error: TypeError: Cannot read properties of undefined (reading \'id\')'];
  for (let f = 0; f < frameCount; f++) {
    const module = MODULES[f % MODULES.length];
    const n = f % 150;
    // Mostly the service's own code through its path mapping, some library frames, some paths of other deploys.
    const frame = f % 5 === 3
      ? `    at Layer.handle (/app/node_modules/express/lib/router/layer${f}.js:95:5)`
      : f % 5 === 4
        ? `    at handler${f} (/srv/other/src/${module}/${module}${n}.ts:${f + 1}:7)`
        : `    at ${module}Service.step${f} (/app/src/${module}/${module}${n}.ts:${f + 1}:13)`;
    lines.push(`2024-05-01T10:00:00.000Z [svc3] error: ${frame}`);
  }
  return { index, ctx, trace: lines.join('\n'), files: index.size, frames: frameCount, indexMs };
}

/** Locates the prepared trace `runs` times (after one warm-up) and reports the median and worst run. */
export function benchLocate(prepared: LocateBenchInput, runs = 20): LocateBenchResult {
  let mapped = locateTrace(prepared.trace, prepared.ctx).results.filter((r) => r.location).length;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const located = locateTrace(prepared.trace, prepared.ctx);
    times.push(performance.now() - started);
    mapped = located.results.filter((r) => r.location).length;
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], maxMs: times[times.length - 1], runs, frames: prepared.frames, mapped };
}
