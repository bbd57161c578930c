// The signal mapper on a small workspace: groups with frames land on their line, groups without frames are
// kept as they came (a large service has thousands) and still explain themselves, stale mappings are cleared,
// and a route's location is the same object from one refresh to the next.
import * as assert from 'node:assert/strict';
import { FileIndex } from '../../../src/core/mapping';
import { groupMapping } from '../../../src/core/mapping/groupMapping';
import type { ErrorGroup, HealthSnapshot, RouteMetrics } from '../../../src/core/model';
import type { RouteDefinition } from '../../../src/core/mapping';
import { mapErrorGroup, mappingStats, mapSnapshot } from '../../../src/services/signalMapper';

const index = new FileIndex(['services/api/src/orders.ts', 'services/api/src/cart.ts', 'README.md']);
const ctx = { index, pathMappings: [], preferFolders: ['services/api'] };

const frameless: ErrorGroup = { id: 'g1', source: 'sentry', title: 'Error: timeout', level: 'error', count: 12 };
const withFrames: ErrorGroup = {
  id: 'g2', source: 'sentry', title: 'TypeError: x', level: 'error', count: 3,
  frames: [
    { deployedPath: '/app/node_modules/express/lib/router/layer.js', line: 95, inApp: false },
    { deployedPath: '/app/src/orders.ts', function: 'createOrder', line: 42, inApp: true },
  ],
};

describe('services/signalMapper', () => {
  it('a group without frames is kept as it came, and explains itself through groupMapping', () => {
    const mapped = mapErrorGroup(frameless, ctx);
    assert.equal(mapped, frameless, 'no copy');
    assert.equal(mapped.location, undefined);
    assert.equal(groupMapping(mapped)?.unmapped, 'nolocation');
    assert.equal(groupMapping(mapped)?.explanation, 'Sentry sent no stack trace for this error yet.');
  });

  it('a frameless group that still carries an earlier mapping is cleared, on a copy', () => {
    const stale: ErrorGroup = { ...frameless, location: { file: 'services/api/src/cart.ts', line: 3, confidence: 'high', reason: 'old' }, mapping: { location: null, unmapped: 'nomatch' } };
    const mapped = mapErrorGroup(stale, ctx);
    assert.notEqual(mapped, stale);
    assert.equal(mapped.location, undefined);
    assert.equal(groupMapping(mapped)?.unmapped, 'nolocation');
    assert.ok(stale.location, 'the input is not modified');
  });

  it('a group with frames lands on its crash frame, and mappingStats counts both kinds', () => {
    const mapped = mapErrorGroup(withFrames, ctx);
    assert.equal(`${mapped.location?.file}:${mapped.location?.line}`, 'services/api/src/orders.ts:42');
    assert.equal(mapped.frameMappings?.length, 2);
    assert.equal(groupMapping(mapped), mapped.mapping);
    const snapshot = { errors: [mapped, mapErrorGroup(frameless, ctx)], routes: [] } as unknown as HealthSnapshot;
    const stats = mappingStats(snapshot);
    assert.equal(stats.groupsMapped, 1);
    assert.deepEqual(stats.groupsUnmapped, [{ title: 'Error: timeout', reason: 'Sentry sent no stack trace for this error yet.' }]);
  });

  it('a route keeps the same location object from one refresh to the next (its matcher remembers the answer)', () => {
    const defs: RouteDefinition[] = [{ framework: 'express', method: 'GET', path: '/orders/:id', file: 'services/api/src/orders.ts', line: 7 }];
    const route: RouteMetrics = { kind: 'route', name: '/orders/:id', method: 'GET', throughput: 1, latency: {} };
    const snapshot = { errors: [], incidents: [], routes: [route] } as unknown as HealthSnapshot;
    const inputs = { index, folders: ['services/api'], pathMappings: [], routes: defs };
    const first = mapSnapshot(snapshot, inputs).routes[0];
    const second = mapSnapshot(snapshot, inputs).routes[0];
    assert.equal(`${first.location?.file}:${first.location?.line}`, 'services/api/src/orders.ts:7');
    assert.equal(second.location, first.location);
    assert.notEqual(first, route, 'the metrics row is copied, not changed');
    assert.equal(route.location, undefined);
  });
});
