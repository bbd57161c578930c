// Shared by the plain-Node bench modules that `scripts/bench.mjs` runs as child processes: result rows in the
// shape the bench table prints, timing helpers, a seeded random source, and a way to force garbage collection
// so heap figures are retained memory, not garbage waiting for the collector.
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** One row of the `npm run bench` table. A value above `target` is printed OVER. */
export interface BenchRow {
  name: string;
  value: number;
  unit: 'ms' | 'MB' | 'KB' | '%';
  target?: number;
}

export interface BenchOutput {
  rows: BenchRow[];
  /** Context printed under the table (what was measured, outcome counts): not figures with targets. */
  notes: string[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function nowMs(): number {
  return performance.now();
}

export interface Timings {
  /** Wall-clock ms of the first run (cold: what a one-shot process sees). */
  first: number;
  median: number;
  all: number[];
  /** Median CPU ms (user + system, all the process's threads): less sensitive than wall time to a busy machine. */
  cpuMedian: number;
}

/** CPU time the process has used so far, in ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs `fn` `runs` times, timing each run. */
export function timeRuns(runs: number, fn: () => void): Timings {
  const all: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStarted = cpuMs();
    const started = nowMs();
    fn();
    all.push(nowMs() - started);
    cpu.push(cpuMs() - cpuStarted);
  }
  return { first: all[0], median: median(all), all, cpuMedian: median(cpu) };
}

export async function timeRunsAsync(runs: number, fn: () => Promise<void>): Promise<Timings> {
  const all: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStarted = cpuMs();
    const started = nowMs();
    await fn();
    all.push(nowMs() - started);
    cpu.push(cpuMs() - cpuStarted);
  }
  return { first: all[0], median: median(all), all, cpuMedian: median(cpu) };
}

let collect: (() => void) | undefined;

/** A full collection, also when node was not started with --expose-gc (the extension host is not). */
export function forceGc(): void {
  if (!collect) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) collect = exposed;
    else {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    }
  }
  // Twice: the first pass can leave objects reachable only from finalizers or weak callbacks.
  collect();
  collect();
}

/** Heap in use after a full collection, in MB. */
export function retainedHeapMb(): number {
  forceGc();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

/** Deterministic pseudo-random numbers (mulberry32), so every run benchmarks the same workspace and data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** Writes the rows where `scripts/bench.mjs` reads them (the path in argv[2] or PRODLENS_BENCH_RESULTS). */
export function writeOutput(output: BenchOutput): void {
  const target = process.argv[2] ?? process.env.PRODLENS_BENCH_RESULTS;
  const text = JSON.stringify(output, null, 2);
  if (target) fs.writeFileSync(target, text);
  else console.log(text);
}

/** Entry point of a bench module run as `node out/test/bench/<name>.js [results.json]`. */
export function runMain(bench: () => Promise<BenchOutput>): void {
  bench().then(writeOutput).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
