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
  // Cleaning only shrinks text: a 1 MB message need not be scanned whole for a 400-character field.
  const clean = oneLine(String(text).slice(0, max * 4 + 64), max);
  return clean === '' ? undefined : clean;
}

/** A backend id that can be passed back as an argument; anything else is not an id. */
export function safeId(id: string | undefined): string | undefined {
  return id !== undefined && /^[A-Za-z0-9_.:-]{1,80}$/.test(id) ? id : undefined;
}

/** A backend's timestamp when it is one (ISO 8601); anything else is not passed on outside `untrusted`. */
export function isoTime(text: string | undefined): string | undefined {
  return text !== undefined && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:?\d\d)?$/.test(text) ? text : undefined;
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

/** What a tool lists: the matching items, and how one becomes a result item (built only when paged in). */
export interface Listing<T> {
  all: readonly T[];
  build: (item: T) => Record<string, unknown>;
}

/**
 * Items from `offset`, at most `limit`, and no more than keeps `envelope` plus the page within the budget
 * (JSON.stringify of an array is its items joined by commas, so lengths add up exactly). An envelope that
 * alone would exceed the budget is a bug of the caller: its parts are capped before. Only the page's items
 * are built (`build`): a service with thousands of groups costs one page of work per call, not all of them.
 */
export function pageWithin<T>(envelope: Record<string, unknown>, listing: Listing<T>, offset: number, limit: number, budget = RESULT_BUDGET_CHARS): Record<string, unknown> {
  const { all, build } = listing;
  // Room for the page fields the envelope does not have yet: "items", "total", "returned", "nextCursor".
  let used = JSON.stringify({ ...envelope, items: [], total: all.length, returned: 0, nextCursor: 'p0000000' }).length;
  const items: Record<string, unknown>[] = [];
  let i = offset;
  for (; i < all.length && items.length < limit; i++) {
    const item = build(all[i]);
    const size = JSON.stringify(item).length + (items.length > 0 ? 1 : 0);
    if (used + size > budget) break;
    items.push(item);
    used += size;
  }
  const result: Record<string, unknown> = { ...envelope, items, total: all.length, returned: items.length };
  if (i < all.length) result.nextCursor = `p${i}`;
  return result;
}
