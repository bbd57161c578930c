// The doctor's `prometheus.convention` finding and the lines it shares with the Backends view: which metric,
// selector and labels the figures come from and what they leave out, in the text report and in the JSON.
import * as assert from 'node:assert/strict';
import { conventionLines, conventionSummary } from '../../../src/core/diagnostics/metricFindings';
import { diagnose, renderDiagnosis, type BackendFacts, type MappingFacts } from '../../../src/core/diagnostics/report';
import { detectServices } from '../../../src/core/detect/services';
import type { BackendStatus, HealthSnapshot, MetricConvention } from '../../../src/core/model';
import { OTEL_HTTP_CONVENTION } from '../../builders/metricConvention';

const OTEL = OTEL_HTTP_CONVENTION;

const detection = detectServices([{ path: '.prodlens.json', text: JSON.stringify({ services: [{ name: 'api', folders: ['api'], backends: { prometheus: { url: 'http://prom:9090' }, sentry: { url: 'https://sentry.io', organization: 'acme', project: 'api' } } }] }) }]);
const facts: BackendFacts[] = [
  { kind: 'prometheus', url: 'http://prom:9090', from: '.prodlens.json', hasToken: false, tokenOptional: true },
  { kind: 'sentry', url: 'https://sentry.io', from: '.prodlens.json', hasToken: true, tokenOptional: false },
];
const noMapping: MappingFacts = { framesSeen: 0, framesMapped: 0, unmappedByReason: {}, ambiguous: [], groupsMapped: 0, groupsUnmapped: [], routesMapped: 0, routesUnmapped: [] };

function run(convention: MetricConvention | undefined) {
  const backends: BackendStatus[] = [
    { kind: 'prometheus', url: 'http://prom:9090', state: 'ok', latencyMs: 5, convention },
    { kind: 'sentry', url: 'https://sentry.io', state: 'ok', latencyMs: 5 },
  ];
  const snapshot: HealthSnapshot = { service: 'api', window: '1h', fetchedAt: 0, status: 'ok', statusReasons: [], current: { latency: {} }, series: {}, routes: [], errors: [], incidents: [], deploys: [], backends, stale: false };
  return diagnose({ workspaceFolders: ['ws'], detection, surface: 'cli', backendsByService: { api: facts }, runtime: { api: { snapshot, mapping: noMapping } } });
}

describe('core/diagnostics metricFindings: the metric convention in doctor', () => {
  it('JSON: one prometheus.convention finding, right after the Prometheus backend, naming metric, selector, labels and exclusions', () => {
    const d = run(OTEL);
    const found = d.findings.filter((f) => f.code === 'prometheus.convention');
    assert.equal(found.length, 1);
    const [finding] = found;
    assert.equal(d.findings[d.findings.indexOf(finding) - 1].code, 'backend.ok');
    assert.match(d.findings[d.findings.indexOf(finding) - 1].title, /→ prometheus at/);
    assert.deepEqual({ level: finding.level, service: finding.service, fix: finding.fix }, { level: 'info', service: 'api', fix: undefined });
    assert.equal(finding.title, '"api" → prometheus at http://prom:9090: figures from OpenTelemetry HTTP server metrics (stable semantic conventions, seconds) (detected)');
    assert.deepEqual(finding.detail?.split('\n'), [
      'Requests: rate of http_server_request_duration_seconds_count{job="api"}',
      'Latency: http_server_request_duration_seconds_bucket',
      'Labels: route http_route, method http_request_method, status http_response_status_code',
      'Errors: requests with http_response_status_code=~"5.."',
      `Not counted: ${OTEL.excluded![0]}`,
    ]);
    assert.deepEqual(d.summary, { errors: 0, warnings: 0 });
  });

  it('text: the doctor report shows the convention under the service', () => {
    const text = renderDiagnosis(run({ ...OTEL, from: 'configured', id: 'custom', histogram: undefined, statusLabel: undefined, errorMatcher: undefined, excluded: [] }));
    assert.match(text, /── api ──[\s\S]*\n✔ "api" → prometheus at http:\/\/prom:9090 .*\nℹ "api" → prometheus at http:\/\/prom:9090: figures from the metrics named in \.prodlens\.json \(as named in \.prodlens\.json "metrics"\)\n {4}Requests: rate of http_server_request_duration_seconds_count\{job="api"\}\n {4}Latency: no histogram samples in the window, so no p50\/p95\/p99\n {4}Labels: route http_route, method http_request_method\n {4}Errors: not counted \(no status label found\)\n/);
  });

  it('no convention (no request metrics, or an older cache): no finding, and none for other backends', () => {
    assert.equal(run(undefined).findings.some((f) => f.code === 'prometheus.convention'), false);
  });

  it('a hostile selector value or label stays on its line, quoted', () => {
    const lines = conventionLines({ ...OTEL, selector: { job: 'x"}\n✖ forged line' }, routeLabel: 'r\u202eoute\nNot counted: nothing' });
    assert.equal(lines[0], 'Requests: rate of http_server_request_duration_seconds_count{job="x\\"}\\n✖ forged line"}');
    assert.equal(lines[2], 'Labels: route r oute Not counted: nothing, method http_request_method, status http_response_status_code');
    assert.equal(conventionSummary(OTEL), 'otel-http (detected)');
    assert.equal(conventionSummary({ ...OTEL, from: 'configured' }), 'otel-http (.prodlens.json)');
  });
});
