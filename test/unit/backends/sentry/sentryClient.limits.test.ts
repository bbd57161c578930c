// The Sentry client's limits: releases paged and capped, paging stopped at the refresh deadline with what
// arrived kept, requests kept within Sentry's documented rate limits, an unknown environment named.
import assert from 'node:assert/strict';
import { explainBackendError } from '../../../../src/backends/errors';
import { MAX_DEPLOYS } from '../../../../src/backends/sentry/sentryClient';
import { startReplayServer, type ReplayServer } from '../../../../src/demo/replay/replayServer';
import { SentryReleaseBuilder, sentryFixture } from '../../../../src/demo/replay/sentryBuilders';
import { rejectsWithKind } from '../assertBackendError';
import { sendJson, startTestServer, type TestServer } from '../http/testServer';
import { NOW, TOKEN, issuesByCount, sentryClient, startSentry } from './sentryContext';

/** `n` releases, one a minute, the newest last created. */
function releasesOf(n: number): SentryReleaseBuilder[] {
  return Array.from({ length: n }, (_, i) => new SentryReleaseBuilder(`1.0.${i}`).created(new Date(NOW - (n - i) * 60_000).toISOString()));
}

describe('SentryClient limits', () => {
  // Every server a test starts is stopped after it, whichever kind it is.
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });
  let server: ReplayServer;
  const replay = async (started: Promise<ReplayServer>) => {
    server = await started;
    stops.push(() => server.stop());
    return server;
  };
  const plainServer = async (started: Promise<TestServer>) => {
    const plain = await started;
    stops.push(() => plain.close());
    return plain;
  };
  const routeCount = (route: string) => server.requests.filter((r) => r.route === route).length;

  describe('releases', () => {
    it('pages releases through the Link header: all 3 at a page size of 2', async () => {
      await replay(startReplayServer({ sentry: sentryFixture({ token: TOKEN, releases: releasesOf(3), maxPageSize: 2 }), now: () => NOW }));
      const list = await sentryClient(server.url).listReleases();
      assert.deepEqual(list.items.map((d) => d.version), ['1.0.2', '1.0.1', '1.0.0']);
      assert.equal(list.capped, undefined);
      assert.equal(routeCount('sentry.releases'), 2);
      assert.equal(server.requests.find((r) => r.route === 'sentry.releases')?.query.get('per_page'), '100');
    });

    it(`keeps the ${MAX_DEPLOYS} newest and says so when there are more`, async () => {
      await replay(startReplayServer({ sentry: sentryFixture({ token: TOKEN, releases: releasesOf(MAX_DEPLOYS + 30), maxPageSize: 40 }), now: () => NOW }));
      const list = await sentryClient(server.url).listReleases();
      assert.equal(list.items.length, MAX_DEPLOYS);
      assert.equal(list.items[0].version, `1.0.${MAX_DEPLOYS + 29}`);
      assert.equal(list.capped, true);
      assert.equal(routeCount('sentry.releases'), 3, 'no page is asked for once the cap is reached');
    });

    it('caps a server that ignores per_page and sends thousands of releases on one page', async () => {
      const huge = Array.from({ length: 5000 }, (_, i) => ({ version: `v${i}`, dateCreated: new Date(NOW - i * 1000).toISOString() }));
      const plain = await plainServer(startTestServer((req, res) => {
        if (req.url?.includes('/projects/')) return sendJson(res, 200, { id: '42' });
        sendJson(res, 200, huge);
      }));
      const list = await sentryClient(plain.url).listReleases();
      assert.equal(list.items.length, MAX_DEPLOYS);
      assert.deepEqual(list.items.slice(0, 2).map((d) => d.version), ['v0', 'v1']);
      assert.equal(list.capped, true);
    });
  });

  describe('the refresh deadline', () => {
    it('stops paging issues at the deadline and keeps the pages that arrived', async () => {
      await replay(startSentry(issuesByCount(12), 2));
      // Pages 1-3 answer at once; the fourth is held until the deadline has passed.
      server.setFailure('sentry.issues', 'hang', { after: 3 });
      const list = await sentryClient(server.url).listIssues({ statsPeriod: '1h' }, undefined, Date.now() + 1_000);
      assert.deepEqual(list.items.map((g) => g.count), [1000, 999, 998, 997, 996, 995]);
      assert.match(list.partial ?? '', /^stopped after 3 pages of issues at the 1 s refresh deadline; the least frequent issues are missing$/);
      assert.equal(routeCount('sentry.issues'), 4);
    });

    it('fails as a timeout when not even the first page arrived', async () => {
      await replay(startSentry(issuesByCount(3)));
      server.setFailure('sentry.issues', 'hang');
      const err = await rejectsWithKind(sentryClient(server.url, { project: '42' }).listIssues({ statsPeriod: '1h' }, undefined, Date.now() + 300), 'timeout');
      assert.match(err.message, /no answer for the issues before the refresh deadline/);
    });

    it('stops paging releases at the deadline too', async () => {
      await replay(startReplayServer({ sentry: sentryFixture({ token: TOKEN, releases: releasesOf(5), maxPageSize: 2 }), now: () => NOW }));
      server.setFailure('sentry.releases', 'hang', { after: 1 });
      const list = await sentryClient(server.url, { project: '42' }).listReleases(undefined, Date.now() + 500);
      assert.deepEqual(list.items.map((d) => d.version), ['1.0.4', '1.0.3']);
      assert.match(list.partial ?? '', /stopped after 1 page of releases .* older deploy markers are missing/);
    });
  });

  describe('unknown environment and project', () => {
    it('the stand-in answers an unknown environment as Sentry does: a bare 404', async () => {
      await replay(startSentry(issuesByCount(1)));
      const res = await fetch(`${server.url}/api/0/organizations/acme/issues/?project=42&environment=staging`, { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 404);
      assert.deepEqual(await res.json(), { detail: 'The requested resource does not exist' });
    });

    it('names the environment, the project and the environments that exist', async () => {
      await replay(startReplayServer({ sentry: sentryFixture({ token: TOKEN, issues: issuesByCount(1), environments: ['production', 'canary'] }), now: () => NOW }));
      const err = await rejectsWithKind(sentryClient(server.url).issues({ statsPeriod: '1h', environment: 'staging' }), 'notFound');
      assert.equal(err.message, 'Sentry has no environment "staging" for project "checkout" (pick one of "production", "canary"): check --env or the prodlens.environment setting');
      const explained = explainBackendError(err, 'Sentry');
      assert.match(explained, /^Sentry has no environment "staging" for project "checkout" .*prodlens\.environment setting \(http:\/\/127\.0\.0\.1:\d+\)\.$/);
      assert.doesNotMatch(explained, /path prefix/);
      assert.equal(server.requests.find((r) => r.route === 'sentry.environments')?.path, '/api/0/projects/acme/checkout/environments/');
    });

    it('a known environment with a 404 is still the organization or project that is wrong', async () => {
      await replay(startSentry(issuesByCount(1)));
      server.setFailure('sentry.issues', 'notFound');
      const err = await rejectsWithKind(sentryClient(server.url).issues({ statsPeriod: '1h', environment: 'production' }), 'notFound');
      assert.match(err.message, /organization "acme" or project "checkout" was not found/);
    });

    it('a project slug that cannot be resolved says which slug failed, also once explained', async () => {
      await replay(startSentry(issuesByCount(1)));
      const err = await rejectsWithKind(sentryClient(server.url, { project: 'chekout' }).issues({ statsPeriod: '1h' }), 'notFound');
      assert.match(explainBackendError(err, 'Sentry'), /^Sentry has no project "chekout" in organization "acme"/);
    });
  });

  it("keeps Sentry's error id of a 500, to quote to support", async () => {
    await replay(startSentry(issuesByCount(1)));
    server.setFailure('sentry.issues', 'serverError');
    const err = await rejectsWithKind(sentryClient(server.url, { project: '42' }).issues({ statsPeriod: '1h' }), 'badResponse');
    assert.equal(err.message, 'Sentry failed with HTTP 500: Internal Error; Sentry error id 6b3ad4bf2c2e4bd5a5b1f1a1d1c1b1a1, quote it to support');
    assert.match(explainBackendError(err, 'Sentry'), /failed on its side .*Sentry error id 6b3ad4bf2c2e4bd5a5b1f1a1d1c1b1a1.*check the server's logs/);
  });
});
