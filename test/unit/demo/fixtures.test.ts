// The demo's Sentry fixture tells the story the metrics tell: the TypeError that started with the deploy shows
// in the issue's hourly counts, including the current hour, whatever the time of day the demo starts.
import * as assert from 'node:assert/strict';
import { sentryDemoFixture } from '../../../src/demo/fixtures';
import { Story } from '../../../src/demo/story';

const HOUR = 3600;

function typeErrorStats(startS: number): { count: number; points: [number, number][] } {
  const story = new Story(startS);
  const fixture = sentryDemoFixture(story, startS);
  const issue = fixture.issues.find((i) => String(i.title).startsWith('TypeError')) as { count: string; stats: Record<string, [number, number][]> };
  assert.ok(issue, 'the demo has its TypeError issue');
  return { count: Number(issue.count), points: Object.values(issue.stats)[0] };
}

describe('demo/fixtures: the TypeError sparkline', () => {
  // Started 50 min past the hour: the deploy (in the last hour) falls inside the current hour; 10 min past the
  // hour: it falls in the hour before.
  for (const minutesPast of [50, 10]) {
    it(`starting ${minutesPast} min past the hour, 24 hourly buckets, the last one the current hour, hold every error since the deploy`, () => {
      const startS = 1_767_225_600 + 12 * HOUR + minutesPast * 60;
      const { count, points } = typeErrorStats(startS);
      assert.equal(points.length, 24);
      assert.equal(points[23][0], Math.floor(startS / HOUR) * HOUR, 'the last bucket starts at the current hour');
      assert.equal(points[0][0], points[23][0] - 23 * HOUR);
      assert.ok(count > 0);
      const lastTwo = points[22][1] + points[23][1];
      assert.ok(lastTwo >= count, `the last two buckets (${lastTwo}) hold the ${count} errors since the deploy`);
      const before = points.slice(0, 22).reduce((n, p) => n + p[1], 0) / 22;
      assert.ok(points[23][1] > before, `the current hour (${points[23][1]}) stands above the hours before (${before.toFixed(1)} on average)`);
    });
  }
});
