// Shared setup for the Sentry contract tests: a replay server with a known token and a fixed clock.
import { createHttpClient } from '../../../../src/backends/http/httpClient';
import type { HttpClientOptions } from '../../../../src/backends/http/types';
import { SentryClient } from '../../../../src/backends/sentry/sentryClient';
import type { SentryClientOptions } from '../../../../src/backends/sentry/types';
import { SentryIssueBuilder, sentryFixture } from '../../../../src/demo/replay/sentryBuilders';
import { startReplayServer, type ReplayServer } from '../../../../src/demo/replay/replayServer';

export const TOKEN = 'sntrys_eyJpYXQiOjE3NjcwMDAwMDB9_c2VjcmV0LXRva2VuLXZhbHVl';
/** 2026-01-01T12:00:00Z: a whole second, so epoch-second headers convert exactly. */
export const NOW = Date.UTC(2026, 0, 1, 12);

export function testHttp(overrides: Partial<HttpClientOptions> = {}) {
  return createHttpClient({ version: 'test', sleep: async () => {}, now: () => NOW, timeoutMs: 2_000, ...overrides });
}

export function sentryClient(baseUrl: string, overrides: Partial<SentryClientOptions> = {}): SentryClient {
  return new SentryClient({
    baseUrl,
    organization: 'acme',
    project: 'checkout',
    http: testHttp(),
    getAuthHeader: () => `Bearer ${TOKEN}`,
    now: () => NOW,
    ...overrides,
  });
}

/** `n` unresolved issues with distinct counts (issue i has count 1000 - i), plus one resolved issue. */
export function issuesByCount(n: number): SentryIssueBuilder[] {
  const issues = Array.from({ length: n }, (_, i) => new SentryIssueBuilder(`Error: failure ${i}`).count(1000 - i));
  return [...issues, new SentryIssueBuilder('Error: already fixed').count(5000).status('resolved')];
}

export async function startSentry(issues: SentryIssueBuilder[], maxPageSize?: number): Promise<ReplayServer> {
  return startReplayServer({ sentry: sentryFixture({ token: TOKEN, issues, maxPageSize }), now: () => NOW });
}
