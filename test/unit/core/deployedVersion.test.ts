import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Deploy, ErrorGroup, VersionEvidence } from '../../../src/core/model';
import { deployedLine, deployedVersion } from '../../../src/core/versions/deployedVersion';
import { candidateRefs, isSafeRefName, parseReleaseName, sameVersion } from '../../../src/core/versions/deployedVersionRefs';

const deploy = (version: string, finishedAt: string, extra: Partial<Deploy> = {}): Deploy => ({ version, finishedAt, source: 'sentry', environment: 'production', ...extra });
const group = (id: string, release: string | undefined, extra: Partial<ErrorGroup> = {}): ErrorGroup => ({
  id, source: 'sentry', title: 'TypeError', level: 'error', count: 3, lastSeen: '2026-01-01T12:00:00Z', ...(release ? { release } : {}), ...extra,
});
const buildInfo = (field: string, value: string, kind: VersionEvidence['kind'] = 'version'): VersionEvidence => ({ source: 'prometheus-build-info', field, value, kind });

describe('deployed version: release names', () => {
  it('takes package@version+build apart, keeping a scoped package whole', () => {
    assert.deepEqual(parseReleaseName('checkout-api@2.14.0+abc1234'), { raw: 'checkout-api@2.14.0+abc1234', package: 'checkout-api', version: '2.14.0', build: 'abc1234' });
    assert.deepEqual(parseReleaseName('@acme/web@1.2.3'), { raw: '@acme/web@1.2.3', package: '@acme/web', version: '1.2.3' });
    assert.deepEqual(parseReleaseName('2.14.0'), { raw: '2.14.0', version: '2.14.0' });
    assert.deepEqual(parseReleaseName('0f3c9a1e'), { raw: '0f3c9a1e', version: '0f3c9a1e' });
  });

  it('treats v2.14.0, 2.14.0 and checkout-api@2.14.0+abc as the same version', () => {
    assert.ok(sameVersion('v2.14.0', 'checkout-api@2.14.0+abc1234'));
    assert.ok(!sameVersion('2.14.0', '2.13.2'));
  });

  it('the version read back from any package@version+build is the version put in (property)', () => {
    const part = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,12}$/);
    fc.assert(fc.property(part, part, fc.option(fc.stringMatching(/^[0-9a-f]{7,12}$/), { nil: undefined }), (pkg, version, build) => {
      const name = parseReleaseName(`${pkg}@${version}${build ? `+${build}` : ''}`);
      assert.equal(name.package, pkg);
      assert.equal(name.version, version);
      assert.equal(name.build, build);
    }));
  });
});

describe('deployed version: candidate refs', () => {
  it('puts the rule first, then tag patterns, then a commit-looking build', () => {
    const refs = candidateRefs({ service: 'checkout-api', release: 'checkout-api@2.14.0+abc1234', rule: { ref: ['release/{version}'] } });
    assert.deepEqual(refs.map((r) => r.ref), ['release/2.14.0', 'v2.14.0', '2.14.0', 'checkout-api@2.14.0', 'checkout-api@2.14.0+abc1234', 'abc1234']);
    assert.equal(refs[refs.length - 1].kind, 'commit');
  });

  it('with the "commit" rule, the version itself is the first candidate, as a commit', () => {
    const refs = candidateRefs({ service: 'api', release: '0f3c9a1e2b', rule: { ref: ['commit'] } });
    assert.deepEqual(refs[0], { ref: '0f3c9a1e2b', kind: 'commit', how: '.prodlens.json: the version is the commit' });
  });

  it('never hands git a ref that could read as an option or break out of a ref name (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 20 }), (release, service) => {
      for (const r of candidateRefs({ service, release, rule: { ref: ['{service}/{version}', 'commit'] } })) {
        assert.ok(isSafeRefName(r.ref), r.ref);
        assert.ok(!r.ref.startsWith('-'));
        assert.ok(!/\s/.test(r.ref));
      }
    }));
  });

  it('refuses hostile refs', () => {
    for (const bad of ['--output=/tmp/x', 'a..b', 'v1 2', 'x\n', 'a:b', 'HEAD@{1}', '.hidden', 'a/.b', 'x.lock', '']) assert.ok(!isSafeRefName(bad), bad);
    assert.ok(isSafeRefName('checkout-api@2.14.0'));
  });
});

