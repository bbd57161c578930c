import * as assert from 'node:assert/strict';
import { createLogger, scrubSecrets } from '../../../src/core/log';

describe('core/log: secrets never reach the log', () => {
  const secrets: [string, string][] = [
    ['Authorization: Bearer sntrys_abcdef123456', 'sntrys_abcdef123456'],
    ['header Token token=u+pdKey_9876', 'u+pdKey_9876'],
    ['{"apiKey":"dd-secret-value"}', 'dd-secret-value'],
    ['GET https://admin:hunter22@prom.example.com/api', 'hunter22'],
    ['token=abc.def.ghi&x=1', 'abc.def.ghi'],
    ['Authorization: ApiKey c2VjcmV0LWFwaS1rZXk=', 'c2VjcmV0LWFwaS1rZXk='],
    ['Authorization: SSWS 00abcDEFghiJKL', '00abcDEFghiJKL'],
    ['retrying with token sntrys_eyJpYXQiOjE3MDAwMDAwMDB9_abc', 'eyJpYXQiOjE3MDAwMDAwMDB9_abc'],
    ['pasted sntryu_0123456789abcdef into the wrong box', '0123456789abcdef'],
    ['grafana glsa_AbCdEf0123456789_deadbeef', 'AbCdEf0123456789_deadbeef'],
    ['New Relic key NRAK-ABCDEFGHIJ0123456789', 'ABCDEFGHIJ0123456789'],
  ];
  for (const [line, secret] of secrets) {
    it(`scrubs ${line.slice(0, 30)}…`, () => {
      const out = scrubSecrets(line);
      assert.ok(!out.includes(secret), out);
      assert.ok(out.includes('***'), out);
    });
  }

  it('leaves ordinary words alone', () => {
    for (const line of ['Token refused by Sentry', 'set an ApiKey', 'Basic', 'sntrys_ is the prefix of org tokens']) assert.equal(scrubSecrets(line), line);
  });

  it('applies the level and scrubs arguments too', () => {
    const lines: string[] = [];
    const log = createLogger((level, line) => lines.push(`${level}:${line}`), () => 'warn');
    log.info('hidden');
    log.warn('failed', new Error('Bearer abcdefgh rejected'), { password: 'p4ss' });
    assert.deepEqual(lines, ['warn:failed Bearer *** rejected {"password":"***"}']);
  });
});
