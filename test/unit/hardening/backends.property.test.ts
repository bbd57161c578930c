// Property tests over every backend parser: 10,000 malformed answers each. The only allowed outcomes are a
// parsed value or a BackendError (one line, bounded, so the UI can show it); nothing else may escape, and
// no single input may take a second.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { BackendError, explainBackendError } from '../../../src/backends/errors';
import * as am from '../../../src/backends/alertmanager/parse';
import * as pd from '../../../src/backends/pagerduty/parse';
import * as prom from '../../../src/backends/prometheus/parse';
import * as sentry from '../../../src/backends/sentry/parse';
import type { PromQueryResult } from '../../../src/backends/prometheus/types';
import { PdIncidentBuilder } from '../../../src/demo/replay/pagerDutyBuilders';
import { SentryIssueBuilder, SentryReleaseBuilder, sentryFrame } from '../../../src/demo/replay/sentryBuilders';
import { AmAlertBuilder } from '../../builders/alertmanager';
import { PromAlertBuilder, PromErrorBuilder, PromMatrixBuilder, PromVectorBuilder, promAlerts } from '../../builders/prometheus';
import { RUNS, bounded, malformedAnswers, nastyString } from './arbitraries';

const SEVERITIES: readonly unknown[] = ['critical', 'error', 'warning', 'info'];

/** Longest BackendError message accepted: it ends up in a tooltip sentence, the log and `prodlens doctor`. */
const MAX_MESSAGE = 600;

/** Calls `parse`; a BackendError is an allowed outcome, anything else thrown fails the property. */
function parsedOrBackendError(what: string, parse: () => unknown): unknown {
  return bounded(what, () => {
    try {
      const value = parse();
      // Parsed values are plain data: snapshots are cached on disk as JSON.
      JSON.stringify(value);
      return value;
    } catch (err) {
      if (!(err instanceof BackendError)) throw err;
      assert.ok(err.message.length <= MAX_MESSAGE, `${what}: a ${err.message.length}-character error message`);
      assert.ok(!/[\r\n]/.test(err.message), `${what}: a multi-line error message`);
      assert.ok(explainBackendError(err, 'Backend').length > 0);
      return err;
    }
  });
}

