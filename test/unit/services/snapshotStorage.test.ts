import assert from 'node:assert/strict';
import type { DetectedService } from '../../../src/core/detect/services';
import type { ErrorGroup, HealthSnapshot } from '../../../src/core/model';
import { parseTimeWindow } from '../../../src/core/timeWindow';
import { RefreshService } from '../../../src/services/refreshService';
import { STORED_ERROR_GROUPS, snapshotForStorage } from '../../../src/services/snapshot';
import type { BackendSource } from '../../../src/services/sources/types';

const groups = (n: number): ErrorGroup[] => Array.from({ length: n }, (_, i) => ({ id: `g${i}`, source: 'sentry', title: `E${i}`, level: 'error', count: n - i }));
const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

describe('services/snapshot snapshotForStorage', () => {
  it('keeps a snapshot with few error groups as it is', () => {
    const snapshot = { errors: groups(10) } as HealthSnapshot;
    assert.equal(snapshotForStorage(snapshot), snapshot);
  });

  it('keeps only the most frequent groups of a service with thousands', () => {
    const snapshot = { service: 's', errors: groups(10_000), incidents: [] } as unknown as HealthSnapshot;
    const stored = snapshotForStorage(snapshot);
    assert.equal(stored.errors.length, STORED_ERROR_GROUPS);
    assert.deepEqual(stored.errors, snapshot.errors.slice(0, STORED_ERROR_GROUPS));
    assert.equal(snapshot.errors.length, 10_000, 'the snapshot shown is not cut');
  });

  it('is what the refresh service persists, while it shows every group', async () => {
    const saved: HealthSnapshot[] = [];
    const source: BackendSource = { kind: 'sentry', url: 'http://sentry.invalid', fetch: async () => ({ errors: groups(STORED_ERROR_GROUPS + 100) }) };
    const service: DetectedService = { name: 's', folders: [''], environments: [], evidence: [] };
    const refresh = new RefreshService({
      sourcesFor: () => [source],
      settings: () => ({ window: parseTimeWindow('1h')!, environment: 'production' }),
      store: { load: async () => undefined, save: async (s) => void saved.push(s) },
      log: quiet,
    });
    const shown = await refresh.refresh(service);
    refresh.dispose();
    assert.equal(shown.errors.length, STORED_ERROR_GROUPS + 100);
    assert.equal(saved.length, 1);
    assert.equal(saved[0].errors.length, STORED_ERROR_GROUPS);
    assert.equal(saved[0].errors[0].id, 'g0');
  });
});
