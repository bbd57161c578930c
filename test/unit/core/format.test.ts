import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatAge, formatAgo, formatChange, formatCount, formatPercent, formatRate, formatRateShort, formatSeconds } from '../../../src/core/format';

describe('core/format', () => {
  it('formatPercent: 0, below 0.1%, one decimal under 10%, none above, no "10.0%" at the boundary', () => {
    assert.equal(formatPercent(0), '0%');
    assert.equal(formatPercent(0.0004), '<0.1%');
    assert.equal(formatPercent(0.00099), '<0.1%');
    assert.equal(formatPercent(0.001), '0.1%');
    assert.equal(formatPercent(0.042), '4.2%');
    assert.equal(formatPercent(0.05), '5.0%');
    // 9.96% rounds to ten: written as "10%", like 10% itself.
    assert.equal(formatPercent(0.0996), '10%');
    assert.equal(formatPercent(0.0994), '9.9%');
    assert.equal(formatPercent(0.1), '10%');
    assert.equal(formatPercent(0.114), '11%');
    assert.equal(formatPercent(1), '100%');
  });

  it('formatSeconds: milliseconds under a second, never "1000 ms" or "10.0 s"', () => {
    assert.equal(formatSeconds(0.0004), '1 ms');
    assert.equal(formatSeconds(0.429), '429 ms');
    assert.equal(formatSeconds(0.9996), '1.0 s');
    assert.equal(formatSeconds(1.44), '1.4 s');
    assert.equal(formatSeconds(9.97), '10 s');
    assert.equal(formatSeconds(42), '42 s');
  });

  it('formatRate: per minute below one per second', () => {
    assert.equal(formatRate(0), '0 req/s');
    assert.equal(formatRate(0.5), '30.0 req/min');
    assert.equal(formatRate(2.35), '2.4 req/s');
    assert.equal(formatRate(1234.5), '1235 req/s');
  });

  it('formatAge: "just now" under 5 s, then s, min, h, d; rounding never says "60 min" or "24 h"', () => {
    assert.equal(formatAge(-5000), 'just now');
    assert.equal(formatAge(0), 'just now');
    assert.equal(formatAge(4499), 'just now');
    assert.equal(formatAge(5000), '5 s');
    assert.equal(formatAge(59_000), '59 s');
    assert.equal(formatAge(59_600), '1 min');
    assert.equal(formatAge(5 * 60_000), '5 min');
    assert.equal(formatAge(3_569_000), '59 min');
    assert.equal(formatAge(3_590_000), '1 h');
    assert.equal(formatAge(3 * 3600_000), '3 h');
    assert.equal(formatAge(86_000_000), '1 d');
    assert.equal(formatAge(2 * 86_400_000), '2 d');
  });

  it('formatChange: signed whole percent, a true minus sign, nothing without a base', () => {
    assert.equal(formatChange(2, 1), '+100%');
    assert.equal(formatChange(1, 2), '−50%');
    assert.equal(formatChange(1.004, 1), '±0%');
    assert.equal(formatChange(0.996, 1), '±0%');
    assert.equal(formatChange(0, 0), '±0%');
    assert.equal(formatChange(1, 0), undefined);
    assert.equal(formatChange(undefined, 1), undefined);
    assert.equal(formatChange(1, undefined), undefined);
    assert.equal(formatChange(NaN, 1), undefined);
    assert.equal(formatChange(1, Infinity), undefined);
    assert.equal(formatChange(0, 4), '−100%');
  });
});

describe('core/format: short rates for table columns', () => {
  it('fits a narrow column', () => {
    assert.equal(formatRateShort(26.4), '26/s');
    assert.equal(formatRateShort(2.34), '2.3/s');
    assert.equal(formatRateShort(0.2), '12/min');
    assert.equal(formatRateShort(0.01), '0.6/min');
    assert.equal(formatRateShort(0), '0/s');
  });
});

describe('core/format: counts', () => {
  it('compact, and rounding that reaches the next unit moves to it', () => {
    const cases: [number, string][] = [[0, '0'], [778, '778'], [999, '999'], [1000, '1K'], [1234, '1.2K'], [9_999, '10K'], [99_949, '99.9K'], [999_950, '1M'], [1_250_000, '1.3M'], [12_345_678, '12.3M']];
    for (const [n, text] of cases) assert.equal(formatCount(n), text, String(n));
  });
});

describe('core/format: ages in the past', () => {
  it('formatAgo: "just now" alone, otherwise the age and "ago"', () => {
    assert.equal(formatAgo(1000), 'just now');
    assert.equal(formatAgo(42_000), '42 s ago');
    assert.equal(formatAgo(12 * 60_000), '12 min ago');
  });
});

describe('core/format: counts as Intl prints them', () => {
  it('formatCount equals Intl compact notation (one fraction digit) for every count', () => {
    const intl = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
    const edges = [0, 1, 999, 1000, 1049, 1050, 1051, 9_949, 9_950, 9_999, 99_949, 99_950, 999_949, 999_950, 999_999, 1_000_000, 1_049_999, 1_050_000, 999_950_000, 1e12, 999_950_000_000];
    for (const n of edges) assert.equal(formatCount(n), intl.format(n), String(n));
    fc.assert(fc.property(fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 90_000_000_000_000 })), (n) => formatCount(n) === intl.format(n)), { numRuns: 20_000 });
  });
});