describe('deployed version: per service', () => {
  it('takes the newest deploy to the environment, with its evidence and the line the CLI prints', () => {
    const report = deployedVersion({
      service: 'checkout-api', environment: 'production',
      deploys: [deploy('checkout-api@2.14.0+abc1234', '2026-01-01T10:00:00Z'), deploy('checkout-api@2.13.2', '2025-12-31T09:00:00Z')],
      errors: [group('5001', 'checkout-api@2.14.0+abc1234')],
    });
    assert.equal(report.service?.version, '2.14.0');
    assert.equal(report.service?.refs[0].ref, 'v2.14.0');
    assert.deepEqual(report.service?.conflicts, []);
    assert.deepEqual(report.groups, []);
    assert.equal(deployedLine(report.service), 'deployed 2.14.0 (Sentry release checkout-api@2.14.0+abc1234)');
  });

  it('ignores a deploy to another environment', () => {
    const report = deployedVersion({ service: 's', environment: 'production', deploys: [deploy('3.0.0', '2026-01-02T00:00:00Z', { environment: 'staging' }), deploy('2.0.0', '2026-01-01T00:00:00Z')], errors: [] });
    assert.equal(report.service?.version, '2.0.0');
  });

  it('prefers build info over the deploy and reports their disagreement', () => {
    const report = deployedVersion({
      service: 'checkout-api', environment: 'production',
      deploys: [deploy('checkout-api@2.14.0', '2026-01-01T10:00:00Z')], errors: [],
      buildInfo: [buildInfo('checkout_api_build_info{version}', '2.14.1')],
    });
    assert.equal(report.service?.version, '2.14.1');
    assert.deepEqual(report.service?.conflicts, ['Sentry release checkout-api@2.14.0 disagrees with Prometheus build info checkout_api_build_info{version}=2.14.1']);
    assert.equal(report.service?.evidence.length, 2);
  });

  it('puts a reported revision before the tag guesses and flags a build that contradicts it', () => {
    const report = deployedVersion({
      service: 'checkout-api', deploys: [deploy('checkout-api@2.14.0+abc1234', '2026-01-01T10:00:00Z')], errors: [],
      buildInfo: [buildInfo('target_info{vcs_ref_head_revision}', 'def5678def5678', 'revision')],
    });
    assert.equal(report.service?.revision, 'def5678def5678');
    assert.deepEqual(report.service?.refs.slice(0, 2).map((r) => r.ref), ['def5678def5678', 'v2.14.0']);
    assert.equal(report.service?.conflicts.length, 1);
    assert.match(report.service.conflicts[0], /built from abc1234/);
  });

  it('with only a revision, the commit is the only ref', () => {
    const report = deployedVersion({ service: 's', deploys: [], errors: [], buildInfo: [buildInfo('app_build_info{revision}', '0123456789abcdef', 'revision')] });
    assert.deepEqual(report.service?.refs.map((r) => r.ref), ['0123456789abcdef']);
  });

  it('falls back to the most recent error event, and says nothing without any claim', () => {
    const report = deployedVersion({ service: 's', deploys: [], errors: [group('1', 'api@1.0.0', { lastSeen: '2026-01-01T00:00:00Z' }), group('2', 'api@1.1.0', { lastSeen: '2026-01-02T00:00:00Z' })] });
    assert.equal(report.service?.version, '1.1.0');
    assert.deepEqual(report.groups.map((g) => [g.groupId, g.version]), [['1', '1.0.0']]);
    assert.deepEqual(deployedVersion({ service: 's', deploys: [], errors: [group('1', undefined)] }), { groups: [] });
  });
});

describe('deployed version: per error group', () => {
  it('lists a group whose events come from an older version, and one seen across two releases', () => {
    const report = deployedVersion({
      service: 'checkout-api', environment: 'production',
      deploys: [deploy('checkout-api@2.14.0', '2026-01-01T10:00:00Z')],
      errors: [
        group('old', 'checkout-api@2.13.2'),
        group('both', 'checkout-api@2.14.0', { firstRelease: 'checkout-api@2.13.2', lastRelease: 'checkout-api@2.14.0' }),
        group('same', 'checkout-api@2.14.0'),
      ],
    });
    assert.deepEqual(report.groups.map((g) => [g.groupId, g.version, g.seenIn]), [
      ['old', '2.13.2', undefined],
      ['both', '2.14.0', ['checkout-api@2.13.2', 'checkout-api@2.14.0']],
    ]);
    assert.equal(report.groups[0].refs[0].ref, 'v2.13.2');
  });

  it('uses the OpenTelemetry revision an event carries', () => {
    const report = deployedVersion({
      service: 's', deploys: [deploy('2.0.0', '2026-01-01T00:00:00Z')],
      errors: [group('g', undefined, { versionEvidence: [{ source: 'otel-resource', field: 'contexts.otel.resource.vcs.ref.head.revision', value: 'aaaaaaa1', kind: 'revision' }] })],
    });
    assert.deepEqual(report.groups.map((g) => [g.groupId, g.refs.map((r) => r.ref)]), [['g', ['aaaaaaa1']]]);
  });
});
