// What counts as a service's traffic (countedSelectors) and how the convention is reported (describeConvention).
// The figures against a real Prometheus are in test/integration/scrapeTraffic.test.ts.
import assert from 'node:assert/strict';
import { CONVENTIONS, countedSelectors, customConvention, describeConvention, type ConventionId, type ResolvedConvention } from '../../../../src/backends/prometheus/conventions';

function resolved(id: ConventionId, labels: Partial<ResolvedConvention> = {}): ResolvedConvention {
  const convention = CONVENTIONS.find((c) => c.id === id)!;
  return { convention, selector: { job: 'shop' }, statusLabel: convention.statusLabels[0], routeLabel: convention.routeLabels[0], methodLabel: convention.methodLabels[0], ...labels };
}

describe('backends/prometheus conventions: what is counted and how it is reported', () => {
  it('OpenTelemetry: routed requests, plus unrouted ones that did not succeed; the two selectors are disjoint', () => {
    const [routed, unrouted] = countedSelectors(resolved('otel-http'));
    assert.match(routed, /http_route!~"[^"]+", http_route!=""\}$/);
    assert.equal(unrouted, '{job="shop", http_route="", http_response_status_code!~"[123].."}');
    assert.equal(countedSelectors(resolved('otel-http'), ['x="1"'])[1], '{job="shop", http_route="", http_response_status_code!~"[123]..", x="1"}');
  });

  it('no rule where it cannot be told or would drop real traffic: no route label, no status label, spans, a bare custom matcher', () => {
    // OTel JS 1.x without a trace exporter emits no http_route at all: every request would look like a scrape.
    assert.deepEqual(countedSelectors(resolved('otel-http', { routeLabel: undefined })), ['{job="shop"}']);
    assert.equal(countedSelectors(resolved('otel-http', { statusLabel: undefined })).length, 1);
    assert.equal(countedSelectors(resolved('spanmetrics')).length, 1);
    const custom = customConvention({ requests: 'calls_total', routeLabel: 'handler', errorMatcher: 'outcome="failure"' }, { app: 'x' });
    assert.equal(countedSelectors(custom).length, 1);
    assert.equal(countedSelectors(customConvention({ requests: 'calls_total', routeLabel: 'handler', statusLabel: 'code' }, { app: 'x' })).length, 2);
  });

  it('describeConvention names the metrics, labels, matcher and exclusions, and never the stand-in status label', () => {
    assert.deepEqual(describeConvention(resolved('prom-client'), 'detected'), {
      id: 'prom-client',
      from: 'detected',
      requests: 'http_requests_total',
      histogram: 'http_request_duration_seconds',
      selector: { job: 'shop' },
      routeLabel: 'route',
      methodLabel: 'method',
      statusLabel: 'status',
      errorMatcher: 'status=~"5.."',
      excluded: [
        'requests whose route is "/metrics", "metrics", "/-/ready", "/-/healthy", "/favicon.ico", "prometheus-django-metrics": scrapes and health checks',
        'requests with no route label answered 1xx-3xx (status): scrapes and probes served outside the router; those that failed (4xx, 5xx) are counted',
      ],
    });
    const custom = describeConvention(customConvention({ requests: 'calls_total', errorMatcher: 'outcome="failure"' }, { app: 'x' }), 'configured');
    assert.equal(custom.statusLabel, undefined);
    assert.equal(custom.errorMatcher, 'outcome="failure"');
    assert.deepEqual(custom.excluded, []);
    assert.match(describeConvention(resolved('spanmetrics'), 'detected').excluded![0], /^requests whose span_name is .*\(with or without a method prefix\): scrapes and health checks$/);
  });
});
