// Prometheus's `histogram_quantile` over classic (`le`) buckets, computed client-side so one query can fetch
// the bucket rates and every quantile comes from them. Written to give the same answers as Prometheus 2.42
// (promql/quantile.go, `bucketQuantile` with `coalesceBuckets` and `ensureMonotonic`), including its corner
// cases. Prometheus 2.49 and later also treat bucket increases below 1e-12 relative as equal before the
// search; that only matters for rounding-level differences between adjacent buckets and is not done here.

export interface Bucket {
  /** Upper bound, as parsed by `parseBucketBound` (may be Infinity). */
  le: number;
  /** Cumulative count (or rate) of observations up to `le`. */
  count: number;
}

const SPECIAL = /^([+-]?)(inf|infinity)$/i;
/** Go's decimal syntax: digits with at most one point (either end may be bare), optional exponent. */
const DECIMAL = /^[+-]?[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9][0-9_]*)?$/;
const HEX = /^([+-]?)0[xX]((?:[0-9a-fA-F_]*[0-9a-fA-F][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?)|(?:[0-9a-fA-F_]*\.[0-9a-fA-F_]*[0-9a-fA-F][0-9a-fA-F_]*))[pP]([+-]?[0-9][0-9_]*)$/;

/**
 * Go's rule for digit separators (strconv's `underscoreOK`): an underscore only between two digits, or
 * between a `0x` prefix and a digit.
 */
function underscoresAllowed(text: string): boolean {
  let s = text.replace(/^[+-]/, '');
  let previous: 'start' | 'digit' | 'underscore' | 'other' = 'start';
  let hex = false;
  if (/^0[xXbBoO]/.test(s)) {
    hex = /^0[xX]/.test(s);
    s = s.slice(2);
    previous = 'digit';
  }
  for (const ch of s) {
    if (/[0-9]/.test(ch) || (hex && /[a-fA-F]/.test(ch))) previous = 'digit';
    else if (ch === '_') {
      if (previous !== 'digit') return false;
      previous = 'underscore';
    } else {
      if (previous === 'underscore') return false;
      previous = 'other';
    }
  }
  return previous !== 'underscore';
}

function hexValue(sign: string, mantissa: string, exponent: string): number {
  const [whole, fraction = ''] = mantissa.replace(/_/g, '').split('.');
  const digits = BigInt(`0x${whole || '0'}${fraction}`);
  let exp = Number(exponent.replace(/_/g, '')) - 4 * fraction.length;
  // Number(BigInt) rounds to nearest; scaling by powers of two is exact until the result leaves the normal range.
  let value = Number(digits);
  while (exp !== 0 && value !== 0 && Number.isFinite(value)) {
    const shift = Math.max(-1000, Math.min(1000, exp));
    value *= 2 ** shift;
    exp -= shift;
  }
  return sign === '-' ? -value : value;
}

/**
 * The bucket bound in an `le` label, parsed as Go's `strconv.ParseFloat(s, 64)` parses it (as Prometheus does):
 * decimal and `0x…p…` hexadecimal forms, `_` digit separators, case-insensitive `Inf`/`Infinity` with an
 * optional sign, and `NaN` without one. Undefined for anything Go rejects, including values too large for a
 * float64: Prometheus ignores those buckets.
 */
export function parseBucketBound(text: string): number | undefined {
  const special = SPECIAL.exec(text);
  if (special) return special[1] === '-' ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (text.includes('_') && !underscoresAllowed(text)) return undefined;
  let value: number;
  if (DECIMAL.test(text) && /[0-9]/.test(text.split(/[eE]/)[0])) value = Number(text.replace(/_/g, ''));
  else {
    const hex = HEX.exec(text);
    if (!hex) return undefined;
    value = hexValue(hex[1], hex[2], hex[3]);
  }
  // Go reports overflow as an error (ErrRange), and Prometheus skips the bucket.
  return Number.isFinite(value) ? value : undefined;
}

/** Go's `sort.Search(n, predicate)`: the binary search Prometheus uses, kept as is so NaN counts land alike. */
function searchFirst(n: number, predicate: (i: number) => boolean): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (predicate(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * Sorted by upper bound with an insertion sort: Go sorts up to 12 elements exactly this way, so even a NaN
 * bound (which compares as neither less nor greater) ends up where Prometheus puts it for the same input order.
 */
function sortByBound(buckets: Bucket[]): void {
  for (let i = 1; i < buckets.length; i++) {
    for (let j = i; j > 0 && buckets[j].le < buckets[j - 1].le; j--) {
      [buckets[j], buckets[j - 1]] = [buckets[j - 1], buckets[j]];
    }
  }
}

/** Buckets with the same bound (`le="1"` and `le="1.0"`) count as one, their counts added (in place). */
function coalesce(sorted: Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && last.le === b.le) last.count += b.count;
    else out.push(b);
  }
  return out;
}

/** A count lower than one before it is raised to that: the envelope Prometheus takes of inconsistent buckets. */
function raiseToEnvelope(buckets: Bucket[]): void {
  let max = buckets[0].count;
  for (let i = 1; i < buckets.length; i++) {
    if (buckets[i].count > max) max = buckets[i].count;
    else if (buckets[i].count < max) buckets[i].count = max;
  }
}

/**
 * A histogram made ready for quantiles, once for all of them: sorted by bound, equal bounds coalesced, counts
 * raised to their running maximum. Undefined when no quantile exists (no buckets, no +Inf bucket, fewer than
 * two distinct bounds, or no observations): every quantile in [0, 1] is then NaN. The input is not modified
 * unless `owned`.
 */
export function prepareHistogram(input: readonly Bucket[], owned = false): Bucket[] | undefined {
  if (input.length === 0) return undefined;
  // `owned`: the caller hands its buckets over (thousands of histograms per refresh), so they are reordered
  // and changed in place instead of copied.
  const sorted = owned ? (input as Bucket[]) : input.map((b) => ({ le: b.le, count: b.count }));
  sortByBound(sorted);
  if (sorted[sorted.length - 1].le !== Infinity) return undefined;
  const buckets = coalesce(sorted);
  raiseToEnvelope(buckets);
  if (buckets.length < 2) return undefined;
  if (buckets[buckets.length - 1].count === 0) return undefined;
  return buckets;
}

/**
 * The φ-quantile `q` of a prepared histogram (see `prepareHistogram`), as `histogram_quantile` computes it:
 * -Inf for q < 0 and +Inf for q > 1; a rank in the +Inf bucket answers the highest finite bound; within the
 * first bucket it interpolates from 0 (or answers the bound itself when that is <= 0).
 */
export function quantileOf(q: number, buckets: readonly Bucket[] | undefined): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  if (!buckets) return NaN;
  let rank = q * buckets[buckets.length - 1].count;
  const b = searchFirst(buckets.length - 1, (i) => buckets[i].count >= rank);
  if (b === buckets.length - 1) return buckets[buckets.length - 2].le;
  if (b === 0 && buckets[0].le <= 0) return buckets[0].le;
  let start = 0;
  let count = buckets[b].count;
  if (b > 0) {
    start = buckets[b - 1].le;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return start + (buckets[b].le - start) * (rank / count);
}

/**
 * The φ-quantile `q` of a classic histogram, as `histogram_quantile(q, …)` gives it for one series group:
 * NaN for q NaN, fewer than two distinct bounds, no +Inf bucket or no observations; otherwise `quantileOf`.
 * The input is not modified.
 */
export function histogramQuantile(q: number, input: readonly Bucket[]): number {
  return quantileOf(q, prepareHistogram(input));
}
