// The one entry point for "here is something that contains a stack trace": Sentry event JSON, OpenTelemetry
// JSON, a JSON log line with a stack field, or plain text. Never throws.
import type { ParsedTrace } from '../types';
import { TraceBuilder } from './builder';
import { MAX_INPUT_CHARS } from './lines';
import { parseOtelRecord } from './otel';
import { parseSentryEvent } from './sentry';
import { parseTextTrace } from './text';

const STACK_KEYS = ['stack', 'stacktrace', 'stack_trace', 'stackTrace', 'exception', 'error', 'err', 'trace', 'backtrace'];

/** A stack held as a string in a JSON log record (`{"level":"error","err":{"stack":"Error: x\n    at ..."}}`). */
function stackStringIn(node: unknown, depth = 0): string | undefined {
  if (depth > 6 || typeof node !== 'object' || node === null) return undefined;
  const obj = node as Record<string, unknown>;
  for (const key of STACK_KEYS) {
    const v = obj[key];
    if (typeof v === 'string' && v.includes('\n')) return v;
    if (Array.isArray(v) && v.length > 0 && v.every((l) => typeof l === 'string')) return v.join('\n');
  }
  for (const v of Object.values(obj)) {
    const found = typeof v === 'object' ? stackStringIn(v, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

function failure(reason: string): ParsedTrace {
  const trace = new TraceBuilder(undefined).build([], false);
  trace.reason = reason;
  return trace;
}

export function parseTrace(input: string): ParsedTrace {
  try {
    if (typeof input !== 'string') return failure('the input is not text');
    const trimmed = input.trim();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length <= MAX_INPUT_CHARS) {
      let json: unknown;
      try {
        json = JSON.parse(trimmed);
      } catch {
        json = undefined;
      }
      if (json !== undefined) {
        const fromJson = parseSentryEvent(json) ?? parseOtelRecord(json);
        if (fromJson) return fromJson;
        const stack = stackStringIn(json);
        if (stack) return parseTextTrace(stack);
        return failure('the JSON is neither a Sentry event nor an OpenTelemetry record, and holds no stack trace');
      }
    }
    const trace = parseTextTrace(input);
    // Stacks copied out of JSON log lines keep their escapes (`\n    at ...`); read them once unescaped.
    if (input.includes('\\n')) {
      const unescaped = parseTextTrace(input.replace(/\\r\\n|\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\').replace(/\\"/g, '"'));
      if (unescaped.frames.length > trace.frames.length) return unescaped;
    }
    return trace;
  } catch (error) {
    // A parser bug must not take the command down: report it as an unreadable trace.
    return failure(`the trace could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
}
