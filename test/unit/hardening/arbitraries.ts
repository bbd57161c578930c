// fast-check generators of malformed input: arbitrary JSON, structurally close mutations of valid answers
// (fields dropped, retyped, nulled, huge numbers, NaN strings, deep nesting, long strings, prototype keys,
// huge lists), and near-miss text for the stack-trace parsers. Kept small per run so 10,000 runs stay fast.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { cpuMsSince } from '../../builders/cpuTime';
import { HOSTILE } from './hostile';

/**
 * Safety bound per input against catastrophic backtracking or quadratic blow-ups (which take seconds to
 * minutes on these inputs); not a performance target. Counted in CPU time of this process, not wall-clock
 * time, so other processes on a busy machine cannot fail it.
 */
export const PER_INPUT_MS = 1000;

/** Runs `fn`, asserting it returned (or threw) within PER_INPUT_MS of CPU time. */
export function bounded<T>(what: string, fn: () => T): T {
  const start = process.cpuUsage();
  try {
    return fn();
  } finally {
    const ms = cpuMsSince(start);
    assert.ok(ms < PER_INPUT_MS, `${what} took ${ms.toFixed(0)} ms of CPU for one input`);
  }
}

export const RUNS = { numRuns: 10_000 } as const;

const LONG = 'x'.repeat(100_000);
const LONG_DIGITS = '9'.repeat(5_000);

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then'];

export const hugeNumber = fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, -(2 ** 63), Number.MIN_VALUE, 1e21, -0, 0.5, -1, 4.2e-300);

/** Strings that look like numbers, dates, keys or markup but are not what a parser expects. */
export const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('NaN', 'Infinity', '-Infinity', '+Inf', '-Inf', 'Inf', '1e999', '-0', '0x1F', '1_000', '١٢٣', '', ' ', '\u0000', 'null', 'undefined', 'true', '[]', '{}', ...PROTOTYPE_KEYS, '2026-13-45T99:99:99Z', '9999-12-31T23:59:59.999999999Z', '-271821-04-20T00:00:00Z', 'firing', 'success', 'error', 'vector') },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(LONG, LONG_DIGITS, `${LONG_DIGITS}.${LONG_DIGITS}e${LONG_DIGITS}`) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE.filter((h) => h.text.length < 10_000).map((h) => h.text)) },
);

export const smallJson = fc.jsonValue({ maxDepth: 2, depthSize: 'small' });

/** Any JSON value, small, sometimes carrying prototype keys (as JSON.parse creates them: own properties). */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4, depthSize: 'small' }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withBoxedValues: true }) },
  { weight: 1, arbitrary: fc.constantFrom('[]', '{}', '""', `${'['.repeat(64)}${']'.repeat(64)}`, `${'{"a":'.repeat(64)}1${'}'.repeat(64)}`).map((t) => JSON.parse(t) as unknown) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...PROTOTYPE_KEYS), smallJson, { maxKeys: 3 }).map(withOwnKeys) },
);

/** Rebuilds an object so prototype-named keys are own data properties, exactly as JSON.parse would make them. */
function withOwnKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

type Key = string | number;

function childKeys(value: unknown): Key[] {
  if (Array.isArray(value)) return value.map((_, i) => i);
  if (typeof value === 'object' && value !== null) return Object.keys(value);
  return [];
}

/** Where a mutation lands: a random walk down from the root, one step per entry of `walk`. */
function pathOf(root: unknown, walk: readonly number[]): Key[] {
  const path: Key[] = [];
  let v = root;
  for (const step of walk) {
    const keys = childKeys(v);
    if (keys.length === 0) break;
    const key = keys[step % keys.length];
    path.push(key);
    v = (v as Record<Key, unknown>)[key];
  }
  return path;
}

function getAt(root: unknown, path: readonly Key[]): unknown {
  let v = root;
  for (const k of path) v = (v as Record<Key, unknown>)[k];
  return v;
}

