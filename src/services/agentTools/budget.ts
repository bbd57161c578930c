// Output discipline for the agent tools: a fixed budget per result, paging with a cursor, and production text
// (untrusted, also for a model) cleaned and capped before it goes into its labelled field.
import { oneLine } from '../../core/text';

/** About 4,000 tokens, counted conservatively at 3 characters a token over the serialised JSON. */
export const RESULT_BUDGET_CHARS = 12_000;
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 50;

/** Caps of production text per field: long enough to read, short enough that one item never fills a page. */
export const CAP = { title: 200, message: 400, culprit: 160, function: 120, path: 200, label: 100, reason: 200, id: 80 } as const;

/** Production text as it may reach a model: one printable line without controls, bidi or invisible characters. */
export function untrustedText(text: string | undefined, max: number): string | undefined {
  if (text === undefined || text === null) return undefined;
  const clean = oneLine(String(text), max);
  return clean === '' ? undefined : clean;
}

/** A backend id that can be passed back as an argument; anything else is not an id. */
export function safeId(id: string | undefined): string | undefined {
  return id !== undefined && /^[A-Za-z0-9_.:-]{1,80}$/.test(id) ? id : undefined;
}

/** Drops undefined values, so absent facts are absent keys rather than nulls the schema must allow. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const m = /^p(\d{1,7})$/.exec(cursor);
  if (!m) throw new RangeError('cursor is not one this tool returned: call again without it to start from the first page');
  return Number(m[1]);
}

export interface Page {
  items: Record<string, unknown>[];
  total: number;
  nextCursor?: string;
}

/**
 * Items from `offset`, at most `limit`, and no more than keeps `envelope` plus the page within the budget
 * (JSON.stringify of an array is its items joined by commas, so lengths add up exactly). An envelope that
 * alone would exceed the budget is a bug of the caller: its parts are capped before.
 */
export function pageWithin(envelope: Record<string, unknown>, all: readonly Record<string, unknown>[], offset: number, limit: number, budget = RESULT_BUDGET_CHARS): Record<string, unknown> {
  // Room for the page fields the envelope does not have yet: "items", "total", "returned", "nextCursor".
  let used = JSON.stringify({ ...envelope, items: [], total: all.length, returned: 0, nextCursor: 'p0000000' }).length;
  const items: Record<string, unknown>[] = [];
  let i = offset;
  for (; i < all.length && items.length < limit; i++) {
    const size = JSON.stringify(all[i]).length + (items.length > 0 ? 1 : 0);
    if (used + size > budget) break;
    items.push(all[i]);
    used += size;
  }
  const result: Record<string, unknown> = { ...envelope, items, total: all.length, returned: items.length };
  if (i < all.length) result.nextCursor = `p${i}`;
  return result;
}
