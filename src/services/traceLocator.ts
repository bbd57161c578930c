// "Here is a stack trace, where is it in my code?": the one use case behind ProdLens: Open Stack Trace, the
// terminal links and `prodlens locate`. Pure: parsing and mapping are the engine's (core/mapping); this adds
// the mapping context a pasted trace gets, the public JSON document and the texts both front ends show.
import { locatedFrames, mapTrace, parseTrace, type GoModule, type LocatedFrame, type MappingContext, type ParsedTrace, type PathIndex, type TraceGroup } from '../core/mapping';
import type { PathMapping } from '../core/config/prodlensConfig';
import type { MappingResult } from '../core/model';
import { oneLine } from '../core/text';

/** Version of the `prodlens locate --json` document. Bump it when a field changes meaning or disappears. */
export const LOCATE_SCHEMA_VERSION = 1;

export interface LocatedTrace {
  trace: ParsedTrace;
  /** One result per frame, same order as `trace.frames` (the printed order). */
  results: MappingResult[];
  /** Index of the deepest in-app mapped frame: the one to open. Undefined when no frame mapped. */
  crashFrame?: number;
  /** Why no frame could be read, when none could. */
  unparsed?: string;
}

/** One frame of the locate document: the engine's `LocatedFrame` plus the sentence that explains a miss. */
export interface LocateFrameJson extends LocatedFrame {
  /** Index into `groups` of the exception or goroutine the frame belongs to. */
  group: number | null;
  /** Why the frame did not map (null when it did). */
  explanation: string | null;
}

/** `prodlens locate --json`, schema 1: a public contract, documented in the README. */
export interface LocateDocument {
  schema: typeof LOCATE_SCHEMA_VERSION;
  source: ParsedTrace['source'];
  language: ParsedTrace['language'] | null;
  exception: { type: string | null; message: string | null } | null;
  /** `index` of the frame an editor would open, null when no in-app frame mapped. */
  crashFrame: number | null;
  truncated: boolean;
  /** Why no frame could be read (then `frames` is empty), else null. */
  reason: string | null;
  groups: { kind: TraceGroup['kind']; title: string; frames: number[]; elided: number | null }[];
  frames: LocateFrameJson[];
}

/** What a pasted trace is mapped against: the whole workspace, every service's path mappings. */
export interface TraceServiceInfo {
  name: string;
  folders: readonly string[];
  config?: { pathMappings?: readonly PathMapping[] };
}

export interface TraceContextOptions {
  services: readonly TraceServiceInfo[];
  goModules?: readonly GoModule[];
  /** The service the user is working in: its mappings come first and its folders break ties. */
  preferService?: string;
}

/**
 * A pasted trace names no service, so every service's `.prodlens.json` mappings apply; the preferred
 * service's come first (a longer prefix still wins inside the engine) and its folders break suffix ties.
 */
export function traceMappingContext(index: PathIndex, options: TraceContextOptions): MappingContext {
  const preferred = options.services.find((s) => s.name === options.preferService);
  const ordered = preferred ? [preferred, ...options.services.filter((s) => s !== preferred)] : options.services;
  return {
    index,
    pathMappings: ordered.flatMap((s) => s.config?.pathMappings ?? []),
    goModules: options.goModules ?? [],
    preferFolders: (preferred?.folders ?? []).filter((f) => f !== ''),
  };
}

/** Parses any supported input (text trace, Sentry or OpenTelemetry JSON) and maps every frame. Never throws. */
export function locateTrace(input: string, ctx: MappingContext): LocatedTrace {
  const trace = parseTrace(input);
  const mapped = mapTrace(trace, ctx);
  const located: LocatedTrace = { trace, results: mapped.results };
  if (mapped.crashFrame !== undefined) located.crashFrame = mapped.crashFrame;
  if (mapped.unparsed) located.unparsed = mapped.unparsed.explanation ?? trace.reason ?? 'no stack frame found in the input';
  return located;
}

/** True when at least one frame landed on a workspace line (library frames never do). */
export function hasMappedFrame(located: LocatedTrace): boolean {
  return located.crashFrame !== undefined;
}

