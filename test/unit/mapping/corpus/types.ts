// The shape of the corpus tables. An expectation is `file:line` for a mapped frame, or `!reason` for one that must
// not map (`!library`, `!ambiguous`, `!nomatch`, `!nolocation`).
import type { TraceFrame, TraceLanguage } from '../../../../src/core/mapping/types';
import type { CaseContext } from '../workspaces';

export type Expectation = string;

export interface FrameCase {
  name: string;
  /** One line of a text trace as printed (two for Go: function and file). */
  text?: string;
  /** A frame as an event producer (Sentry, OpenTelemetry) would send it. */
  frame?: TraceFrame;
  expect: Expectation;
  /** For ambiguous and nomatch results: exactly these candidates. */
  candidates?: string[];
  /** A fragment the mapping reason (or the explanation of a miss) must contain. */
  reason?: string;
  ctx?: CaseContext;
}

export interface TraceCase {
  name: string;
  /** A file under test/fixtures/mapping/traces/. `.json` files are events, everything else text. */
  file: string;
  /** Re-emit the file with Windows line endings. */
  crlf?: boolean;
  language?: TraceLanguage;
  source?: 'text' | 'sentry' | 'otel';
  exception?: { type?: string; message?: string };
  /** One expectation per frame, in the order the runtime printed them. */
  frames: Expectation[];
  /** The frame pickCrashFrame must choose, or `!none`. */
  crash: Expectation;
  groups?: number;
  truncated?: boolean;
  ctx?: CaseContext;
}

export interface CorpusTable {
  language: string;
  workspace: string;
  frames: FrameCase[];
  traces: TraceCase[];
}
