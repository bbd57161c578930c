import assert from 'node:assert/strict';
import { startReplayServer, type ReplayServer } from '../../../../src/demo/replay/replayServer';
import { SentryIssueBuilder, SentryReleaseBuilder, sentryFixture, sentryFrame } from '../../../../src/demo/replay/sentryBuilders';
import { rejectsWithKind } from '../assertBackendError';
import { sendJson, startTestServer, type TestServer } from '../http/testServer';
import { NOW, TOKEN, issuesByCount, sentryClient, startSentry } from './sentryContext';

describe('SentryClient against the replay server', () => {
  let server: ReplayServer | undefined;
  let plain: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    await plain?.close();
    server = undefined;
    plain = undefined;
  });
  const issueRequests = () => server!.requests.filter((r) => r.route === 'sentry.issues');

  it('pages through three pages by cursor, most frequent first, and stops on results="false"', async () => {
    server = await startSentry(issuesByCount(7), 3);
    const groups = await sentryClient(server.url).issues({ statsPeriod: '1h', environment: 'production' });
    assert.deepEqual(groups.map((g) => g.count), [1000, 999, 998, 997, 996, 995, 994]);
    assert.ok(groups.every((g) => g.source === 'sentry' && g.level === 'error'));
    const pages = issueRequests();
    assert.equal(pages.length, 3);
    assert.deepEqual(pages.map((r) => r.query.get('cursor')), [null, '0:3:0', '0:6:0']);
    const first = pages[0].query;
    assert.equal(first.get('project'), '42');
    assert.equal(first.get('query'), 'is:unresolved');
    assert.equal(first.get('sort'), 'freq');
    assert.equal(first.get('statsPeriod'), '1h');
    assert.equal(first.get('groupStatsPeriod'), 'auto');
    assert.equal(first.get('environment'), 'production');
    assert.equal(first.get('limit'), '100');
    assert.equal(pages[0].headers.authorization, `Bearer ${TOKEN}`);
  });

  it('stops paging when the limit is reached, asking only for what is still missing', async () => {
    server = await startSentry(issuesByCount(9), 3);
    const groups = await sentryClient(server.url).issues({ statsPeriod: '24h', limit: 4 });
    assert.deepEqual(groups.map((g) => g.count), [1000, 999, 998, 997]);
    assert.deepEqual(issueRequests().map((r) => r.query.get('limit')), ['4', '1']);
    assert.equal(issueRequests()[0].query.get('groupStatsPeriod'), '24h');
  });

  it('resolves a project slug to its id once, and never for a numeric project', async () => {
    server = await startSentry(issuesByCount(2));
    const bySlug = sentryClient(server.url);
    await bySlug.issues({ statsPeriod: '1h' });
    await bySlug.issues({ statsPeriod: '6h' });
    await bySlug.releases();
    const lookups = server.requests.filter((r) => r.route === 'sentry.project');
    assert.equal(lookups.length, 1);
    assert.equal(lookups[0].path, '/api/0/projects/acme/checkout/');
    const before = server.requests.length;
    await sentryClient(server.url, { project: '42' }).issues({ statsPeriod: '1h' });
    assert.deepEqual(server.requests.slice(before).map((r) => r.route), ['sentry.issues']);
  });

  it('keeps a self-hosted path prefix and converts stats to ms', async () => {
    const issue = new SentryIssueBuilder().stats([[1767261600, 4], [1767265200, 9]]);
    server = await startSentry([issue]);
    const [group] = await sentryClient(server.url, { baseUrl: `${server.url}/sentry/` }).issues({ statsPeriod: '6h' });
    assert.deepEqual(group.counts, { t: [1767261600000, 1767265200000], v: [4, 9] });
    assert.ok(server.requests.every((r) => r.path.startsWith('/sentry/api/0/')));
  });

  it('sends the query the caller gives, including an empty one', async () => {
    server = await startSentry(issuesByCount(1));
    const groups = await sentryClient(server.url).issues({ statsPeriod: '1h', query: '' });
    assert.equal(groups.length, 2, 'the resolved issue is listed when the query is empty');
    assert.equal(issueRequests()[0].query.get('query'), '');
  });

  it('stops on a repeated cursor, using only the cursor and never the host of the Link URL', async () => {
    const hosts: string[] = [];
    plain = await startTestServer((req, res) => {
      hosts.push(req.headers.host ?? '');
      if (req.url?.includes('/projects/')) return sendJson(res, 200, { id: '42' });
      const link = '<http://elsewhere.invalid/x?cursor=0:1:0>; rel="next"; results="true"; cursor="0:1:0"';
      sendJson(res, 200, [new SentryIssueBuilder().build()], { link });
    });
    const warnings: string[] = [];
    const groups = await sentryClient(plain.origin, { log: { warn: (m: string) => warnings.push(m) } }).issues({ statsPeriod: '1h' });
    assert.equal(plain.requests.length, 3, 'project lookup, then two pages: the second repeats the cursor');
    assert.equal(groups.length, 2);
    assert.match(warnings[0], /cursor/);
    assert.ok(hosts.every((h) => h === `127.0.0.1:${plain!.port}`));
  });

  it('stops on an empty page even when Sentry says there are more results', async () => {
    let page = 0;
    plain = await startTestServer((_req, res) => {
      page++;
      const link = `<http://x/>; rel="next"; results="true"; cursor="0:${page}:0"`;
      sendJson(res, 200, page === 1 ? [new SentryIssueBuilder().build()] : [], { link });
    });
    const groups = await sentryClient(plain.origin, { project: '42' }).issues({ statsPeriod: '1h' });
    assert.equal(groups.length, 1);
    assert.equal(plain.requests.length, 2);
  });

  it('reads the latest event with frames, and answers a second call from the cache', async () => {
    const issue = new SentryIssueBuilder('TypeError: x is undefined').frames(
      sentryFrame({ filename: '/app/node_modules/express/lib/router/layer.js', function: 'Layer.handle', lineNo: 95 }),
      sentryFrame({ filename: '/app/src/orders.ts', function: 'createOrder', lineNo: 42, colNo: 17 }),
    );
    server = await startSentry([issue]);
    const client = sentryClient(server.url);
    const event = await client.latestEvent(issue.id);
    assert.deepEqual(event.frames.map((f) => [f.deployedPath, f.line, f.inApp]), [
      ['/app/node_modules/express/lib/router/layer.js', 95, false],
      ['/app/src/orders.ts', 42, true],
    ]);
    assert.equal(event.exceptionType, 'TypeError');
    const requests = server.requests.length;
    const again = await client.latestEvent(issue.id);
    assert.equal(server.requests.length, requests, 'the second call made no request');
    assert.deepEqual(again, event);
    assert.equal(server.requests.at(-1)!.path, `/api/0/organizations/acme/issues/${issue.id}/events/latest/`);
  });

  it('refetches the latest event when lastSeen moves or the entry expires, and shares concurrent fetches', async () => {
    const issue = new SentryIssueBuilder().frames(sentryFrame({ filename: '/app/src/a.ts', lineNo: 1 }));
    server = await startSentry([issue]);
    let now = NOW;
    const client = sentryClient(server.url, { now: () => now, latestEventTtlMs: 60_000 });
    const count = () => server!.requests.filter((r) => r.route === 'sentry.latestEvent').length;
    await Promise.all([client.latestEvent(issue.id), client.latestEvent(issue.id)]);
    assert.equal(count(), 1);
    now += 61_000;
    await client.latestEvent(issue.id);
    assert.equal(count(), 2, 'expired after the TTL');
    await client.latestEvent(issue.id, undefined, { lastSeen: '2026-01-01T11:59:00Z' });
    assert.equal(count(), 3, 'a known lastSeen replaces an entry fetched without one');
    now += 10 * 60_000;
    await client.latestEvent(issue.id, undefined, { lastSeen: '2026-01-01T11:59:00Z' });
    assert.equal(count(), 3, 'same lastSeen: same latest event, whatever its age');
    await client.latestEvent(issue.id, undefined, { lastSeen: '2026-01-01T12:05:00Z' });
    assert.equal(count(), 4);
  });

  it('keeps at most latestEventCacheSize latest events, the least recently used going first', async () => {
    const issues = ['a', 'b', 'c'].map((f) => new SentryIssueBuilder(`Error in ${f}`).frames(sentryFrame({ filename: `/app/src/${f}.ts`, lineNo: 1 })));
    server = await startSentry(issues);
    const client = sentryClient(server.url, { latestEventCacheSize: 2 });
    const fetched = () => server!.requests.filter((r) => r.route === 'sentry.latestEvent').map((r) => r.path.split('/')[6]);
    const [a, b, c] = issues.map((i) => i.id);
    await client.latestEvent(a);
    await client.latestEvent(b);
    await client.latestEvent(a); // a is now the most recently used
    await client.latestEvent(c); // evicts b
    await client.latestEvent(a);
    await client.latestEvent(b);
    assert.deepEqual(fetched(), [a, b, c, b]);
  });

  it('does not cache a failed latest-event fetch', async () => {
    const issue = new SentryIssueBuilder();
    server = await startSentry([issue]);
    server.setFailure('sentry.latestEvent', 'serverError', { times: 1 });
    const client = sentryClient(server.url);
    await rejectsWithKind(client.latestEvent(issue.id), 'badResponse');
    const event = await client.latestEvent(issue.id);
    assert.equal(event.exceptionType, 'TypeError');
  });

  it('maps releases to deploys for the project', async () => {
    const releases = [
      new SentryReleaseBuilder('1.4.2').created('2026-01-01T08:00:00Z').deployed('production', '2026-01-01T08:20:00Z'),
      new SentryReleaseBuilder('1.4.1').created('2025-12-31T08:00:00Z'),
    ];
    server = await startReplayServer({ sentry: sentryFixture({ token: TOKEN, releases }), now: () => NOW });
    const deploys = await sentryClient(server.url).releases();
    assert.deepEqual(deploys, [
      { version: '1.4.2', environment: 'production', finishedAt: '2026-01-01T08:20:00Z', source: 'sentry', createdAt: '2026-01-01T08:00:00Z' },
      { version: '1.4.1', finishedAt: '2025-12-31T08:00:00Z', source: 'sentry', createdAt: '2025-12-31T08:00:00Z' },
    ]);
    assert.equal(server.requests.at(-1)!.query.get('project'), '42');
  });

  it('probe: one authenticated GET of the project details, by slug or by id, under a path prefix', async () => {
    server = await startSentry([]);
    await sentryClient(`${server.url}/sentry`).probe();
    await sentryClient(server.url, { project: '42' }).probe();
    assert.deepEqual(server.requests.map((r) => [r.route, r.path, r.headers.authorization]), [
      ['sentry.project', '/sentry/api/0/projects/acme/checkout/', `Bearer ${TOKEN}`],
      ['sentry.project', '/api/0/projects/acme/42/', `Bearer ${TOKEN}`],
    ]);
  });

  it('probe: a 502 page from a proxy fails at once, never retried; a wrong project is notFound', async () => {
    server = await startSentry([]);
    server.setFailure('sentry.project', 'htmlPage');
    await rejectsWithKind(sentryClient(server.url).probe(), 'badResponse');
    assert.equal(server.requests.length, 1, 'the client retries a 502 twice elsewhere; the probe sends one request');
    server.setFailure('sentry.project', null);
    await rejectsWithKind(sentryClient(server.url, { project: 'nope' }).probe(), 'notFound');
  });

  it('gives a config error, and sends nothing, when no token is set', async () => {
    server = await startSentry([]);
    await rejectsWithKind(sentryClient(server.url, { getAuthHeader: () => undefined }).issues({ statsPeriod: '1h' }), 'config');
    assert.equal(server.requests.length, 0);
  });
});
