// histogramQuantile must answer what Prometheus 2.x's histogram_quantile answers for the same buckets, corner
// cases included (promql/quantile.go); test/integration/serviceMetrics.test.ts checks it against a real server.
import assert from 'node:assert/strict';
import { histogramQuantile, parseBucketBound, type Bucket } from '../../../../src/backends/prometheus/histogramQuantile';

/** Buckets from [le, cumulative count] pairs. */
const h = (...pairs: [number, number][]): Bucket[] => pairs.map(([le, count]) => ({ le, count }));
const INF = Infinity;
/** le 1, 2, 4, +Inf with 10, 20, 30, 40 observations at or below each. */
const EVEN = h([1, 10], [2, 20], [4, 30], [INF, 40]);

describe('backends/prometheus: histogramQuantile', () => {
  it('interpolates linearly inside the bucket holding rank = q × total, from 0 in the first bucket', () => {
    assert.equal(histogramQuantile(0.5, EVEN), 2); // rank 20: exactly the top of (1, 2]
    assert.equal(histogramQuantile(0.125, EVEN), 0.5); // rank 5 of the first bucket, lower bound 0
    assert.equal(histogramQuantile(0.3, EVEN), 1 + 1 * (2 / 10));
    assert.equal(histogramQuantile(0.6, EVEN), 2 + 2 * (4 / 10));
  });

  it('a rank exactly at a bucket boundary answers that bucket\'s upper bound (the first bucket with count >= rank)', () => {
    assert.equal(histogramQuantile(0.25, EVEN), 1);
    assert.equal(histogramQuantile(0.75, EVEN), 4);
    // Rank 10 equals the counts of le=1 and le=2 (nothing in between): the lower bucket wins.
    assert.equal(histogramQuantile(0.5, h([1, 10], [2, 10], [INF, 20])), 1);
  });

  it('a rank in the +Inf bucket answers the highest finite bound', () => {
    assert.equal(histogramQuantile(0.9, EVEN), 4);
    assert.equal(histogramQuantile(1, EVEN), 4);
    // Every observation above the last finite bound.
    assert.equal(histogramQuantile(0.01, h([1, 0], [2, 0], [INF, 7])), 2);
    assert.equal(histogramQuantile(0.5, h([0.25, 0], [INF, 3])), 0.25);
  });

  it('q = 0 answers the lowest bound with observations: 0 when the first bucket has any', () => {
    assert.equal(histogramQuantile(0, EVEN), 0);
    // Rank 0 is reached by the empty first bucket already: interpolating 0/0 there gives NaN, as in Prometheus.
    assert.ok(Number.isNaN(histogramQuantile(0, h([1, 0], [2, 5], [INF, 5]))));
  });

  it('q = 1 with everything below the top finite bound interpolates to the bucket holding the last observation', () => {
    assert.equal(histogramQuantile(1, h([1, 10], [2, 20], [4, 20], [INF, 20])), 2);
  });

  it('a first bucket with le <= 0 answers its own bound instead of interpolating from 0', () => {
    assert.equal(histogramQuantile(0.1, h([0, 5], [1, 10], [INF, 10])), 0);
    assert.equal(histogramQuantile(0.1, h([-1, 5], [1, 10], [INF, 10])), -1);
    // Above the first bucket, interpolation starts from the negative bound.
    assert.equal(histogramQuantile(0.75, h([-1, 5], [1, 10], [INF, 10])), -1 + 2 * (2.5 / 5));
    // A positive first bound interpolates from 0.
    assert.equal(histogramQuantile(0.1, h([2, 5], [4, 10], [INF, 10])), 0.4);
  });

  it('NaN for fewer than two buckets, a highest bucket that is not +Inf, or no observations', () => {
    assert.ok(Number.isNaN(histogramQuantile(0.5, [])));
    assert.ok(Number.isNaN(histogramQuantile(0.5, h([INF, 10]))));
    assert.ok(Number.isNaN(histogramQuantile(0.5, h([1, 5], [2, 10]))));
    assert.ok(Number.isNaN(histogramQuantile(0.5, h([1, 0], [2, 0], [INF, 0]))));
    // Two series of the +Inf bucket coalesce into one: still fewer than two buckets.
    assert.ok(Number.isNaN(histogramQuantile(0.5, h([INF, 4], [INF, 6]))));
  });

  it('q < 0 is -Inf, q > 1 is +Inf, q NaN is NaN, whatever the buckets', () => {
    assert.equal(histogramQuantile(-0.1, EVEN), -Infinity);
    assert.equal(histogramQuantile(1.1, EVEN), Infinity);
    assert.equal(histogramQuantile(-1, []), -Infinity);
    assert.equal(histogramQuantile(2, h([1, 5], [2, 10])), Infinity);
    assert.ok(Number.isNaN(histogramQuantile(NaN, EVEN)));
  });

  it('sorts buckets by upper bound, whatever order they come in, and leaves the input alone', () => {
    const shuffled = h([INF, 40], [2, 20], [4, 30], [1, 10]);
    const copy = structuredClone(shuffled);
    assert.equal(histogramQuantile(0.3, shuffled), histogramQuantile(0.3, EVEN));
    assert.equal(histogramQuantile(0.6, shuffled), 2.8);
    assert.deepEqual(shuffled, copy);
  });

  it('adds up buckets with the same bound (le="1" and le="1.0" from two series)', () => {
    // (1: 4 + 6) (2: 10 + 10) (+Inf: 20 + 20): the same as le 1 → 10, 2 → 20, +Inf → 40.
    const split = h([1, 4], [2, 10], [INF, 20], [1, 6], [2, 10], [INF, 20]);
    assert.equal(histogramQuantile(0.125, split), 0.5);
    assert.equal(histogramQuantile(0.375, split), 1.5);
    assert.equal(histogramQuantile(0.9, split), 2);
  });

  it('raises a count lower than an earlier one to it (the envelope), before searching', () => {
    // le=2 reads 5 after le=1 read 10 (buckets scraped a moment apart): treated as 10.
    const broken = h([1, 10], [2, 5], [4, 20], [INF, 20]);
    assert.equal(histogramQuantile(0.5, broken), 1);
    assert.equal(histogramQuantile(0.75, broken), 2 + 2 * (5 / 10));
    // A too-low +Inf bucket is raised too, so the total is the largest count.
    assert.equal(histogramQuantile(0.5, h([1, 10], [2, 20], [INF, 15])), 1);
  });

  it('NaN counts: kept as Prometheus keeps them (comparisons with NaN are false)', () => {
    // A NaN total: the search finds no bucket, so the highest finite bound comes back.
    assert.equal(histogramQuantile(0.5, h([1, 1], [2, 2], [INF, NaN])), 2);
    // A NaN first count disables the envelope and is never >= rank; the binary search lands on le=2.
    assert.ok(Number.isNaN(histogramQuantile(0.5, h([1, NaN], [2, 5], [INF, 10]))));
    // A NaN middle count leaves the envelope's running maximum where it was.
    assert.equal(histogramQuantile(0.9, h([1, 1], [2, NaN], [4, 3], [INF, 10])), 4);
  });

  it('the binary search is Go\'s sort.Search: with a NaN count it may pass over a matching bucket', () => {
    // Counts [NaN, 8, NaN, 9, 10] over le 1, 2, 3, 4, +Inf: rank 5; the first probe is index 2 (NaN, false),
    // then 3 (9 >= 5), then stop at 3: it never looks at le=2 (8 >= 5), which a linear scan would pick.
    const got = histogramQuantile(0.5, h([1, NaN], [2, 8], [3, NaN], [4, 9], [INF, 10]));
    assert.ok(Number.isNaN(got), `${got}`); // (rank - NaN) / (9 - NaN) in (3, 4]
    // The same probe order without NaN reaches le=2: (1, 2] holds rank 5.
    assert.equal(histogramQuantile(0.5, h([1, 2], [2, 8], [3, 8.5], [4, 9], [INF, 10])), 1 + 1 * (3 / 6));
    // A NaN in the middle is passed over even where a linear scan would have stopped after it.
    assert.ok(Number.isNaN(histogramQuantile(0.5, h([1, 2], [2, 8], [3, NaN], [4, 9], [INF, 10]))));
  });
});

