// The Backends view's item text (description and tooltip), built apart from VS Code: the Prometheus item names the
// metric convention its figures come from; hostile text from configuration or production stays plain.
import * as assert from 'node:assert/strict';
import type { BackendFacts } from '../../../src/core/diagnostics/types';
import type { BackendStatus, MetricConvention } from '../../../src/core/model';
import { backendItemText } from '../../../src/features/sidebar/backendText';
import { OTEL_HTTP_CONVENTION } from '../../builders/metricConvention';

const NOW = 1_800_000_000_000;
const PROM: BackendFacts = { kind: 'prometheus', url: 'https://prom.example.com:9090/prefix', from: '.prodlens.json', hasToken: false, tokenOptional: true };
const SPANS: MetricConvention = {
  ...OTEL_HTTP_CONVENTION,
  id: 'spanmetrics',
  requests: 'traces_span_metrics_calls_total',
  histogram: 'traces_span_metrics_duration_milliseconds',
  selector: { service_name: 'payments' },
  routeLabel: 'span_name',
  methodLabel: undefined,
  statusLabel: 'status_code',
  errorMatcher: 'status_code="STATUS_CODE_ERROR"',
  excluded: ['requests whose span_name is "/metrics" (with or without a method prefix): scrapes and health checks'],
};
const ok = (convention?: MetricConvention): BackendStatus => ({ kind: 'prometheus', url: PROM.url, state: 'ok', latencyMs: 12, lastSuccess: NOW - 5000, convention });

describe('features/sidebar backendText: the Backends view item', () => {
  it('Prometheus: the description ends with the convention and where it came from; the tooltip lists metric, labels and exclusions', () => {
    const text = backendItemText(PROM, ok(SPANS), NOW);
    assert.equal(text.description, 'prom.example.com:9090 · ok · 12 ms · 5 s ago · spanmetrics (detected)');
    assert.deepEqual(text.tooltip, [
      'Prometheus: https://prom.example.com:9090/prefix',
      'From: .prodlens.json',
      'no token (optional)',
      'Figures from OpenTelemetry spanmetrics connector (spanmetrics (detected))',
      'Requests: rate of traces_span_metrics_calls_total{service_name="payments"}',
      'Latency: traces_span_metrics_duration_milliseconds_bucket',
      'Labels: route span_name, status status_code',
      'Errors: requests with status_code="STATUS_CODE_ERROR"',
      'Not counted: requests whose span_name is "/metrics" (with or without a method prefix): scrapes and health checks',
    ]);
    assert.equal(text.needsToken, false);
  });

  it('before a refresh, or with no request metrics, nothing is claimed about the convention', () => {
    assert.equal(backendItemText(PROM, undefined, NOW).description, 'prom.example.com:9090 · not refreshed yet');
    assert.equal(backendItemText(PROM, ok(), NOW).description, 'prom.example.com:9090 · ok · 12 ms · 5 s ago');
    assert.ok(!backendItemText(PROM, ok(), NOW).tooltip.some((l) => /Figures from/.test(l)));
  });

  it('a hostile convention (a poisoned cache, a configured label) cannot add lines or controls to the description', () => {
    const text = backendItemText(PROM, ok({ ...SPANS, id: 'x\n\u001b[31mred\u202e', from: 'configured' }), NOW);
    assert.equal(text.description, 'prom.example.com:9090 · ok · 12 ms · 5 s ago · x [31mred (.prodlens.json)');
    assert.ok(text.tooltip.every((l) => !l.includes('\n')));
  });

  it('a required token missing is the description, and other backends show no convention', () => {
    const sentry: BackendFacts = { kind: 'sentry', url: 'https://sentry.io', from: 'settings', hasToken: false, tokenOptional: false };
    const text = backendItemText(sentry, { kind: 'sentry', url: 'https://sentry.io', state: 'error', errorKind: 'auth', convention: SPANS }, NOW);
    assert.equal(text.description, 'sentry.io · no token: click to set one');
    assert.equal(text.needsToken, true);
  });

  it('a failing backend says whether its last answer is still shown, and how old; a partial answer says what is missing', () => {
    const sentry: BackendFacts = { kind: 'sentry', url: 'https://sentry.io', from: '.prodlens.json', hasToken: true, tokenOptional: false };
    const failed: BackendStatus = { kind: 'sentry', url: 'https://sentry.io', state: 'error', errorKind: 'badResponse', error: 'Sentry failed on its side (HTTP 500).', lastSuccess: NOW - 12 * 60_000 };
    assert.ok(backendItemText(sentry, { ...failed, dataAt: NOW - 12 * 60_000 }, NOW).tooltip.includes('Showing its last answer, from 12 min ago (stale).'));
    assert.ok(backendItemText(sentry, failed, NOW).tooltip.includes('Nothing of it to show yet.'));
    const partial = backendItemText(sentry, { kind: 'sentry', url: 'https://sentry.io', state: 'ok', partial: 'Stopped after 3 pages of issues at the 30 s refresh deadline.' }, NOW);
    assert.ok(partial.tooltip.includes('Partial answer: Stopped after 3 pages of issues at the 30 s refresh deadline.'));
  });
});
