// Sentry events as JSON: the REST shape (`entries[type=exception].data.values[].stacktrace.frames[]`, camelCase)
// and the SDK ingest shape (`exception.values[]`, snake_case). Frames come oldest call first.
import type { ParsedTrace, TraceFrame, TraceLanguage } from '../types';
import { TraceBuilder } from './builder';
import { MAX_FRAMES } from './lines';
import { isRecord } from '../../guards';

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

const PLATFORMS: Record<string, TraceLanguage> = {
  node: 'node', nodejs: 'node', javascript: 'node', webjs: 'node', python: 'python', java: 'jvm', kotlin: 'jvm', scala: 'jvm', groovy: 'jvm',
  go: 'go', csharp: 'dotnet', dotnet: 'dotnet', ruby: 'ruby', php: 'php',
};

export function languageOfPlatform(platform: unknown): TraceLanguage | undefined {
  // Own keys only: a platform of "__proto__" or "constructor" must not find Object.prototype's.
  const key = typeof platform === 'string' ? platform.toLowerCase() : '';
  return Object.hasOwn(PLATFORMS, key) ? PLATFORMS[key] : undefined;
}

function exceptionValues(event: Json): unknown[] | undefined {
  if (Array.isArray(event.entries)) {
    const entry: unknown = event.entries.find((e) => isRecord(e) && e.type === 'exception');
    if (isRecord(entry) && isRecord(entry.data) && Array.isArray(entry.data.values)) return entry.data.values as unknown[];
    const threads: unknown = event.entries.find((e) => isRecord(e) && e.type === 'threads');
    if (isRecord(threads) && isRecord(threads.data) && Array.isArray(threads.data.values)) return threads.data.values as unknown[];
  }
  const exception = event.exception ?? event['sentry.interfaces.Exception'];
  if (isRecord(exception) && Array.isArray(exception.values)) return exception.values as unknown[];
  if (Array.isArray(exception)) return exception as unknown[];
  if (isRecord(event.threads) && Array.isArray(event.threads.values)) return event.threads.values as unknown[];
  return undefined;
}

function contextLineOf(frame: Json, line: number | undefined): string | undefined {
  const direct = str(frame.context_line) ?? str(frame.contextLine);
  if (direct) return direct.trim();
  if (!Array.isArray(frame.context) || line === undefined) return undefined;
  const hit: unknown = frame.context.find((c) => Array.isArray(c) && c[0] === line);
  return Array.isArray(hit) && typeof hit[1] === 'string' ? hit[1].trim() : undefined;
}

function toFrame(raw: Json, language: TraceLanguage | undefined): TraceFrame {
  const line = num(raw.lineNo) ?? num(raw.lineno);
  const frame: TraceFrame = {};
  const fn = str(raw.function) ?? str(raw.rawFunction) ?? str(raw.raw_function);
  const module = str(raw.module) ?? str(raw.package);
  // Node SDK frames often carry the absolute path in `filename` and none in `abs_path`.
  const path = str(raw.absPath) ?? str(raw.abs_path) ?? str(raw.filename);
  if (fn) frame.function = fn;
  if (module) frame.module = module;
  if (path) frame.deployedPath = path;
  if (line !== undefined) frame.line = line;
  const column = num(raw.colNo) ?? num(raw.colno);
  if (column !== undefined) frame.column = column;
  const inApp = raw.inApp ?? raw.in_app;
  if (typeof inApp === 'boolean') frame.inApp = inApp;
  const context = contextLineOf(raw, line);
  if (context) frame.contextLine = context;
  const lang = languageOfPlatform(raw.platform) ?? language;
  if (lang) frame.language = lang;
  return frame;
}

/** Reads a Sentry event (REST or ingest); undefined when the JSON is not one. */
export function parseSentryEvent(json: unknown): ParsedTrace | undefined {
  if (!isRecord(json)) return undefined;
  const event = isRecord(json.event) && exceptionValues(json.event) ? json.event : json;
  const values = exceptionValues(event);
  if (!values) return undefined;
  const language = languageOfPlatform(event.platform);
  const b = new TraceBuilder(language, 'sentry');
  for (const value of values) {
    if (!isRecord(value)) continue;
    const stacktrace = isRecord(value.stacktrace) ? value.stacktrace : isRecord(value.rawStacktrace) ? value.rawStacktrace : undefined;
    const group = { kind: 'exception' as const, innermostFirst: false };
    b.startGroup({ ...group, ...(str(value.type) ? { type: str(value.type) } : {}), ...(str(value.value) ? { message: str(value.value) } : {}) });
    const frames = stacktrace && Array.isArray(stacktrace.frames) ? stacktrace.frames : [];
    for (const raw of frames.slice(-MAX_FRAMES)) {
      if (isRecord(raw) && !b.addFrame(toFrame(raw, language), false)) break;
    }
  }
  // Sentry lists chained exceptions oldest first: the first value is the root cause.
  const trace = b.build(b.groups.map((_, i) => i), false);
  if (trace.frames.length === 0) trace.reason = 'the Sentry event has no stack frames';
  return trace;
}