describe('backends/prometheus: parseBucketBound (Go strconv.ParseFloat, as Prometheus reads le)', () => {
  it('reads plain, exponent and +Inf forms', () => {
    assert.equal(parseBucketBound('0.25'), 0.25);
    assert.equal(parseBucketBound('1e3'), 1000);
    assert.equal(parseBucketBound('2.5E-1'), 0.25);
    assert.equal(parseBucketBound('+Inf'), Infinity);
    assert.equal(parseBucketBound('-Inf'), -Infinity);
    assert.equal(parseBucketBound('inf'), Infinity);
    assert.equal(parseBucketBound('Infinity'), Infinity);
    assert.equal(parseBucketBound('.5'), 0.5);
    assert.equal(parseBucketBound('5.'), 5);
    assert.equal(parseBucketBound('-0.5'), -0.5);
    assert.ok(Number.isNaN(parseBucketBound('NaN')!));
  });

  it('reads Go-only forms: digit separators and hexadecimal floats', () => {
    assert.equal(parseBucketBound('1_000'), 1000);
    assert.equal(parseBucketBound('0x1p-2'), 0.25);
    assert.equal(parseBucketBound('0X1.8P1'), 3);
    assert.equal(parseBucketBound('0x_1p4'), 16);
  });

  it('rejects what Go rejects: the bucket is then ignored', () => {
    for (const bad of ['', ' 1', '1 ', 'abc', '1,5', '+NaN', 'infin', 'Infinityy', '1e', '1e+', '.', '_1', '1_', '1__0', '1_.5', '0x1', '0x', '1e400', '-1e400', '0x1p2000', '++1']) {
      assert.equal(parseBucketBound(bad), undefined, JSON.stringify(bad));
    }
  });

  it('buckets whose le does not parse are left out of the quantile', () => {
    const m = [{ le: '1', count: 10 }, { le: 'oops', count: 1000 }, { le: '2', count: 20 }, { le: '+Inf', count: 20 }];
    const buckets = m.flatMap((b) => {
      const le = parseBucketBound(b.le);
      return le === undefined ? [] : [{ le, count: b.count }];
    });
    assert.equal(histogramQuantile(0.75, buckets), 1.5);
  });
});