describe('hardening: backend parsers never fail badly', function () {
  this.timeout(120_000);

  describe('Prometheus', () => {
    const vector = new PromVectorBuilder().sample({ job: 'api', route: '/orders' }, 0.25).sample({ job: 'api' }, 'NaN').warning('w').build();
    const matrix = new PromMatrixBuilder().series({ job: 'api' }, 1_767_225_600, 60, [1, '+Inf', 3, '-Inf']).series({}, 1_767_225_600, 15, [0.5]).build();
    const scalar = { status: 'success', data: { resultType: 'scalar', result: [1_767_225_600.5, '42'] } };
    const str = { status: 'success', data: { resultType: 'string', result: [1_767_225_600, 'text'] } };
    const histogram = { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, histogram: [1, { count: '1', sum: '2', buckets: [] }] }] } };
    const error = new PromErrorBuilder().type('timeout').error('query timed out').build();
    const alerts = promAlerts(new PromAlertBuilder().label('severity', 'critical').annotation('summary', 's'), new PromAlertBuilder().state('pending').value('NaN'));
    const answers = malformedAnswers([vector, matrix, scalar, str, histogram, error, alerts]);

    it('query answers: a result or a BackendError', () => {
      fc.assert(fc.property(answers, fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }), (body, status) => {
        const result = parsedOrBackendError('parseQueryResponse', () => prom.parseQueryResponse(body, status));
        if (result instanceof BackendError) return;
        const parsed = result as PromQueryResult;
        // The helpers over a parsed value are total too (vectorOf's only failure is a BackendError).
        parsedOrBackendError('vectorOf', () => prom.vectorOf(parsed));
        if (parsed.resultType === 'matrix') for (const s of parsed.result) assert.ok(prom.toSeriesPoints(s).every((p) => Number.isFinite(p.v)));
      }), RUNS);
    });

    it('range answers: a matrix or a BackendError', () => {
      fc.assert(fc.property(answers, (body) => {
        parsedOrBackendError('parseRangeResponse', () => prom.parseRangeResponse(body));
      }), RUNS);
    });

    it('alert answers: alerts or a BackendError', () => {
      fc.assert(fc.property(answers, (body) => {
        parsedOrBackendError('parseAlertsResponse', () => prom.parseAlertsResponse(body, 200));
      }), RUNS);
    });

    it('sample values: a number or a BackendError, for any text', () => {
      fc.assert(fc.property(fc.oneof(nastyString, fc.string(), fc.double().map(String)), (raw) => {
        const v = parsedOrBackendError('parsePromValue', () => prom.parsePromValue(raw));
        if (!(v instanceof BackendError)) assert.equal(typeof v, 'number');
      }), RUNS);
    });
  });

  describe('Alertmanager', () => {
    const a1 = new AmAlertBuilder('HighErrorRate').label('severity', 'critical').label('code_filepath', 'src/x.ts:12').annotation('summary', 'high').generatorURL('http://prom/graph').build();
    const a2 = new AmAlertBuilder('Slow').label('code.function.name', 'f').annotation('code_lineno', '7').build();
    const answers = malformedAnswers([[a1, a2], [a2], { silenceID: 'abc' }]);

    it('alert lists: alerts (which map to incidents) or a BackendError', () => {
      fc.assert(fc.property(answers, (body) => {
        const result = parsedOrBackendError('am.parseAlertsResponse', () => am.parseAlertsResponse(body));
        if (result instanceof BackendError) return;
        for (const alert of result as ReturnType<typeof am.parseAlertsResponse>) {
          // Mapping a parsed alert is total: no error at all is allowed there.
          const incident = am.alertToIncident(alert);
          assert.equal(typeof incident.title, 'string');
          assert.ok(SEVERITIES.includes(incident.severity), `severity ${String(incident.severity)}`);
          if (incident.url) assert.match(incident.url, /^https?:/i);
          am.codeLocationHint(alert);
        }
      }), RUNS);
    });

    it('silence answers: an id or a BackendError', () => {
      fc.assert(fc.property(answers, (body) => {
        parsedOrBackendError('parseSilenceResponse', () => am.parseSilenceResponse(body));
      }), RUNS);
    });
  });

  describe('Sentry', () => {
    const issue = new SentryIssueBuilder('TypeError: x').stats([[1_767_225_600, 3], [1_767_229_200, 0]]).release('api@1.0.0')
      .frames(sentryFrame({ filename: '/app/src/orders.ts', function: 'create', lineNo: 12, colNo: 3, contextLine: 'x.y' }), sentryFrame({ filename: 'node_modules/x/index.js', lineNo: 1 }))
      .causedBy('RangeError', 'cause', [sentryFrame({ filename: '/app/src/db.ts', lineNo: 4 })]);
    const issues = [issue.build('24h'), new SentryIssueBuilder('Error: y').count(12).userCount(3).build('auto')];
    const event = issue.buildLatestEvent();
    const threads = { eventID: 'e1', entries: [{ type: 'threads', data: { values: [{ crashed: true, stacktrace: { frames: [{ filename: 'a.py', lineNo: 3 }] } }] } }], release: 'r', tags: [{ key: 'release', value: 'v1' }] };
    const releases = [new SentryReleaseBuilder('api@1.0.0').deployed('production', '2026-01-01T10:00:00Z').url('https://sentry.example/r').build(), new SentryReleaseBuilder('api@0.9.0').build()];
    const project = { id: '42', slug: 'checkout' };
    const answers = malformedAnswers([issues, event, threads, releases, project]);

    it('issue pages: issues (which map to error groups) or a BackendError', () => {
      fc.assert(fc.property(answers, fc.constantFrom('24h', 'auto', '14d', ''), (body, statsKey) => {
        const result = parsedOrBackendError('parseIssuesPage', () => sentry.parseIssuesPage(body, statsKey));
        if (result instanceof BackendError) return;
        for (const group of result as ReturnType<typeof sentry.parseIssuesPage>) {
          assert.ok(SEVERITIES.includes(group.level), `level ${String(group.level)}`);
          if (group.permalink) assert.match(group.permalink, /^https?:/i);
        }
      }), RUNS);
    });

    it('latest events: an event or a BackendError', () => {
      fc.assert(fc.property(answers, (body) => {
        parsedOrBackendError('parseLatestEvent', () => sentry.parseLatestEvent(body));
      }), RUNS);
    });

    it('releases and projects: deploys, an id, or a BackendError', () => {
      fc.assert(fc.property(answers, (body) => {
        const deploys = parsedOrBackendError('parseReleases', () => sentry.parseReleases(body));
        if (Array.isArray(deploys)) for (const d of deploys) if (d.url) assert.match(d.url, /^https?:/i);
        const id = parsedOrBackendError('parseProjectId', () => sentry.parseProjectId(body));
        if (typeof id === 'string') assert.match(id, /^\d+$/);
      }), RUNS);
    });

    it('Link and rate-limit headers: any text gives a page, a time or nothing', () => {
      const header = fc.oneof(nastyString, fc.string({ unit: fc.constantFrom('<', '>', ';', ' ', '=', '"', 'rel', 'next', 'cursor', 'results', ',', 'a'), maxLength: 400 }));
      fc.assert(fc.property(header, (text) => {
        bounded('parseNextLink', () => sentry.parseNextLink(text));
        const at = bounded('sentryRateLimitResetAt', () => sentry.sentryRateLimitResetAt({ 'x-sentry-rate-limit-reset': text }, 1_767_225_600_000));
        if (at !== undefined) assert.ok(at > 1_767_225_600_000 && at <= 1_767_225_600_000 + 3_600_000);
      }), RUNS);
    });
  });

  describe('PagerDuty', () => {
    const i1 = new PdIncidentBuilder('Checkout down').priority('P1').build();
    const i2 = new PdIncidentBuilder('Slow').status('acknowledged').urgency('low').assignee(undefined).build();
    const page = { incidents: [i1, i2], limit: 25, offset: 0, more: false, total: 2 };
    const error = { error: { message: 'Invalid Input Provided', code: 2001, errors: ['Service ids is invalid'] } };
    const answers = malformedAnswers([page, { incident: i1 }, error]);

    it('incident pages: incidents or a BackendError', () => {
      fc.assert(fc.property(answers, (body) => {
        const result = parsedOrBackendError('parseIncidentsPage', () => pd.parseIncidentsPage(body));
        if (result instanceof BackendError) return;
        for (const incident of (result as ReturnType<typeof pd.parseIncidentsPage>).items) {
          if (incident.url) assert.match(incident.url, /^https?:/i);
          assert.ok(SEVERITIES.includes(incident.severity), `severity ${String(incident.severity)}`);
        }
      }), RUNS);
    });

    it('incident updates: an incident or a BackendError', () => {
      fc.assert(fc.property(answers, (body) => {
        parsedOrBackendError('parseIncidentResponse', () => pd.parseIncidentResponse(body));
      }), RUNS);
    });

    it('error envelopes: a short one-line sentence for any body, never an exception', () => {
      fc.assert(fc.property(answers, (body) => {
        const sentence = bounded('describeApiError', () => pd.describeApiError(pd.parseApiError(body)));
        assert.ok(sentence.length <= 200, `${sentence.length} characters`);
        assert.ok(!/[\r\n]/.test(sentence));
      }), RUNS);
    });
  });
});
