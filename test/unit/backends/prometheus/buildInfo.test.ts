import assert from 'node:assert/strict';
import { buildInfoQuery, parseBuildInfo } from '../../../../src/backends/prometheus/buildInfo';

const sample = (metric: Record<string, string>, v = 1) => ({ metric, t: 0, v });

describe('prometheus build info', () => {
  it('asks once for every build-info series of the service, by each identity label, never go_build_info', () => {
    const q = buildInfoQuery('check"out', undefined);
    assert.match(q, /^count by \(__name__, version, service_version, revision, commit, vcs_ref_head_revision, vcs_repository_ref_revision, git_commit, git_sha\) \(/);
    for (const label of ['job', 'service_name', 'service']) assert.ok(q.includes(`${label}="check\\"out"`), q);
    assert.ok(q.includes('__name__!="go_build_info"'));
    assert.equal(buildInfoQuery('x', { app: 'ledger' }).split(' or ').length, 1);
  });

  it('turns labels into claims, most series first, and makes hostile values one printable line', () => {
    const claims = parseBuildInfo([
      sample({ __name__: 'app_build_info', version: '1.0.0' }, 1),
      sample({ __name__: 'app_build_info', version: '1.1.0\u202e\nrm -rf', commit: 'abcdef1' }, 3),
      sample({ __name__: 'target_info', service_version: '' }, 2),
    ]);
    assert.deepEqual(claims, [
      { source: 'prometheus-build-info', field: 'app_build_info{version}', value: '1.1.0 rm -rf', kind: 'version' },
      { source: 'prometheus-build-info', field: 'app_build_info{commit}', value: 'abcdef1', kind: 'revision' },
      { source: 'prometheus-build-info', field: 'app_build_info{version}', value: '1.0.0', kind: 'version' },
    ]);
  });
});
