// OpenTelemetry attributes arrive as a plain object (`{"code.lineno": 42}`), as OTLP JSON
// (`[{key, value: {stringValue}}]`), or as Prometheus labels (`code_lineno="42"`). One reader for all three.
import type { TraceFrame } from './types';
import { isRecord } from '../guards';

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;


function anyValue(v: unknown): AttributeValue | undefined {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (!isRecord(v)) return undefined;
  for (const key of ['stringValue', 'intValue', 'doubleValue', 'boolValue']) {
    const inner = v[key];
    if (typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'boolean') return inner;
  }
  return undefined;
}

/** Normalises either attribute shape to a flat record; anything else gives an empty record. */
export function readAttributes(input: unknown): Attributes {
  const out: Attributes = {};
  if (Array.isArray(input)) {
    for (const kv of input) {
      if (!isRecord(kv) || typeof kv.key !== 'string') continue;
      const value = anyValue(kv.value);
      if (value !== undefined) out[kv.key] = value;
    }
  } else if (isRecord(input)) {
    for (const [key, raw] of Object.entries(input)) {
      const value = anyValue(raw);
      if (value !== undefined) out[key] = value;
    }
  }
  return out;
}

/** Looks a key up in its dotted form and in the Prometheus label form (dots become underscores). */
function pick(attrs: Attributes, ...keys: string[]): string | undefined {
  for (const key of keys) {
    for (const k of [key, key.replace(/\./g, '_')]) {
      const v = attrs[k];
      if (v !== undefined && v !== '') return String(v);
    }
  }
  return undefined;
}

function positive(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,9}$/.test(text.trim())) return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
}

/**
 * A frame from code-location attributes: current `code.file.path`, `code.line.number`, `code.column.number`,
 * `code.function.name` (fully qualified), and the older `code.filepath`, `code.lineno`, `code.function`,
 * `code.namespace`. Undefined when none is present.
 */
export function codeAttributesToFrame(input: unknown): TraceFrame | undefined {
  const attrs = Array.isArray(input) ? readAttributes(input) : isRecord(input) ? readAttributes(input) : {};
  const path = pick(attrs, 'code.file.path', 'code.filepath');
  const line = positive(pick(attrs, 'code.line.number', 'code.lineno'));
  const column = positive(pick(attrs, 'code.column.number', 'code.column'));
  const qualified = pick(attrs, 'code.function.name');
  let fn = pick(attrs, 'code.function');
  let namespace = pick(attrs, 'code.namespace');
  if (qualified && !fn) {
    // The current convention folds the namespace into the name: `com.acme.Foo.bar`, `shop.views.detail`,
    // `github.com/acme/x/store.(*DB).Get` (a Go package ends at the first dot after the last slash).
    const slash = qualified.lastIndexOf('/');
    const goDot = slash >= 0 ? qualified.indexOf('.', slash) : -1;
    const sep = goDot > 0 ? goDot : Math.max(qualified.lastIndexOf('.'), qualified.lastIndexOf('#'));
    const colons = qualified.lastIndexOf('::');
    if (colons > sep) {
      namespace ??= qualified.slice(0, colons);
      fn = qualified.slice(colons + 2);
    } else if (sep > 0) {
      namespace ??= qualified.slice(0, sep);
      fn = qualified.slice(sep + 1);
    } else {
      fn = qualified;
    }
  }
  if (!path && !namespace && !fn) return undefined;
  const frame: TraceFrame = {};
  if (path) frame.deployedPath = path;
  if (line !== undefined) frame.line = line;
  if (column !== undefined) frame.column = column;
  if (fn) frame.function = fn;
  if (namespace) frame.module = namespace;
  return frame;
}
