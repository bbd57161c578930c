// Typed Prometheus HTTP API results. Timestamps are unix ms (as in the domain model); values are numbers,
// with Prometheus's "NaN", "+Inf" and "-Inf" kept as NaN and ±Infinity so callers decide how to show them.

export type PromLabels = Record<string, string>;

export interface PromSample {
  /** Unix ms. */
  t: number;
  v: number;
}

export interface PromVectorSample extends PromSample {
  metric: PromLabels;
}

export interface PromSeries {
  metric: PromLabels;
  points: PromSample[];
}

export type PromQueryData =
  | { resultType: 'vector'; result: PromVectorSample[] }
  | { resultType: 'matrix'; result: PromSeries[] }
  | { resultType: 'scalar'; result: PromSample }
  | { resultType: 'string'; result: { t: number; value: string } };

/** Warnings are Prometheus's own sentences (e.g. partial data from a Thanos store); show them, do not drop them. */
export type PromQueryResult = PromQueryData & { warnings: string[] };

export interface PromRangeResult {
  series: PromSeries[];
  warnings: string[];
}

export type PromAlertState = 'pending' | 'firing' | 'inactive';

export interface PromAlert {
  labels: PromLabels;
  annotations: PromLabels;
  state: PromAlertState;
  /** ISO 8601, absent for inactive alerts. */
  activeAt?: string;
  value: number;
}

export interface PromAlertsResult {
  alerts: PromAlert[];
  warnings: string[];
}
