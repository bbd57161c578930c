// What surfaces say about a translated line and a group's suspects, and the deploys the suspects lean on:
// the previous deploy of the environment, the deploy an error started under. Untrusted commit text stays one
// printable line in the terminal.
import * as assert from 'node:assert/strict';
import { renderStatusText } from '../../../src/cli/status';
import type { Deploy, ErrorGroup, HealthSnapshot, LocationVersion } from '../../../src/core/model';
import { deployBefore, deployStartText, locationVersionText, previousDeploy, removedText, suspectTextLines } from '../../../src/core/versions/versionText';

const v = (over: Partial<LocationVersion>): LocationVersion => ({ version: '2.14.0', deployedLine: 19, deployedFile: 'src/orders.ts', status: 'translated', ...over });

const deploys: Deploy[] = [
  { version: 'api@2.13.2', environment: 'production', finishedAt: '2026-01-05T10:00:00Z', source: 'sentry' },
  { version: 'api@2.14.0', environment: 'staging', finishedAt: '2026-01-07T08:00:00Z', source: 'sentry' },
  { version: 'api@2.14.0', environment: 'production', finishedAt: '2026-01-07T09:00:00Z', source: 'sentry', commit: 'abc1234def' },
];

describe('core/versions versionText', () => {
  it('a line\'s note: nothing for the same line, production\'s line when moved or changed, the reason when unverified', () => {
    assert.equal(locationVersionText(undefined), undefined);
    assert.equal(locationVersionText(v({ state: 'same' })), undefined);
    assert.equal(locationVersionText(v({ state: 'moved' })), 'line 19 in 2.14.0, moved');
    assert.equal(locationVersionText(v({ state: 'changed' })), 'changed since 2.14.0, line 19 there');
    assert.equal(locationVersionText(v({ status: 'unverified', reason: 'tag v2.14.0 is not fetched: run `git fetch --tags origin`' })), 'version not verified: tag v2.14.0 is not fetched: run `git fetch --tags origin`');
    assert.equal(locationVersionText(v({ status: 'pending' })), 'line 19 in 2.14.0, not yet translated to the working copy');
    assert.equal(removedText({ version: '2.14.0', commit: 'abc', file: 'services/api/src/orders.ts', line: 19 }), 'code removed since 2.14.0 (was orders.ts:19)');
  });

  it('the previous deploy of the same environment, and the deploy an error started under', () => {
    assert.equal(previousDeploy(deploys, 'production', '2.14.0')?.version, 'api@2.13.2');
    assert.equal(previousDeploy(deploys, 'production', '2.13.2'), undefined);
    assert.equal(previousDeploy(deploys, 'production', '9.9.9'), undefined);
    assert.deepEqual(deployBefore(deploys, 'production', '2026-01-07T09:03:20Z'), { deploy: deploys[2], minutesAfter: 3 });
    assert.deepEqual(deployBefore(deploys, 'production', '2026-01-06T00:00:00Z'), { deploy: deploys[0], minutesAfter: 14 * 60 });
    assert.equal(deployBefore(deploys, 'production', '2026-01-01T00:00:00Z'), undefined);
    assert.equal(deployBefore(deploys, 'production', undefined), undefined);
    assert.equal(deployStartText({ version: '2.14.0', at: '…', minutesAfter: 3, commit: 'abc1234def' }), 'errors started 3 min after deploy 2.14.0 (commit abc1234)');
    assert.equal(deployStartText({ version: '2.14.0', at: '…', minutesAfter: 0 }), 'errors started within a minute of deploy 2.14.0');
    assert.equal(deployStartText({ version: '2.14.0', at: '…', minutesAfter: 5 * 60 }), 'errors started 5 h after deploy 2.14.0');
  });

  it('suspect lines: the likeliest commit and how many more; "no commit" only when git was asked', () => {
    const commit = { sha: 'f'.repeat(40), shortSha: 'fffffff', author: 'Sam', time: Date.parse('2026-01-06T15:42:00Z'), subject: 'drop the guard' };
    assert.deepEqual(suspectTextLines({ version: '2.14.0', previousVersion: '2.13.2', commits: [commit, commit], asked: { scope: 'line', startLine: 19, endLine: 19 } }), ['suspect commit fffffff "drop the guard" by Sam, 2026-01-06 (changed this line between 2.13.2 and 2.14.0; 1 more)']);
    assert.deepEqual(suspectTextLines({ version: '2.14.0', commits: [], asked: { scope: 'function', startLine: 10, endLine: 30 } }), ['no commit up to 2.14.0 changed this function']);
    assert.deepEqual(suspectTextLines({ version: '2.14.0', commits: [], reason: 'tag v2.14.0 is not fetched' }), []);
  });

  it('status text: hostile commit text stays one printable line', () => {
    const group: ErrorGroup = {
      id: '1', source: 'sentry', title: 'TypeError', level: 'error', count: 3,
      location: { file: 'src/orders.ts', line: 24, confidence: 'exact', reason: 'test', version: v({ state: 'moved' }) },
      suspects: { version: '2.14.0', commits: [{ sha: 'f'.repeat(40), shortSha: 'fffffff', author: 'Eve\u001b[31m', time: 0, subject: 'fix\n  ✖ 999× forged line\u202e' }], asked: { scope: 'line', startLine: 19, endLine: 19 } },
    };
    const snapshot: HealthSnapshot = { service: 'api', window: '1h', fetchedAt: 0, status: 'ok', statusReasons: [], current: { latency: {} }, series: {}, routes: [], errors: [group], incidents: [], deploys: [], backends: [], stale: false };
    const out = renderStatusText([snapshot], 0);
    assert.ok(out.includes('→ src/orders.ts:24 (line 19 in 2.14.0, moved)'), out);
    const suspect = out.split('\n').filter((l) => l.includes('suspect commit'));
    assert.equal(suspect.length, 1, out);
    assert.ok(!out.includes('\u001b') && !out.includes('\u202e'), 'no escape or bidi control reaches the terminal');
    assert.equal(out.split('\n').filter((l) => l.includes('forged')).length, 1);
  });
});
