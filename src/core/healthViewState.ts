// The contract between the Health view provider (src/features/sidebar/healthView.ts) and its webview
// (src/webview/health/): the state the extension posts and the messages the page sends back. Types only, so
// the browser bundle and the extension compile against one definition and neither can drift from the other.
import type { SeriesPoint } from './model';

export interface HealthRow {
  key: string;
  kind: 'route' | 'function';
  name: string;
  method?: string;
  errorRatio?: number;
  p95?: number;
  throughput?: number;
  errorText: string;
  p95Text: string;
  throughputText: string;
  file?: string;
  line?: number;
  /** What the row is when it is not code (requests no route matched...): shown instead of offering its code. */
  notCode?: string;
}

export interface HealthChart {
  id: 'errorRatio' | 'p95' | 'throughput';
  title: string;
  value: string;
  change?: string;
  points: SeriesPoint[];
}

export interface HealthViewState {
  service: string | undefined;
  environment: string;
  window: string;
  evidence: string[];
  backends: { kind: string; origin: string; token: string; state?: string; error?: string }[];
  status?: string;
  statusReasons: string[];
  stale: boolean;
  age?: string;
  loading: boolean;
  charts: HealthChart[];
  deploys: { t: number; version: string }[];
  rows: HealthRow[];
  notes: string[];
  /** The row to highlight, e.g. after a CodeLens click. */
  focusRow?: string;
}

/** Extension → webview. */
export interface HealthStateMessage {
  type: 'state';
  state: HealthViewState;
}

/** Webview → extension: `ready` once the script listens, `run` for a button's command, `openRow` for a table row. */
export type HealthViewRequest = { type: 'ready' } | { type: 'run'; command: string } | { type: 'openRow'; key: string };
