// Whole traces and code attributes on top of mapFrame, and the choice of the frame to open.
import type { MappingResult, StackFrame } from '../model';
import { codeAttributesToFrame } from './attributes';
import { mapFrame } from './mapFrame';
import type { MappingContext, ParsedTrace, TraceFrame } from './types';

export interface MappedTrace {
  trace: ParsedTrace;
  /** One result per frame, same order as `trace.frames`. */
  results: MappingResult[];
  /** Index in `trace.frames` of the frame to open first, or undefined when no in-app frame mapped. */
  crashFrame?: number;
  /** When no frame could be read at all: the `unparsed` result to show in place of the frames. */
  unparsed?: MappingResult;
}

/**
 * The frame to open, for every surface (`locate`, Open Stack Trace, `status`, the Errors view, hovers, annotations):
 * the deepest in-app mapped frame of the ROOT CAUSE. Groups are searched from the root cause (Java's last
 * `Caused by:`, Node's innermost `[cause]`, .NET's inner exception, Python's first traceback of a chain, Sentry's
 * first exception value, the panicking goroutine) outwards, and within a group from the innermost call.
 * Why the root cause and not the exception raised last: the root cause is where the data or the call first went
 * wrong; what was raised later reacts to it (a wrapper that translates it, `raise ... from`, a handler that failed
 * while handling it), and its line is one click away in the frame list. When the root cause has no frame in the
 * workspace (a driver's internals), the search moves outward to the exception that wrapped it, whose deepest
 * workspace frame is where the application met the failure. Frames the producer marked `inApp: false` are a last resort.
 */
export function pickCrashFrame(trace: Pick<ParsedTrace, 'frames' | 'groups' | 'crashOrder'>, results: readonly MappingResult[]): number | undefined {
  const order = trace.crashOrder.length > 0 ? trace.crashOrder : trace.groups.map((_, i) => i);
  const sequence: number[] = [];
  for (const g of order) {
    const group = trace.groups[g];
    if (!group) continue;
    sequence.push(...(group.innermostFirst ? group.frames : [...group.frames].reverse()));
  }
  if (trace.groups.length === 0) sequence.push(...trace.frames.map((_, i) => i));
  for (const trustInApp of [true, false]) {
    for (const i of sequence) {
      if (results[i]?.location && (!trustInApp || trace.frames[i]?.inApp !== false)) return i;
    }
  }
  return undefined;
}

/** Frames listed oldest call first (Sentry, `ErrorGroup.frames`) as a one-group trace for pickCrashFrame. */
export function traceOfFrames(frames: readonly StackFrame[], innermostFirst = false): Pick<ParsedTrace, 'frames' | 'groups' | 'crashOrder'> {
  return { frames: [...frames], groups: [{ kind: 'exception', frames: frames.map((_, i) => i), innermostFirst }], crashOrder: [0] };
}

/**
 * An exception chain as Sentry lists it (root cause first, the raised exception last; each one's frames oldest call
 * first) as a trace for pickCrashFrame, so an error group gets the crash frame a pasted trace of it gets.
 */
export function traceOfChain(chain: readonly (readonly StackFrame[])[]): Pick<ParsedTrace, 'frames' | 'groups' | 'crashOrder'> {
  const frames: StackFrame[] = [];
  const groups: ParsedTrace['groups'] = chain.map((exception) => {
    const start = frames.length;
    frames.push(...exception);
    return { kind: 'exception', frames: exception.map((_, i) => start + i), innermostFirst: false };
  });
  return { frames, groups, crashOrder: groups.map((_, i) => i) };
}

/**
 * The frames of the exceptions that caused the one whose frames an error group shows (the last exception with
 * frames), root cause first; undefined when there is no chain. `exceptions` in Sentry's order.
 */
export function causeFramesOf(exceptions: readonly { frames: StackFrame[] }[]): StackFrame[][] | undefined {
  const withFrames = exceptions.map((e) => e.frames).filter((f) => f.length > 0);
  return withFrames.length > 1 ? withFrames.slice(0, -1) : undefined;
}

export function mapTrace(trace: ParsedTrace, ctx: MappingContext): MappedTrace {
  if (trace.frames.length === 0) {
    return { trace, results: [], unparsed: { location: null, unmapped: 'unparsed', explanation: trace.reason ?? 'no stack frame found in the input', candidates: [] } };
  }
  const results = trace.frames.map((f) => mapFrame(f, ctx));
  const crashFrame = pickCrashFrame(trace, results);
  return crashFrame === undefined ? { trace, results } : { trace, results, crashFrame };
}

/**
 * Maps OpenTelemetry code attributes (`code.file.path`/`code.filepath`, `code.line.number`/`code.lineno`,
 * `code.function.name`/`code.function` + `code.namespace`, or their Prometheus label forms) to a location.
 */
export function mapCodeAttributes(attributes: unknown, ctx: MappingContext): MappingResult {
  const frame: TraceFrame | undefined = codeAttributesToFrame(attributes);
  if (!frame) {
    return { location: null, unmapped: 'nolocation', explanation: 'no code.file.path, code.filepath, code.function or code.namespace attribute is present.', candidates: [] };
  }
  return mapFrame(frame, ctx);
}

/** One frame as `prodlens locate --json` (schema 1) prints it: the field names are a public contract. */
export interface LocatedFrame {
  index: number;
  raw: string | null;
  function: string | null;
  deployedPath: string | null;
  line: number | null;
  column: number | null;
  location: { file: string; line: number; column: number | null } | null;
  unmapped: MappingResult['unmapped'];
  candidates: string[];
}

/** The frames of a mapped trace in the locate JSON shape, in printed order (`index` from 0). */
export function locatedFrames(mapped: MappedTrace): LocatedFrame[] {
  return mapped.trace.frames.map((frame, index) => {
    const result = mapped.results[index];
    const loc = result?.location;
    return {
      index,
      raw: frame.raw ?? null,
      function: frame.function ?? null,
      deployedPath: frame.deployedPath ?? null,
      line: frame.line ?? null,
      column: frame.column ?? null,
      location: loc ? { file: loc.file, line: loc.line, column: loc.column ?? null } : null,
      unmapped: result ? result.unmapped : 'unparsed',
      candidates: result?.candidates ?? [],
    };
  });
}
