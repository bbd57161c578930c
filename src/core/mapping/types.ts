// Shapes shared by the trace parsers, the file index and the mapper. Plain data, JSON-serialisable,
// so the CLI can print them and the extension can keep them in view state.
import type { StackFrame } from '../model';
import type { PathMapping } from '../config/prodlensConfig';

export type TraceLanguage = 'node' | 'python' | 'jvm' | 'go' | 'dotnet' | 'ruby' | 'php';

/**
 * A parsed frame. `language` lets the mapper pick the right rules (a dotted name means a Python module
 * in one language and a Java class in another); `group` is the index of the exception or goroutine
 * in `ParsedTrace.groups` the frame belongs to.
 */
export interface TraceFrame extends StackFrame {
  language?: TraceLanguage;
  group?: number;
}

/** One exception of a chain, or one goroutine of a Go dump. */
export interface TraceGroup {
  kind: 'exception' | 'goroutine';
  type?: string;
  message?: string;
  /** `goroutine 7 [running]`, `Caused by`, `During handling of the above exception`... */
  label?: string;
  /** Frames (indexes into `ParsedTrace.frames`) in printed order. */
  frames: number[];
  /** True when the runtime prints the innermost call first (all but Python and Sentry). */
  innermostFirst: boolean;
  /** Frames the runtime elided (`... 12 more`). */
  elided?: number;
}

export type TraceSource = 'text' | 'sentry' | 'otel';

export interface ParsedTrace {
  source: TraceSource;
  language?: TraceLanguage;
  /** Every frame, in the order the runtime (or the event) listed them. */
  frames: TraceFrame[];
  groups: TraceGroup[];
  /**
   * Group indexes from the most likely origin of the failure outwards: the root cause of an exception
   * chain, the panicking goroutine. The crash frame is searched in this order.
   */
  crashOrder: number[];
  /** Type and message of the first exception as printed, when present. */
  exception?: { type?: string; message?: string };
  /** Why no frame came out of the input (present only when `frames` is empty). */
  reason?: string;
  /** True when the input was cut (too long, too many frames) or ended mid-trace. */
  truncated: boolean;
}

/** A Go module of the workspace: its path from `go.mod` and the folder holding that `go.mod`. */
export interface GoModule {
  module: string;
  /** Workspace-relative folder, '' for the root. */
  folder: string;
}

export interface PathIndex {
  has(path: string): boolean;
  findBySuffix(path: string, limit?: number): SuffixMatch;
  filesNamed(basename: string, limit?: number): string[];
}

/** The longest suffix of a path that workspace files share, and which files share it. */
export interface SuffixMatch {
  /** Number of trailing path segments matched (0 when not even the file name exists). */
  segments: number;
  /** Files ending with the matched suffix, capped at the query's limit. */
  files: string[];
  /** How many files end with it in all. */
  total: number;
}

export interface MappingContext {
  index: PathIndex;
  /** Explicit `.prodlens.json` mappings, possibly from several services. */
  pathMappings?: readonly PathMapping[];
  goModules?: readonly GoModule[];
  /**
   * Folders of the service the signal came from: among equally good candidates, the one inside these
   * wins. This narrows a suffix match; it never makes a weaker match beat a stronger one.
   */
  preferFolders?: readonly string[];
  /** JVM/.NET/Go package prefixes that are the workspace's own even though they look like a library's. */
  appPackages?: readonly string[];
}
