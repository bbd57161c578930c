import * as assert from 'node:assert/strict';
import { createLogger, scrubSecrets } from '../../../src/core/log';

describe('core/log: secrets never reach the log', () => {
  const secrets: [string, string][] = [
    ['Authorization: Bearer sntrys_abcdef123456', 'sntrys_abcdef123456'],
    ['header Token token=u+pdKey_9876', 'u+pdKey_9876'],
    ['{"apiKey":"dd-secret-value"}', 'dd-secret-value'],
    ['GET https://admin:hunter22@prom.example.com/api', 'hunter22'],
    ['token=abc.def.ghi&x=1', 'abc.def.ghi'],
  ];
  for (const [line, secret] of secrets) {
    it(`scrubs ${line.slice(0, 30)}…`, () => {
      const out = scrubSecrets(line);
      assert.ok(!out.includes(secret), out);
      assert.ok(out.includes('***'), out);
    });
  }

  it('applies the level and scrubs arguments too', () => {
    const lines: string[] = [];
    const log = createLogger((level, line) => lines.push(`${level}:${line}`), () => 'warn');
    log.info('hidden');
    log.warn('failed', new Error('Bearer abcdefgh rejected'), { password: 'p4ss' });
    assert.deepEqual(lines, ['warn:failed Bearer *** rejected {"password":"***"}']);
  });
});
