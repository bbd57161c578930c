// OpenTelemetry spans and log records as JSON: `exception.type`, `exception.message`, `exception.stacktrace`
// as a plain `attributes` object or OTLP key/value arrays, on the record itself, its events, or deep inside an
// OTLP export (`resourceSpans[].scopeSpans[].spans[].events[]`). Code attributes alone give a single frame.
import { codeAttributesToFrame, readAttributes, type Attributes } from '../attributes';
import type { ParsedTrace, TraceLanguage } from '../types';
import { TraceBuilder } from './builder';
import { languageOfPlatform } from './sentry';
import { parseTextTrace } from './text';

const MAX_NODES = 20_000;
const MAX_DEPTH = 12;

interface Found {
  exception?: Attributes;
  code?: Attributes;
  language?: TraceLanguage;
}

function visit(node: unknown, depth: number, budget: { left: number }, found: Found): void {
  if (depth > MAX_DEPTH || budget.left-- <= 0 || typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) visit(item, depth + 1, budget, found);
    return;
  }
  const obj = node as Record<string, unknown>;
  for (const candidate of [obj.attributes, obj]) {
    const attrs = readAttributes(candidate);
    const language = languageOfPlatform(attrs['telemetry.sdk.language'] ?? attrs['telemetry_sdk_language']);
    if (language && !found.language) found.language = language;
    const hasException = ['exception.stacktrace', 'exception.type', 'exception.message'].some((k) => k in attrs);
    if (hasException && (!found.exception || (!('exception.stacktrace' in found.exception) && 'exception.stacktrace' in attrs))) {
      found.exception = attrs;
    }
    if (!found.code && codeAttributesToFrame(attrs)) found.code = attrs;
  }
  for (const [key, value] of Object.entries(obj)) {
    if (key !== 'attributes' && typeof value === 'object') visit(value, depth + 1, budget, found);
  }
}

/** Reads an OpenTelemetry span, log record or export; undefined when it carries no exception or code attributes. */
export function parseOtelRecord(json: unknown): ParsedTrace | undefined {
  const found: Found = {};
  visit(json, 0, { left: MAX_NODES }, found);
  const exception = found.exception;
  const type = typeof exception?.['exception.type'] === 'string' ? exception['exception.type'] : undefined;
  const message = typeof exception?.['exception.message'] === 'string' ? exception['exception.message'] : undefined;
  const stack = exception?.['exception.stacktrace'];
  if (typeof stack === 'string' && stack.trim() !== '') {
    const trace = parseTextTrace(stack, found.language);
    trace.source = 'otel';
    const first = trace.groups[0];
    if (first && first.type === undefined && type) first.type = type;
    if (first && first.message === undefined && message) first.message = message;
    trace.exception = { type: trace.exception?.type ?? type, message: trace.exception?.message ?? message };
    return trace;
  }
  const b = new TraceBuilder(found.language, 'otel');
  if (type || message) b.startGroup({ kind: 'exception', innermostFirst: true, ...(type ? { type } : {}), ...(message ? { message } : {}) });
  const frame = found.code ? codeAttributesToFrame(found.code) : undefined;
  if (frame) b.addFrame(frame, true);
  if (!exception && !frame) return undefined;
  const trace = b.build([0], false);
  if (trace.frames.length === 0) trace.reason = 'the OpenTelemetry record has exception attributes but no exception.stacktrace';
  return trace;
}
