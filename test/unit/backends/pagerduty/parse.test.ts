import assert from 'node:assert/strict';
import {
  describeApiError,
  incidentToDomain,
  pagerDutyRateLimitResetAt,
  parseApiError,
  parseIncidentResponse,
  parseIncidentsPage,
  severityOfUrgency,
} from '../../../../src/backends/pagerduty/parse';
import { PdIncidentBuilder } from '../../../../src/demo/replay/pagerDutyBuilders';
import { throwsWithKind } from '../assertBackendError';

describe('pagerduty parsing', () => {
  it('maps an incident to a domain Incident', () => {
    const raw = new PdIncidentBuilder('Checkout 5xx ratio above 5%')
      .withId('PT4KHLK')
      .status('acknowledged')
      .urgency('high')
      .service('PSVC123', 'checkout-api')
      .assignee('Dana On-Call')
      .priority('P1')
      .createdAt('2026-01-01T10:00:00Z')
      .description('POST /api/orders fails 12% of requests')
      .build();
    const number = String(raw.incident_number);
    assert.deepEqual(incidentToDomain(raw), {
      id: 'PT4KHLK',
      source: 'pagerduty',
      kind: 'incident',
      title: 'Checkout 5xx ratio above 5%',
      summary: 'POST /api/orders fails 12% of requests',
      severity: 'critical',
      status: 'acknowledged',
      startedAt: '2026-01-01T10:00:00Z',
      url: 'https://acme.pagerduty.com/incidents/PT4KHLK',
      assignee: 'Dana On-Call',
      assignees: ['Dana On-Call'],
      labels: { service: 'checkout-api', service_id: 'PSVC123', incident_number: number, urgency: 'high', priority: 'P1' },
    });
  });

  it('keeps every assignee of an incident in order, the first also as `assignee`', () => {
    const raw = new PdIncidentBuilder().assignees('Dana On-Call', 'Sam Backup', 'Lee Lead').build();
    // A malformed assignment and a repeated person must not hide or duplicate anyone.
    (raw.assignments as unknown[]).push({ at: raw.created_at }, (raw.assignments as unknown[])[1]);
    const incident = incidentToDomain(raw);
    assert.deepEqual(incident.assignees, ['Dana On-Call', 'Sam Backup', 'Lee Lead']);
    assert.equal(incident.assignee, 'Dana On-Call');
    assert.equal(incidentToDomain(new PdIncidentBuilder().assignees().build()).assignees, undefined);
  });

  it('maps urgency to severity, drops non-web links and a missing assignee', () => {
    assert.equal(severityOfUrgency('high'), 'critical');
    assert.equal(severityOfUrgency('low'), 'warning');
    assert.equal(severityOfUrgency(undefined), 'warning');
    const low = incidentToDomain(new PdIncidentBuilder().urgency('low').assignee(undefined).htmlUrl('javascript:alert(1)').build());
    assert.equal(low.severity, 'warning');
    assert.equal(low.assignee, undefined);
    assert.equal(low.url, undefined);
    assert.equal(low.summary, undefined, 'a description equal to the title adds nothing');
  });

  it('reads a page with its paging fields', () => {
    const page = parseIncidentsPage({ incidents: [new PdIncidentBuilder().build()], limit: 25, offset: 50, more: true, total: 80 });
    assert.equal(page.items.length, 1);
    assert.deepEqual({ limit: page.limit, offset: page.offset, more: page.more, total: page.total }, { limit: 25, offset: 50, more: true, total: 80 });
    assert.equal(parseIncidentsPage({ incidents: [], limit: 25, offset: 0, more: false, total: null }).total, undefined);
  });

  const malformed: [string, unknown][] = [
    ['not an object', []],
    ['no incidents list', { incidents: {} }],
    ['bad more', { incidents: [], more: 'yes' }],
    ['no id', { incidents: [{ ...new PdIncidentBuilder().build(), id: undefined }] }],
    ['unknown status', { incidents: [new PdIncidentBuilder().build()].map((i) => ({ ...i, status: 'snoozed' })) }],
    ['bad created_at', { incidents: [new PdIncidentBuilder().createdAt('yesterday').build()] }],
    ['negative offset', { incidents: [], offset: -1 }],
  ];
  for (const [name, body] of malformed) {
    it(`rejects a malformed page (${name}) with badResponse`, () => {
      throwsWithKind(() => parseIncidentsPage(body), 'badResponse');
    });
  }

  it('reads the incident of an update answer', () => {
    assert.equal(parseIncidentResponse({ incident: new PdIncidentBuilder().withId('PABC').build() }).id, 'PABC');
    throwsWithKind(() => parseIncidentResponse({}), 'badResponse');
  });

  it('reads ratelimit-reset as seconds from now, capped at an hour', () => {
    assert.equal(pagerDutyRateLimitResetAt({ 'ratelimit-reset': '12' }, 1_000), 13_000);
    assert.equal(pagerDutyRateLimitResetAt({ 'ratelimit-reset': '999999' }, 0), 3_600_000);
    assert.equal(pagerDutyRateLimitResetAt({ 'ratelimit-reset': 'later' }, 0), undefined);
    assert.equal(pagerDutyRateLimitResetAt({}, 0), undefined);
  });

  it('describes the error envelope in one short line', () => {
    const error = parseApiError({ error: { message: 'Invalid Input Provided', code: 2001, errors: ['Service ids is invalid.'] } });
    assert.equal(describeApiError(error), 'Invalid Input Provided (code 2001): Service ids is invalid.');
    assert.equal(describeApiError(parseApiError({ error: { message: 'Rate Limit Exceeded', code: 2020 } })), 'Rate Limit Exceeded (code 2020)');
    assert.equal(parseApiError({ detail: 'x' }), undefined);
    assert.equal(describeApiError(undefined), 'no error message');
    const long = describeApiError({ message: 'x'.repeat(500), errors: [] });
    assert.ok(long.length <= 200);
  });
});
