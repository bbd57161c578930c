import assert from 'node:assert/strict';
import { parseIssue, parseLatestEvent, parseReleases } from '../../../../src/backends/sentry/parse';
import { SentryIssueBuilder, SentryReleaseBuilder } from '../../../../src/demo/replay/sentryBuilders';

describe('sentry parsing: version evidence', () => {
  it('reads the release and the OpenTelemetry resource attributes of the latest event', () => {
    const issue = new SentryIssueBuilder()
      .release('checkout-api@2.14.0+abc1234')
      .seen('2026-01-01T09:00:00Z', '2026-01-01T11:00:00Z')
      .otelResource({ 'service.version': '2.14.0', 'vcs.ref.head.revision': 'abc1234def', 'vcs.repository.ref.revision': 'abc1234def' });
    const event = parseLatestEvent(issue.buildLatestEvent());
    assert.equal(event.release, 'checkout-api@2.14.0+abc1234');
    assert.deepEqual(event.versionEvidence, [
      { source: 'sentry-event', field: 'release', value: 'checkout-api@2.14.0+abc1234', kind: 'version', at: '2026-01-01T11:00:00Z' },
      { source: 'otel-resource', field: 'contexts.otel.resource.service.version', value: '2.14.0', kind: 'version', at: '2026-01-01T11:00:00Z' },
      // The older attribute says the same commit: one claim, not two.
      { source: 'otel-resource', field: 'contexts.otel.resource.vcs.ref.head.revision', value: 'abc1234def', kind: 'revision', at: '2026-01-01T11:00:00Z' },
    ]);
  });

  it('reads OpenTelemetry attributes copied into tags, and an event with no version says nothing', () => {
    const body = new SentryIssueBuilder().buildLatestEvent();
    assert.equal(parseLatestEvent(body).versionEvidence, undefined);
    (body.tags as unknown[]).push({ key: 'vcs.repository.ref.revision', value: '0123abcd' });
    assert.deepEqual(parseLatestEvent(body).versionEvidence?.map((e) => [e.field, e.kind]), [['tags.vcs.repository.ref.revision', 'revision']]);
  });

  it('takes firstRelease and lastRelease from the issue details, and none from the list item', () => {
    const issue = new SentryIssueBuilder();
    const details = issue.buildDetails(new SentryReleaseBuilder('checkout-api@2.13.2'), new SentryReleaseBuilder('checkout-api@2.14.0'));
    const group = parseIssue(details, '24h');
    assert.equal(group.firstRelease, 'checkout-api@2.13.2');
    assert.equal(group.lastRelease, 'checkout-api@2.14.0');
    const listed = parseIssue(issue.build(), '24h');
    assert.equal(listed.firstRelease, undefined);
    assert.equal(listed.lastRelease, undefined);
  });

  it('keeps a release\'s dates, last commit and ref on its deploy', () => {
    const [deploy] = parseReleases([
      new SentryReleaseBuilder('checkout-api@2.14.0+abc1234')
        .created('2026-01-01T08:00:00Z')
        .released('2026-01-01T08:05:00Z')
        .deployed('production', '2026-01-01T08:10:00Z')
        .ref('abc1234')
        .commits(4, { id: 'abc1234abc1234abc1234abc1234abc1234abc12', message: 'orders: apply loyalty discount', dateCreated: '2026-01-01T07:00:00Z', author: 'Dana Whitfield' })
        .build(),
    ]);
    assert.deepEqual(deploy, {
      version: 'checkout-api@2.14.0+abc1234', environment: 'production', finishedAt: '2026-01-01T08:10:00Z', source: 'sentry',
      createdAt: '2026-01-01T08:00:00Z', releasedAt: '2026-01-01T08:05:00Z', commit: 'abc1234abc1234abc1234abc1234abc1234abc12', ref: 'abc1234',
    });
  });

  it('drops a last commit or ref that git could not take', () => {
    const raw = new SentryReleaseBuilder('1.0.0').ref('--upload-pack=/tmp/x').commits(1, { id: 'not a sha; rm -rf', message: 'x', dateCreated: '2026-01-01T00:00:00Z', author: 'x' }).build();
    const [deploy] = parseReleases([raw]);
    assert.equal(deploy.commit, undefined);
    assert.equal(deploy.ref, undefined);
  });
});
