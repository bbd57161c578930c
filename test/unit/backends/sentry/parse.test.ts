import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  issueStatsParams,
  dateText,
  parseCount,
  parseIssuesPage,
  parseLatestEvent,
  parseNextLink,
  parseProjectId,
  parseReleases,
  parseStatsSeries,
  sentryRateLimitResetAt,
  severityOfLevel,
} from '../../../../src/backends/sentry/parse';
import { SentryIssueBuilder, SentryReleaseBuilder, sentryFrame } from '../../../../src/demo/replay/sentryBuilders';
import { throwsWithKind } from '../assertBackendError';

describe('sentry parsing', () => {
  it('maps an issue list item to an ErrorGroup', () => {
    const built = new SentryIssueBuilder('TypeError: Cannot read properties of undefined (reading \'id\')')
      .withId('777')
      .count('1234')
      .userCount(56)
      .level('fatal')
      .culprit('createOrder(src/orders)')
      .seen('2026-01-01T09:00:00Z', '2026-01-01T11:00:00Z')
      .stats([[1767258000, 3], [1767261600, 0]])
      .build('24h');
    const [issue] = parseIssuesPage([built], '24h');
    assert.deepEqual(issue, {
      id: '777',
      source: 'sentry',
      title: 'TypeError: Cannot read properties of undefined (reading \'id\')',
      message: 'Cannot read properties of undefined (reading \'id\')',
      culprit: 'createOrder(src/orders)',
      level: 'critical',
      count: 1234,
      userCount: 56,
      firstSeen: '2026-01-01T09:00:00Z',
      lastSeen: '2026-01-01T11:00:00Z',
      permalink: 'https://acme.sentry.io/issues/777/',
      counts: { t: [1767258000000, 1767261600000], v: [3, 0] },
    });
  });

  it('maps levels to severities', () => {
    assert.deepEqual(['fatal', 'error', 'warning', 'info', 'debug', 'FATAL', 'sample', undefined].map(severityOfLevel), [
      'critical', 'error', 'warning', 'info', 'info', 'critical', 'error', 'error',
    ]);
  });

  it('reads counts given as strings or numbers and rejects anything else', () => {
    assert.equal(parseCount('98765', 'count'), 98765);
    assert.equal(parseCount(12, 'count'), 12);
    throwsWithKind(() => parseCount('12abc', 'count'), 'badResponse');
    throwsWithKind(() => parseCount(-1, 'count'), 'badResponse');
    throwsWithKind(() => parseCount(undefined, 'count'), 'badResponse');
  });

  it('converts stats buckets from unix seconds to ms, for the requested key or the only one', () => {
    assert.deepEqual(parseStatsSeries({ auto: [[100, 1], [160.5, 2]] }, 'auto'), { t: [100000, 160500], v: [1, 2] });
    assert.deepEqual(parseStatsSeries({ '24h': [[100, 4]] }, 'auto'), { t: [100000], v: [4] });
    assert.deepEqual(parseStatsSeries({ '24h': [[1, 1]], '14d': [[2, 2]] }, '24h'), { t: [1000], v: [1] });
    assert.deepEqual(parseStatsSeries(undefined, '24h'), { t: [], v: [] });
    assert.deepEqual(parseStatsSeries({ '24h': [[1, 1]], '14d': [[2, 2]] }, 'auto'), { t: [], v: [] }, 'two keys, neither asked for');
    throwsWithKind(() => parseStatsSeries({ '24h': [[1, 'x']] }, '24h'), 'badResponse');
  });

  it('shares one array of bucket times between issues with the same buckets, on a page and across pages', () => {
    const issue = (id: string, stats: [number, number][]) => new SentryIssueBuilder(`Error: ${id}`).withId(id).stats(stats).build('auto');
    const [a, b, c] = parseIssuesPage([issue('1', [[100, 1], [160, 2]]), issue('2', [[100, 5], [160, 0]]), issue('3', [[100, 5], [220, 0]])], 'auto');
    assert.equal(a.counts!.t, b.counts!.t, 'the same buckets: one array');
    assert.deepEqual(b.counts, { t: [100000, 160000], v: [5, 0] });
    assert.notEqual(c.counts!.t, b.counts.t);
    assert.deepEqual(c.counts, { t: [100000, 220000], v: [5, 0] });
    const [next] = parseIssuesPage([issue('4', [[100, 7], [160, 8]])], 'auto', a.counts!.t);
    assert.equal(next.counts!.t, a.counts!.t, 'the next page reuses it');
    assert.deepEqual(next.counts, { t: [100000, 160000], v: [7, 8] });
  });

  it('accepts a date exactly when Date.parse does (ISO texts, fields in and out of range, other forms)', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const iso = fc.tuple(
      fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), two(14), two(33), two(26), two(61),
      fc.option(fc.tuple(two(61), fc.option(fc.stringMatching(/^\.\d{1,10}$/)))),
      fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), two(25), fc.constantFrom(':', ''), two(61)).map((p) => p.join(''))),
    ).map(([y, mo, d, h, mi, sec, zone]) => `${y}-${mo}-${d}T${h}:${mi}${sec ? `:${sec[0]}${sec[1] ?? ''}` : ''}${zone}`);
    fc.assert(fc.property(fc.oneof(iso, fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toUTCString())), (text) => {
      assert.equal(dateText(text) !== undefined, !Number.isNaN(Date.parse(text)), text);
    }), { numRuns: 5000 });
    assert.equal(dateText('2026-01-01T09:00:00.123Z'), '2026-01-01T09:00:00.123Z');
    assert.equal(dateText('2026-13-01T09:00:00Z'), undefined);
    assert.equal(dateText(1767258000), undefined);
  });

  it('keeps only web permalinks', () => {
    const [issue] = parseIssuesPage([new SentryIssueBuilder().permalink('javascript:alert(1)').build()], '24h');
    assert.equal(issue.permalink, undefined);
  });

  const malformed: [string, unknown][] = [
    ['not a list', { issues: [] }],
    ['item not an object', ['x']],
    ['no id', [{ ...new SentryIssueBuilder().build(), id: undefined }]],
    ['bad count', [{ ...new SentryIssueBuilder().build(), count: 'many' }]],
    ['bad stats', [{ ...new SentryIssueBuilder().build(), stats: { '24h': 'x' } }]],
  ];
  for (const [name, body] of malformed) {
    it(`rejects a malformed issue list (${name}) with badResponse`, () => {
      throwsWithKind(() => parseIssuesPage(body, '24h'), 'badResponse');
    });
  }

  it('finds the next cursor in a Link header, and only when rel="next"', () => {
    const header =
      '<https://sentry.io/api/0/organizations/acme/issues/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ' +
      '<https://sentry.io/api/0/organizations/acme/issues/?&cursor=1735:100:0>; rel="next"; results="true"; cursor="1735:100:0"';
    assert.deepEqual(parseNextLink(header), { cursor: '1735:100:0', results: true });
    assert.deepEqual(parseNextLink(header.replace('results="true"', 'results="false"')), { cursor: '1735:100:0', results: false });
    assert.equal(parseNextLink('<https://x/?cursor=0:0:1>; rel="previous"; results="true"; cursor="0:0:1"'), undefined);
    assert.equal(parseNextLink(undefined), undefined);
  });

  it('reads X-Sentry-Rate-Limit-Reset as epoch seconds, ignoring past and garbage values and capping far ones', () => {
    const now = 1_767_000_000_000;
    assert.equal(sentryRateLimitResetAt({ 'x-sentry-rate-limit-reset': '1767000030' }, now), now + 30_000);
    assert.equal(sentryRateLimitResetAt({ 'x-sentry-rate-limit-reset': '1766999990' }, now), undefined);
    assert.equal(sentryRateLimitResetAt({ 'x-sentry-rate-limit-reset': 'soon' }, now), undefined);
    assert.equal(sentryRateLimitResetAt({}, now), undefined);
    assert.equal(sentryRateLimitResetAt({ 'x-sentry-rate-limit-reset': '1800000000' }, now), now + 3_600_000);
  });

  it('asks for 24h buckets for the 24h window and auto buckets otherwise', () => {
    assert.deepEqual(issueStatsParams('24h'), { statsPeriod: '24h', groupStatsPeriod: '24h' });
    assert.deepEqual(issueStatsParams('15m'), { statsPeriod: '15m', groupStatsPeriod: 'auto' });
    assert.deepEqual(issueStatsParams('7d'), { statsPeriod: '7d', groupStatsPeriod: 'auto' });
  });

  it('parses the latest event: frames in Sentry order with file, line, column, inApp and context', () => {
    const event = new SentryIssueBuilder('TypeError: boom')
      .eventId('a'.repeat(32))
      .release('checkout@1.4.2')
      .frames(
        sentryFrame({ filename: '/app/node_modules/express/lib/router/layer.js', function: 'Layer.handle', lineNo: 95, colNo: 5 }),
        sentryFrame({ filename: 'src/orders.ts', absPath: '/app/src/orders.ts', function: 'createOrder', lineNo: 42, colNo: 17, contextLine: '  const id = order.customer.id;' }),
      )
      .buildLatestEvent();
    const parsed = parseLatestEvent(event);
    assert.equal(parsed.eventId, 'a'.repeat(32));
    assert.equal(parsed.release, 'checkout@1.4.2');
    assert.equal(parsed.exceptionType, 'TypeError');
    assert.equal(parsed.exceptionValue, 'boom');
    assert.deepEqual(parsed.frames, [
      { function: 'Layer.handle', deployedPath: '/app/node_modules/express/lib/router/layer.js', line: 95, column: 5, inApp: false },
      { function: 'createOrder', deployedPath: '/app/src/orders.ts', line: 42, column: 17, inApp: true, contextLine: 'const id = order.customer.id;' },
    ]);
  });

  it('takes type and message from the raised exception of a chain, frames from the nearest one with a stack', () => {
    const cause = [sentryFrame({ filename: '/app/src/db.ts', function: 'query', lineNo: 7 })];
    const event = new SentryIssueBuilder('OrderError: could not save').causedBy('DbError', 'connection reset', cause).buildLatestEvent();
    const parsed = parseLatestEvent(event);
    assert.equal(parsed.exceptionType, 'OrderError');
    assert.equal(parsed.exceptionValue, 'could not save');
    assert.deepEqual(parsed.frames.map((f) => f.function), ['query']);
    assert.deepEqual(parsed.exceptions.map((e) => e.type), ['DbError', 'OrderError']);

    const raisedFrames = [sentryFrame({ filename: '/app/src/orders.ts', function: 'save', lineNo: 3 })];
    const both = new SentryIssueBuilder('OrderError: x').frames(...raisedFrames).causedBy('DbError', 'y', cause).buildLatestEvent();
    assert.deepEqual(parseLatestEvent(both).frames.map((f) => f.function), ['save']);
  });

  it('reads the release from a string, an object or the release tag, and frames from threads', () => {
    assert.equal(parseLatestEvent({ eventID: 'e1', release: '2.0.0' }).release, '2.0.0');
    assert.equal(parseLatestEvent({ eventID: 'e1', release: null, tags: [{ key: 'release', value: '3.0' }] }).release, '3.0');
    const threads = {
      eventID: 'e2',
      entries: [{ type: 'threads', data: { values: [{ crashed: true, stacktrace: { frames: [{ filename: 'main.go', lineNo: 9, inApp: true }] } }] } }],
    };
    assert.deepEqual(parseLatestEvent(threads).frames, [{ deployedPath: 'main.go', line: 9, inApp: true }]);
    assert.deepEqual(parseLatestEvent({ eventID: 'e3', entries: [] }).frames, []);
    throwsWithKind(() => parseLatestEvent({ entries: [] }), 'badResponse');
    throwsWithKind(() => parseLatestEvent({ eventID: 'e4', entries: {} }), 'badResponse');
  });

  it('maps releases to deploys, newest first, preferring the deploy time', () => {
    const deploys = parseReleases([
      new SentryReleaseBuilder('1.0.0').created('2026-01-01T08:00:00Z').build(),
      new SentryReleaseBuilder('1.1.0').created('2026-01-02T08:00:00Z').deployed('production', '2026-01-02T09:30:00Z').url('https://github.com/acme/checkout/releases/1.1.0').build(),
      new SentryReleaseBuilder('0.9.0').created('2025-12-30T08:00:00Z').url('file:///etc/passwd').build(),
    ]);
    assert.deepEqual(deploys, [
      { version: '1.1.0', environment: 'production', finishedAt: '2026-01-02T09:30:00Z', url: 'https://github.com/acme/checkout/releases/1.1.0', source: 'sentry', createdAt: '2026-01-02T08:00:00Z' },
      { version: '1.0.0', finishedAt: '2026-01-01T08:00:00Z', source: 'sentry', createdAt: '2026-01-01T08:00:00Z' },
      { version: '0.9.0', finishedAt: '2025-12-30T08:00:00Z', source: 'sentry', createdAt: '2025-12-30T08:00:00Z' },
    ]);
    throwsWithKind(() => parseReleases([{ dateCreated: '2026-01-01T00:00:00Z' }]), 'badResponse');
  });

  it('reads a numeric project id', () => {
    assert.equal(parseProjectId({ id: '42', slug: 'checkout' }), '42');
    assert.equal(parseProjectId({ id: 42 }), '42');
    throwsWithKind(() => parseProjectId({ id: 'checkout' }), 'badResponse');
  });
});