/** A shallow copy keeping every key an own data property (`__proto__` included, as JSON.parse makes it). */
function shallowCopy(value: unknown): Record<Key, unknown> | unknown[] {
  if (Array.isArray(value)) return [...value];
  const out: Record<Key, unknown> = {};
  for (const [k, v] of Object.entries(value as object)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Copy-on-write update along `path`: the examples are shared between runs and never modified. */
function updateAt(root: unknown, path: readonly Key[], next: { value: unknown } | 'drop'): unknown {
  if (path.length === 0) return next === 'drop' ? undefined : next.value;
  const copy = shallowCopy(root);
  const [key, ...rest] = path;
  if (rest.length > 0) {
    setOwn(copy, key, updateAt((copy as Record<Key, unknown>)[key], rest, next));
  } else if (next === 'drop') {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
  } else {
    setOwn(copy, key, next.value);
  }
  return copy;
}

function setOwn(target: Record<Key, unknown> | unknown[], key: Key, value: unknown): void {
  if (Array.isArray(target)) target[Number(key)] = value;
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const CHEAP_OPS = ['drop', 'null', 'retype', 'huge', 'nastyString', 'prototypeKey', 'empty', 'stringify', 'extraItem', 'swapSibling'] as const;
/** Ops that make an input big: rarer, and at most one of them per input, so 10,000 runs stay cheap. */
const HEAVY_OPS = ['deep', 'hugeList'] as const;
type Op = (typeof CHEAP_OPS)[number] | (typeof HEAVY_OPS)[number];

interface Mutation {
  walk: number[];
  op: Op;
  payload: unknown;
  text: string;
  number: number;
  depth: number;
  key: string;
  copies: number;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  walk: fc.array(fc.nat({ max: 1_000 }), { maxLength: 8 }),
  op: fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...CHEAP_OPS) }, { weight: 1, arbitrary: fc.constantFrom(...HEAVY_OPS) }),
  payload: smallJson,
  text: nastyString,
  number: hugeNumber,
  depth: fc.integer({ min: 10, max: 1_000 }),
  key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 8 }), nastyString),
  copies: fc.integer({ min: 2, max: 500 }),
});

function nest(value: unknown, depth: number, asObject: boolean): unknown {
  let v = value;
  for (let i = 0; i < depth; i++) v = asObject ? { v } : [v];
  return v;
}

function replacement(current: unknown, m: Mutation): { value: unknown } | 'drop' {
  switch (m.op) {
    case 'drop':
      return 'drop';
    case 'null':
      return { value: null };
    case 'retype':
      return { value: m.payload };
    case 'huge':
      return { value: m.number };
    case 'nastyString':
      return { value: m.text };
    case 'deep':
      return { value: nest(current, m.depth, m.depth % 2 === 0) };
    case 'prototypeKey': {
      const base = typeof current === 'object' && current !== null && !Array.isArray(current) ? { ...current } : {};
      Object.defineProperty(base, m.key, { value: m.payload, enumerable: true, writable: true, configurable: true });
      return { value: base };
    }
    case 'hugeList':
      return { value: Array.from({ length: m.copies }, () => current) };
    case 'empty':
      return { value: Array.isArray(current) ? [] : typeof current === 'object' ? {} : '' };
    case 'stringify':
      try {
        return { value: JSON.stringify(current) ?? 'undefined' };
      } catch {
        return { value: '[too deep to stringify]' };
      }
    case 'extraItem':
      return { value: Array.isArray(current) ? [...current, m.payload] : [current, m.payload] };
    case 'swapSibling':
      return { value: Array.isArray(current) ? [...current].reverse() : m.payload };
  }
}

function applyMutation(root: unknown, m: Mutation): unknown {
  const path = pathOf(root, m.walk);
  return updateAt(root, path, replacement(getAt(root, path), m));
}

/** Valid examples mutated one to four times, sometimes reduced to the JSON a server could actually send. */
export function mutationsOf(examples: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc
    .record({
      example: fc.constantFrom(...examples),
      mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
      overTheWire: fc.boolean(),
    })
    .map(({ example, mutations, overTheWire }) => {
      let value: unknown = example;
      let heavy = false;
      for (const m of mutations) {
        const isHeavy = (HEAVY_OPS as readonly string[]).includes(m.op);
        value = applyMutation(value, isHeavy && heavy ? { ...m, op: 'null' } : m);
        heavy ||= isHeavy;
      }
      if (!overTheWire) return value;
      // Deeply nested values are kept as they are: they reach a parser exactly like that through JSON.parse.
      try {
        const text = JSON.stringify(value);
        return text === undefined ? undefined : (JSON.parse(text) as unknown);
      } catch {
        return value;
      }
    });
}

