// Blow-up guards in unit tests count CPU time of this process, not wall-clock time: a busy machine (other
// processes on the same cores) slows the wall clock, never this process's CPU account. They catch an
// accidental O(n²) or catastrophic backtracking, which costs seconds to minutes; real budgets live in `npm run bench`.

/** Milliseconds of CPU (user + system) this process spent since `since` (a `process.cpuUsage()`). */
export function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Runs `fn` and returns its result with the CPU milliseconds it took. */
export function withCpuMs<T>(fn: () => T): { result: T; ms: number } {
  const start = process.cpuUsage();
  const result = fn();
  return { result, ms: cpuMsSince(start) };
}
