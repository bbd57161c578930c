// Short, consistent renderings of numbers for the status bar, trees, hovers and the CLI.

export function formatPercent(ratio: number): string {
  const pct = ratio * 100;
  if (pct === 0) return '0%';
  if (pct < 0.1) return '<0.1%';
  // 9.95 and up would print as "10.0%" with one decimal: the whole-number form, as for 10% itself.
  return `${pct >= 9.95 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

export function formatSeconds(seconds: number): string {
  // Thresholds at the rounding points, so 0.9996 s is "1.0 s" (not "1000 ms") and 9.97 s is "10 s" (not "10.0 s").
  if (seconds >= 0.9995) return `${seconds.toFixed(seconds >= 9.95 ? 0 : 1)} s`;
  return `${Math.max(1, Math.round(seconds * 1000))} ms`;
}

export function formatRate(perSecond: number): string {
  if (perSecond >= 100) return `${perSecond.toFixed(0)} req/s`;
  if (perSecond >= 1) return `${perSecond.toFixed(1)} req/s`;
  if (perSecond > 0) return `${(perSecond * 60).toFixed(1)} req/min`;
  return '0 req/s';
}

/** `12/s`, `2.3/s`, `0.4/min`: for narrow table columns. */
export function formatRateShort(perSecond: number): string {
  if (perSecond >= 10) return `${perSecond.toFixed(0)}/s`;
  if (perSecond >= 1) return `${perSecond.toFixed(1)}/s`;
  if (perSecond > 0) return `${(perSecond * 60).toFixed(perSecond * 60 >= 10 ? 0 : 1)}/min`;
  return '0/s';
}

const UNITS = ['', 'K', 'M', 'B', 'T'] as const;

/**
 * `778`, `1.2K`, `10K`, `1M`: what `Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })`
 * prints (property-tested equal), rounding that crosses a unit moving to it (999,950 is `1M`, never `1000K`).
 * Written out because the first compact NumberFormat loads ICU data: 20-40 ms on the first decorated line.
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n) || n < 0) return String(n);
  for (let k = 0; k < UNITS.length; k++) {
    // Tenths of the unit, rounded half up as Intl does for positive numbers.
    const tenths = Math.round((n * 10) / 1000 ** k);
    if (tenths < 10_000 || k === UNITS.length - 1) {
      const whole = Math.floor(tenths / 10);
      const tenth = tenths % 10;
      return `${whole}${tenth ? `.${tenth}` : ''}${UNITS[k]}`;
    }
  }
  return String(n);
}

/** "just now", "42 s ago", "5 min ago": an age as a time in the past (never "just now ago"). */
export function formatAgo(ms: number): string {
  const age = formatAge(ms);
  return age === 'just now' ? age : `${age} ago`;
}

/** "just now", "42 s", "5 min", "3 h", "2 d". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s`;
  // Each unit is used while it rounds below the next one: never "60 min" or "24 h".
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(s / 3600);
  if (hours < 24) return `${hours} h`;
  return `${Math.round(s / 86400)} d`;
}

/** Relative change between two values, e.g. "+120%" or "−30%"; undefined when there is no base. */
export function formatChange(current: number | undefined, previous: number | undefined): string | undefined {
  if (current === undefined || previous === undefined || !Number.isFinite(current) || !Number.isFinite(previous)) return undefined;
  if (previous === 0) return current === 0 ? '±0%' : undefined;
  const change = (current - previous) / previous;
  const pct = Math.round(change * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)}%`;
}
