// SentrySource against the Sentry stand-in: a refresh of many groups within Sentry's documented rate limits,
// and a refresh cut by its deadline that keeps and marks what arrived.
import assert from 'node:assert/strict';
import { setMaxListeners } from 'node:events';
import { createHttpClient } from '../../../src/backends/http/httpClient';
import { SentryClient } from '../../../src/backends/sentry/sentryClient';
import type { DetectedService } from '../../../src/core/detect/services';
import type { Logger } from '../../../src/core/log';
import { parseTimeWindow } from '../../../src/core/timeWindow';
import { startReplayServer, type ReplayServer } from '../../../src/demo/replay/replayServer';
import { SentryIssueBuilder, SentryReleaseBuilder, sentryFixture, sentryFrame } from '../../../src/demo/replay/sentryBuilders';
import { RefreshService } from '../../../src/services/refreshService';
import { FRAMES_FOR_TOP_ISSUES, SentrySource } from '../../../src/services/sources/sentrySource';

const TOKEN = 'sntrys_source_test_token_value';
const checkout: DetectedService = { name: 'checkout', folders: [''], environments: [], evidence: [] };
const quiet: Logger = { error() {}, warn() {}, info() {}, debug() {} };

/** A client on the real clock: the stand-in's rate-limit windows are real seconds. */
function realClient(url: string): SentryClient {
  // Retries answer 429s at once: any request the limits refuse shows in the server's log, never hidden by a wait.
  const http = createHttpClient({ version: 'test', timeoutMs: 5_000, sleep: async () => {} });
  return new SentryClient({ baseUrl: url, organization: 'acme', project: 'checkout', http, getAuthHeader: () => `Bearer ${TOKEN}` });
}

const issues = (n: number) =>
  Array.from({ length: n }, (_, i) => new SentryIssueBuilder(`Error: failure ${i}`).count(1000 - i).frames(sentryFrame({ filename: '/app/src/orders.ts', lineNo: 10 + i, function: `step${i}` })));

describe('SentrySource', () => {
  // Each test starts its own stand-in.
  let server: ReplayServer | undefined;
  afterEach(() => server?.stop());

  it("reads every top group's stack within Sentry's rate limits: zero 429s", async () => {
    // Tighter than sentry.io's defaults, so a refresh of 18 requests must wait for a window and learn the
    // concurrent limit (2) from the first answers, below the client's own default of 3.
    const rateLimits = { limit: 8, windowSeconds: 1, concurrentLimit: 2 };
    server = await startReplayServer({ sentry: sentryFixture({ token: TOKEN, issues: issues(FRAMES_FOR_TOP_ISSUES + 5), releases: [new SentryReleaseBuilder('1.0.0')], rateLimits }) });
    const source = new SentrySource(server.url, realClient(server.url));
    const signal = new AbortController().signal;
    // One listener per top group waiting, as under the refresh service (which raises the limit the same way).
    setMaxListeners(100, signal);
    const result = await source.fetch({ service: checkout, window: parseTimeWindow('1h')!, environment: 'production', now: Date.now(), signal, deadline: Date.now() + 30_000 });
    const refused = server.requests.filter((r) => r.status === 429);
    assert.deepEqual(refused.map((r) => r.path), []);
    const top = result.errors!.slice(0, FRAMES_FOR_TOP_ISSUES);
    assert.ok(top.every((g) => (g.frames?.length ?? 0) > 0), 'every top group has its stack');
    assert.equal(server.requests.filter((r) => r.route === 'sentry.latestEvent').length, FRAMES_FOR_TOP_ISSUES);
    assert.deepEqual(result.notes, []);
    assert.equal(result.partial, undefined);
  });

  it('the stand-in does refuse a burst over its limits, as Sentry does', async () => {
    server = await startReplayServer({ sentry: sentryFixture({ token: TOKEN, issues: issues(1), rateLimits: { limit: 100, windowSeconds: 1, concurrentLimit: 2 } }) });
    const url = `${server.url}/api/0/projects/acme/checkout/`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })));
    const refused = answers.filter((a) => a.status === 429);
    assert.ok(refused.length > 0, 'six requests at once against a concurrent limit of 2');
    assert.match(refused[0].headers.get('content-type') ?? '', /text\/html/);
    assert.deepEqual(await refused[0].json(), { detail: 'You are attempting to go above the allowed concurrency for this endpoint. Concurrency limit is 2' });
    assert.equal(refused[0].headers.get('retry-after'), null);
  });

  it('a refresh cut by its deadline keeps the issue pages that arrived and marks the backend partial', async () => {
    server = await startReplayServer({ sentry: sentryFixture({ token: TOKEN, issues: issues(10), maxPageSize: 2 }) });
    // The first three pages answer; the fourth is held past the backend's deadline.
    server.setFailure('sentry.issues', 'hang', { after: 3 });
    const refresh = new RefreshService({
      sourcesFor: () => [new SentrySource(server!.url, realClient(server!.url))],
      settings: () => ({ window: parseTimeWindow('1h')!, environment: 'production' }),
      log: quiet,
      backendDeadlineMs: 1_000,
    });
    const snapshot = await refresh.refresh(checkout, { force: true });
    refresh.dispose();
    assert.deepEqual(snapshot.errors.map((g) => g.count), [1000, 999, 998, 997, 996, 995]);
    const status = snapshot.backends.find((b) => b.kind === 'sentry');
    assert.equal(status?.state, 'ok');
    // The stacks of the six groups kept were due after the issues, by when the deadline had passed.
    assert.equal(status?.partial, "Stopped after 3 pages of issues at the 1 s refresh deadline; the least frequent issues are missing; the stacks of 6 of the top 6 issues were not read before the refresh deadline or Sentry's rate-limit reset.");
    assert.equal(server.requests.filter((r) => r.route === 'sentry.latestEvent').length, 0, 'nothing is asked after the deadline');
  });
});
