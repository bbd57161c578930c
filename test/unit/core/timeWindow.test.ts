import * as assert from 'node:assert/strict';
import { parseTimeWindow, stepFor, windowBounds } from '../../../src/core/timeWindow';

describe('core/timeWindow', () => {
  it('parses the supported labels only', () => {
    assert.deepEqual(parseTimeWindow('15m'), { label: '15m', seconds: 900 });
    assert.deepEqual(parseTimeWindow('7d'), { label: '7d', seconds: 604800 });
    assert.equal(parseTimeWindow('2h'), undefined);
    assert.equal(parseTimeWindow('1h; drop'), undefined);
  });

  it('gives the window and the previous one of equal length', () => {
    const w = parseTimeWindow('1h')!;
    assert.deepEqual(windowBounds(w, 7_200_500), { start: 3600, end: 7200, previousStart: 0 });
    assert.equal(stepFor(w), 60);
    assert.equal(stepFor(parseTimeWindow('15m')!, 1000), 1);
  });
});
