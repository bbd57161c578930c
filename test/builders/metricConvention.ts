// A reported metric convention as the Prometheus source fills it for an OpenTelemetry HTTP service, for tests of
// what doctor and the Backends view show (override fields to vary it).
import type { MetricConvention } from '../../src/core/model';

export const OTEL_HTTP_CONVENTION: MetricConvention = {
  id: 'otel-http',
  from: 'detected',
  requests: 'http_server_request_duration_seconds_count',
  histogram: 'http_server_request_duration_seconds',
  selector: { job: 'api' },
  routeLabel: 'http_route',
  methodLabel: 'http_request_method',
  statusLabel: 'http_response_status_code',
  errorMatcher: 'http_response_status_code=~"5.."',
  excluded: ['requests with no http_route label answered 1xx-3xx (http_response_status_code): scrapes and probes served outside the router; those that failed (4xx, 5xx) are counted'],
};