/** A backend answer: mostly structural mutations of valid answers, the rest arbitrary JSON. */
export function malformedAnswers(examples: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: mutationsOf(examples) }, { weight: 1, arbitrary: anyJson });
}

// ---- text ----

const TRACE_NOISE = [
  'at ', 'at at at ', '    at ', '(', ')', '((((((', '))))', ':', '::::', '/', '////', '\\', '\t', '  ', ' ---> ', '--- End of inner exception stack trace ---',
  'Caused by: ', 'Suppressed: ', '... 12 more', 'Traceback (most recent call last):', 'File "', '", line ', ', in ', 'goroutine 1 [running]:',
  'panic: ', 'fatal error: ', '.go:', ' +0x1c', '#0 ', '{main}', '[internal function]: ', ' thrown in ', ':in `', "'", '`', 'from ', '[cause]: ',
  'Error: ', 'Exception', 'Unhandled exception. ', 'Exception in thread "main" ', '@', '.js:1:2', '.java:42', ':line 42', ' in ', '<anonymous>',
  'eval at ', 'node:internal/', '\u001b[31m', '\u202e', '\u200b', '\r', '\n', '\r\n', '\\n', '999999999999', '0', '-1', '<script>',
];

/** The most one repeatLine edit adds to a near-miss trace (characters). */
const MAX_NEAR_MISS_CHARS = 1_000_000;

/** Near-miss text: valid traces with lines dropped, duplicated, cut, spliced with markers and garbage. */
export function nearMissTraces(valid: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.record({
    kind: fc.constantFrom('dropLine', 'dupLine', 'cut', 'insert', 'replaceDigits', 'joinLines', 'indent', 'repeatLine'),
    at: fc.nat(),
    noise: fc.constantFrom(...TRACE_NOISE),
    times: fc.integer({ min: 2, max: 400 }),
  });
  return fc.record({ base: fc.constantFrom(...valid), edits: fc.array(edit, { minLength: 1, maxLength: 5 }) }).map(({ base, edits }) => {
    let lines = base.split('\n');
    for (const e of edits) {
      const i = e.at % Math.max(1, lines.length);
      const line = lines[i] ?? '';
      switch (e.kind) {
        case 'dropLine':
          lines.splice(i, 1);
          break;
        case 'dupLine':
          lines.splice(i, 0, line);
          break;
        case 'cut':
          lines[i] = line.slice(0, e.at % (line.length + 1));
          break;
        case 'insert': {
          const at = e.at % (line.length + 1);
          lines[i] = line.slice(0, at) + e.noise + line.slice(at);
          break;
        }
        case 'replaceDigits':
          lines[i] = line.replace(/\d+/g, e.noise === '0' ? '0' : '99999999999999999999');
          break;
        case 'joinLines':
          lines = [lines.join(e.noise)];
          break;
        case 'indent':
          lines[i] = e.noise.repeat(Math.min(e.times, 50)) + line;
          break;
        case 'repeatLine': {
          // Bounded by size, not only by count: after a joinLines the "line" is the whole trace, and join,
          // repeat, join, repeat grew past V8's string limit (RangeError in the generator, not the parser).
          const times = Math.min(e.times, Math.max(1, Math.floor(MAX_NEAR_MISS_CHARS / (line.length + 1))));
          lines.splice(i, 0, ...Array.from({ length: times }, () => line));
          break;
        }
      }
    }
    return lines.join('\n');
  });
}

/** Random text: arbitrary code points, lines of trace-like tokens, and the hostile corpus. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...TRACE_NOISE), { maxLength: 60 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', ' ', ':', '/', '(', ')', '\n', '\t', '.', '@', '#', '0', '9', '"', '[', ']', '-', '>'), maxLength: 3_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE.map((h) => h.text)) },
);
