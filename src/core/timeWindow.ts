// Time windows the user can pick. Backends get seconds; the UI shows the label.

export const TIME_WINDOWS = ['15m', '1h', '6h', '24h', '7d'] as const;
export type TimeWindowLabel = (typeof TIME_WINDOWS)[number];

export interface TimeWindow {
  label: TimeWindowLabel;
  seconds: number;
}

const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86400 };

export function isTimeWindowLabel(value: unknown): value is TimeWindowLabel {
  return typeof value === 'string' && (TIME_WINDOWS as readonly string[]).includes(value);
}

/** Parses one of the supported window labels; anything else is rejected rather than guessed. */
export function parseTimeWindow(value: string): TimeWindow | undefined {
  if (!isTimeWindowLabel(value)) return undefined;
  const amount = Number(value.slice(0, -1));
  return { label: value, seconds: amount * UNIT_SECONDS[value.slice(-1)] };
}

/** The `[start, end]` of a window ending at `nowMs`, and of the window of equal length before it. */
export function windowBounds(window: TimeWindow, nowMs: number): { start: number; end: number; previousStart: number } {
  const end = Math.floor(nowMs / 1000);
  const start = end - window.seconds;
  return { start, end, previousStart: start - window.seconds };
}

/** A query_range step giving about `points` points over the window, rounded to whole seconds (min 1 s). */
export function stepFor(window: TimeWindow, points = 60): number {
  return Math.max(1, Math.round(window.seconds / points));
}
