import assert from 'node:assert/strict';
import { isLoopbackHost, isRecord } from '../../../src/core/guards';
import { BACKEND_LABEL, backendLabel, routeKey } from '../../../src/core/labels';

describe('core vocabulary: labels and guards shared by every layer', () => {
  it('backendLabel: the display name of each kind, and an unknown kind as it is', () => {
    assert.deepEqual(BACKEND_LABEL, { prometheus: 'Prometheus', alertmanager: 'Alertmanager', sentry: 'Sentry', pagerduty: 'PagerDuty' });
    assert.equal(backendLabel('pagerduty'), 'PagerDuty');
    assert.equal(backendLabel('grafana'), 'grafana');
  });

  it('backendLabel: a kind named like an Object member is shown as itself, not as the member', () => {
    // The former copies read `LABEL[kind] ?? kind`: "constructor" came out as "function Object() { [native code] }".
    for (const kind of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) assert.equal(backendLabel(kind), kind);
  });

  it('routeKey: the Health view row id the CodeLens reveals, with or without a method', () => {
    assert.equal(routeKey('route', 'GET', '/api/orders/:id'), 'route:GET:/api/orders/:id');
    assert.equal(routeKey('function', undefined, 'checkout'), 'function::checkout');
  });

  it('isRecord: plain objects only', () => {
    assert.equal(isRecord({}), true);
    assert.equal(isRecord(Object.create(null)), true);
    for (const value of [null, undefined, [], 'x', 1, true]) assert.equal(isRecord(value), false);
  });

  it('isLoopbackHost: the loopback spellings URL.hostname gives, nothing that merely starts like one', () => {
    for (const url of ['http://127.0.0.1:9090', 'http://localhost', 'https://[::1]:8443']) assert.equal(isLoopbackHost(new URL(url).hostname), true);
    for (const url of ['http://127.0.0.1.example.com', 'http://localhost.evil.test', 'http://10.0.0.1', 'https://sentry.io']) assert.equal(isLoopbackHost(new URL(url).hostname), false);
  });
});