export function locateDocument(located: LocatedTrace): LocateDocument {
  const { trace, results } = located;
  const frames = locatedFrames({ trace, results, ...(located.crashFrame !== undefined ? { crashFrame: located.crashFrame } : {}) });
  return {
    schema: LOCATE_SCHEMA_VERSION,
    source: trace.source,
    language: trace.language ?? null,
    exception: trace.exception ? { type: trace.exception.type ?? null, message: trace.exception.message ?? null } : null,
    crashFrame: located.crashFrame ?? null,
    truncated: trace.truncated,
    reason: located.unparsed ?? null,
    groups: trace.groups.map((g, i) => ({ kind: g.kind, title: groupTitle(trace, i), frames: [...g.frames], elided: g.elided ?? null })),
    frames: frames.map((f) => ({
      ...f,
      group: trace.frames[f.index]?.group ?? null,
      explanation: results[f.index]?.location ? null : (results[f.index]?.explanation ?? null),
    })),
  };
}

/** `Caused by: java.sql.SQLException: timeout`, `goroutine 42 [running] · panic: nil map`. */
export function groupTitle(trace: Pick<ParsedTrace, 'groups'>, group: number): string {
  const g = trace.groups[group];
  if (!g) return '';
  const what = [g.type, g.message].filter((s) => s !== undefined && s !== '').join(': ');
  if (g.kind === 'goroutine') return [g.label ?? 'goroutine', what].filter(Boolean).join(' · ');
  return g.label ? `${g.label}: ${what || 'exception'}` : what || 'Exception (its type was not printed)';
}

/** Group indexes in the order their frames were printed (.NET prints the inner exception first). */
export function groupsInPrintedOrder(trace: Pick<ParsedTrace, 'groups'>): number[] {
  const first = (g: number) => Math.min(...(trace.groups[g]?.frames ?? []), Number.MAX_SAFE_INTEGER);
  return trace.groups.map((_, i) => i).sort((a, b) => first(a) - first(b) || a - b);
}

/** The frame's name as a person reads it: `OrderService.place`, the module, or the file. */
export function frameName(frame: ParsedTrace['frames'][number]): string {
  if (frame.function) {
    // JVM and .NET frames keep the class apart from the method; show them together, short.
    if (frame.module && (frame.language === 'jvm' || frame.language === 'dotnet') && !frame.function.includes('.')) {
      return `${frame.module.split('.').pop()}.${frame.function}`;
    }
    if (frame.module && frame.language === 'php') {
      return `${frame.module.split('\\').pop()}${frame.raw?.includes('::') ? '::' : '->'}${frame.function}`;
    }
    // `github.com/acme/shop/internal/api.(*Handler).Create` reads as `api.(*Handler).Create`.
    if (frame.language === 'go') return frame.function.slice(frame.function.lastIndexOf('/') + 1);
    return frame.function;
  }
  return frame.module ?? '(anonymous)';
}

/** Where the runtime said the frame was: `/app/src/x.ts:42:7`, or the module when there is no path. */
export function deployedWhere(frame: ParsedTrace['frames'][number]): string {
  const where = frame.deployedPath ?? frame.module ?? '(no file)';
  if (frame.line === undefined) return where;
  return `${where}:${frame.line}${frame.column !== undefined ? `:${frame.column}` : ''}`;
}

/**
 * An input box is one line: the browser drops the line breaks of a pasted trace, leaving frames glued
 * together (`Error: x    at a (/app/a.ts:1:2)    at b (...)`). This puts them back on their own lines
 * before the usual parser reads them. Multi-line text is returned as it is.
 */
export function splitJoinedTrace(text: string): string {
  if (/[\r\n]/.test(text)) return text;
  // Each match starts where a run of spaces starts (`(?<!\s)`): a bare `\s+(?=…)` is retried from every
  // space of a long run that is not followed by a frame, which is quadratic in the run's length.
  return text
    .replace(/(?<!\s)\s+(?=at\s+\S)/g, '\n    ')
    .replace(/(?<!\s)\s+(?=File "[^"]+", line \d+)/g, '\n  ')
    .replace(/(?<!\s)\s+(?=Caused by: )/g, '\n')
    .replace(/(?<!\s)\s+(?=#\d+ \S)/g, '\n')
    .replace(/(?<!\s)\s+(?=from \S+:\d+:in )/g, '\n\t');
}

/**
 * One printable line of at most `max` characters: a trace is production text, and a terminal or tree must
 * never receive an escape sequence or a reordered line from it.
 */
export function printable(text: string, max = 300): string {
  return oneLine(text, max);
}
