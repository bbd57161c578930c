import * as assert from 'node:assert/strict';
import { formatConfigProblem, parseProdlensConfig } from '../../../src/core/config/prodlensConfig';

describe('core/config: .prodlens.json', () => {
  it('parses services with comments, trailing commas and every backend', () => {
    const { config, problems } = parseProdlensConfig(`// comment
    {
      "services": [{
        "name": "checkout-api",
        "folders": ["./services/api/"],
        "environments": ["production"],
        "pathMappings": [{ "from": "/app/", "to": "services/api" }],
        "backends": {
          "prometheus": { "url": "https://mimir.example.com/prometheus/", "selector": { "job": "checkout" }, "headers": { "X-Scope-OrgID": "acme" } },
          "alertmanager": { "url": "http://am:9093", "matchers": { "service": "checkout" } },
          "sentry": { "organization": "acme", "project": "checkout" },
          "pagerduty": { "serviceIds": ["PABC123"] },
        },
      }],
    }`);
    assert.deepEqual(problems, []);
    const svc = config.services[0];
    assert.equal(svc.name, 'checkout-api');
    assert.deepEqual(svc.folders, ['services/api']);
    assert.deepEqual(svc.pathMappings, [{ from: '/app/', to: 'services/api/' }]);
    assert.equal(svc.backends.prometheus?.url, 'https://mimir.example.com/prometheus');
    assert.deepEqual(svc.backends.prometheus?.headers, { 'X-Scope-OrgID': 'acme' });
    assert.equal(svc.backends.sentry?.url, 'https://sentry.io');
    assert.equal(svc.backends.pagerduty?.url, 'https://api.pagerduty.com');
    assert.deepEqual(svc.backends.pagerduty?.serviceIds, ['PABC123']);
  });

  it('refuses token-like fields anywhere, naming the path and the fix', () => {
    const { problems } = parseProdlensConfig(JSON.stringify({
      services: [{ name: 'a', backends: { sentry: { organization: 'o', project: 'p', authToken: 'sntrys_abc' }, prometheus: { url: 'http://p', headers: { Authorization: 'Bearer x' } } } }],
    }));
    const paths = problems.filter((p) => p.severity === 'error').map((p) => p.path);
    assert.ok(paths.includes('services[0].backends.sentry.authToken'), paths.join());
    assert.ok(paths.includes('services[0].backends.prometheus.headers.Authorization'), paths.join());
    assert.match(problems[0].message, /Set Backend Token/);
  });

  it('reports syntax errors, wrong types and bad URLs without throwing', () => {
    assert.ok(parseProdlensConfig('{ "services": [ }').problems.some((p) => /syntax/.test(p.message)));
    assert.ok(parseProdlensConfig('[]').problems.some((p) => p.path === '(root)'));
    assert.ok(parseProdlensConfig('{"services": {}}').problems.some((p) => p.path === 'services'));
    const bad = parseProdlensConfig(JSON.stringify({ services: [{ name: 'a', backends: { prometheus: { url: 'ftp://x' }, alertmanager: { url: 'https://user:pw@am' } } }] }));
    assert.deepEqual(bad.problems.map((p) => p.path), ['services[0].backends.prometheus.url', 'services[0].backends.alertmanager.url']);
    assert.equal(bad.config.services[0].backends.prometheus, undefined);
  });

  it('rejects duplicate service names and a PagerDuty block without service ids', () => {
    const { config, problems } = parseProdlensConfig(JSON.stringify({ services: [{ name: 'a', backends: { pagerduty: {} } }, { name: 'a' }] }));
    assert.equal(config.services.length, 1);
    assert.deepEqual(problems.map((p) => p.path).sort(), ['services[0].backends.pagerduty.serviceIds', 'services[1].name']);
  });

  it('makes folders and mappings workspace-relative for a nested config file', () => {
    const { config } = parseProdlensConfig(JSON.stringify({ services: [{ name: 'a', pathMappings: [{ from: '/app/', to: '' }] }] }), 'services/a');
    assert.deepEqual(config.services[0].folders, ['services/a']);
    assert.deepEqual(config.services[0].pathMappings, [{ from: '/app/', to: 'services/a/' }]);
  });

  it('reads a custom metrics block and checks names, labels and unit', () => {
    const ok = parseProdlensConfig(JSON.stringify({ services: [{ name: 'a', backends: { prometheus: { url: 'http://p', metrics: { requests: 'app_calls_total', histogram: 'app_latency_ms', routeLabel: 'handler', errorMatcher: 'outcome="failure"', latencyUnit: 'milliseconds' }, queries: { rates: 'x' } } } }] }));
    assert.deepEqual(ok.config.services[0].backends.prometheus?.metrics, { requests: 'app_calls_total', histogram: 'app_latency_ms', statusLabel: undefined, errorMatcher: 'outcome="failure"', routeLabel: 'handler', methodLabel: undefined, latencyUnit: 'milliseconds' });
    assert.deepEqual(ok.problems, []);
    // An unknown query is refused like any unknown field (the schema says so too): a typo must not fall back silently.
    const typo = parseProdlensConfig(JSON.stringify({ services: [{ name: 'a', backends: { prometheus: { url: 'http://p', queries: { rates: 'x', bogus: 'y' } } } }] }));
    assert.deepEqual(typo.problems.map((p) => [p.path, p.severity]), [['services[0].backends.prometheus.queries.bogus', 'error']]);
    const bad = parseProdlensConfig(JSON.stringify({ services: [{ name: 'a', backends: { prometheus: { url: 'http://p', metrics: { requests: 'bad name', routeLabel: 'http.route', latencyUnit: 'minutes' } } } }] }));
    assert.deepEqual(bad.problems.map((p) => p.path), ['services[0].backends.prometheus.metrics.requests', 'services[0].backends.prometheus.metrics.latencyUnit', 'services[0].backends.prometheus.metrics.routeLabel']);
  });

  it('places every problem at its 1-based line and column: a secret at its key, a syntax error where the parser stopped, a missing field at its object', () => {
    const secret = parseProdlensConfig('{\n  "services": [{\n    "name": "a",\n    "backends": { "sentry": { "organization": "o", "project": "p",\n      "token": "sntrys_x" } }\n  }]\n}\n');
    assert.deepEqual(secret.problems.map((p) => [p.path, p.line, p.column]), [['services[0].backends.sentry.token', 5, 7]]);
    assert.match(formatConfigProblem('.prodlens.json', secret.problems[0]), /^\.prodlens\.json:5:7: services\[0\]\.backends\.sentry\.token: "token" looks like a secret/);
    // CRLF line ends count once; the message is a sentence, not an offset or a parser code.
    const syntax = parseProdlensConfig('{\r\n  "services": [\r\n    { "name": "a" }\r\n    { "name": "b" }\r\n  ]\r\n}');
    assert.deepEqual(syntax.problems.map((p) => [p.path, p.line, p.column, p.message]), [['(syntax)', 4, 5, 'JSON syntax error: a comma is expected here.']]);
    assert.equal(formatConfigProblem('svc/.prodlens.json', syntax.problems[0]), 'svc/.prodlens.json:4:5: JSON syntax error: a comma is expected here.');
    const missing = parseProdlensConfig('{ "services": [\n  { "folders": ["a"] }\n] }');
    assert.deepEqual(missing.problems.map((p) => [p.path, p.line, p.column]), [['services[0].name', 2, 3]]);
    // A key holding a dot is found whole, not split at the dot.
    const dotted = parseProdlensConfig('{ "services": [{ "name": "a", "backends": { "prometheus": { "url": "http://p",\n  "headers": { "x.api-key": "k" } } } }] }');
    assert.deepEqual(dotted.problems.map((p) => [p.path, p.line, p.column]), [['services[0].backends.prometheus.headers.x.api-key', 2, 16]]);
  });

  it('lists the first problems of a badly broken file with their places, then how many more there are', () => {
    const syntax = parseProdlensConfig(`{\n${'at '.repeat(1000)}`).problems.filter((p) => p.path === '(syntax)');
    assert.equal(syntax.length, 11);
    assert.deepEqual([syntax[0].line, syntax[0].column], [2, 1]);
    assert.match(syntax[10].message, /^\d+ more JSON syntax error\(s\) from here on/);
    const secrets = parseProdlensConfig(JSON.stringify({ services: [], ...Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`token${i}`, 'x'])) })).problems;
    assert.equal(secrets.length, 101);
    assert.deepEqual([secrets[100].severity, secrets[100].message], ['error', '400 more problem(s) not listed; fix the ones above first.']);
  });
});
