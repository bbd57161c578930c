import assert from 'node:assert/strict';
import type { VersionEvidence } from '../../../src/core/model';
import { buildSnapshot, partKey, partsFromSnapshot } from '../../../src/services/snapshot';

const claim: VersionEvidence = { source: 'prometheus-build-info', field: 'checkout_api_build_info{version}', value: '2.14.0', kind: 'version' };

describe('services/snapshot: build info', () => {
  it('carries Prometheus build info into the snapshot and back out of a saved one, so a restart still knows the version', () => {
    const snapshot = buildSnapshot({
      service: 'checkout-api', environment: 'production', window: '1h', windowMs: 3_600_000, now: 42,
      parts: [{ key: partKey('prometheus', 'http://p'), kind: 'prometheus', at: 40, result: { buildInfo: [claim] } }],
      backends: [{ kind: 'prometheus', url: 'http://p', state: 'ok', lastSuccess: 40 }],
    });
    assert.deepEqual(snapshot.buildInfo, [claim]);
    const [restored] = partsFromSnapshot(JSON.parse(JSON.stringify(snapshot)), [{ kind: 'prometheus', url: 'http://p' }]);
    assert.deepEqual(restored.result.buildInfo, [claim]);
  });

  it('leaves the field out when no source reports a version', () => {
    const snapshot = buildSnapshot({ service: 's', environment: 'production', window: '1h', windowMs: 3_600_000, now: 42, parts: [], backends: [] });
    assert.equal('buildInfo' in snapshot, false);
  });
});
