import assert from 'node:assert/strict';
import {
  parseAlertsResponse,
  parsePromValue,
  parseQueryResponse,
  parseRangeResponse,
  toSeriesPoints,
  vectorOf,
} from '../../../../src/backends/prometheus/parse';
import { PromAlertBuilder, PromErrorBuilder, PromMatrixBuilder, PromVectorBuilder, promAlerts } from '../../../builders/prometheus';
import { throwsWithKind } from '../assertBackendError';

const T = 1_767_225_600;

describe('prometheus parsing', () => {
  it('parses a vector with labels, ms timestamps and special values', () => {
    const body = new PromVectorBuilder()
      .at(T + 0.5)
      .sample({ job: 'api', route: '/a' }, 0.25)
      .sample({ job: 'api', route: '/b' }, NaN)
      .sample({ job: 'api', route: '/c' }, Infinity)
      .sample({ job: 'api', route: '/d' }, -Infinity)
      .sample({}, '1e+06')
      .build();
    const result = parseQueryResponse(body);
    assert.equal(result.resultType, 'vector');
    const samples = vectorOf(result);
    assert.deepEqual(samples[0], { metric: { job: 'api', route: '/a' }, t: T * 1000 + 500, v: 0.25 });
    assert.ok(Number.isNaN(samples[1].v));
    assert.equal(samples[2].v, Infinity);
    assert.equal(samples[3].v, -Infinity);
    assert.equal(samples[4].v, 1_000_000);
    assert.deepEqual(result.warnings, []);
  });

  it('parses a matrix and turns NaN/Inf into gaps for domain series', () => {
    const body = new PromMatrixBuilder().series({ route: '/a' }, T, 60, [0.1, NaN, 0.3, Infinity, 0.5]).build();
    const { series } = parseRangeResponse(body);
    assert.equal(series.length, 1);
    assert.equal(series[0].points.length, 5);
    assert.deepEqual(toSeriesPoints(series[0]), [
      { t: T * 1000, v: 0.1 },
      { t: (T + 120) * 1000, v: 0.3 },
      { t: (T + 240) * 1000, v: 0.5 },
    ]);
  });

  it('surfaces warnings', () => {
    const body = new PromVectorBuilder().sample({}, 1).warning('PromQL info: metric might not be a counter').build();
    assert.deepEqual(parseQueryResponse(body).warnings, ['PromQL info: metric might not be a counter']);
  });

  it('parses scalar and string results', () => {
    const scalar = parseQueryResponse({ status: 'success', data: { resultType: 'scalar', result: [T, '42'] } });
    assert.deepEqual(vectorOf(scalar), [{ metric: {}, t: T * 1000, v: 42 }]);
    const str = parseQueryResponse({ status: 'success', data: { resultType: 'string', result: [T, 'hello'] } });
    assert.deepEqual(str.resultType === 'string' && str.result, { t: T * 1000, value: 'hello' });
  });

  it('skips native histogram samples with a warning instead of failing', () => {
    const body = { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, histogram: [T, { count: '1' }] }] } };
    const result = parseQueryResponse(body);
    assert.deepEqual(vectorOf(result), []);
    assert.match(result.warnings[0], /native histogram/);
  });

  it("turns the error envelope into badResponse carrying Prometheus's message", () => {
    const body = new PromErrorBuilder().type('bad_data').error('1:14: parse error: unclosed left parenthesis').build();
    const err = throwsWithKind(() => parseQueryResponse(body, 400), 'badResponse');
    assert.equal(err.message, 'Prometheus bad_data: 1:14: parse error: unclosed left parenthesis');
    assert.equal(err.details.status, 400);
    const exec = throwsWithKind(() => parseQueryResponse(new PromErrorBuilder().type('execution').error('many-to-many matching not allowed').build(), 422), 'badResponse');
    assert.match(exec.message, /many-to-many/);
    throwsWithKind(() => parseQueryResponse(new PromErrorBuilder().type('timeout').error('query timed out in expression evaluation').build(), 503), 'timeout');
  });

  it('rejects a range answer that is not a matrix', () => {
    throwsWithKind(() => parseRangeResponse(new PromVectorBuilder().sample({}, 1).build()), 'badResponse');
    throwsWithKind(() => vectorOf(parseQueryResponse(new PromMatrixBuilder().series({}, T, 1, [1]).build())), 'badResponse');
  });

  const malformed: [string, unknown][] = [
    ['null', null],
    ['an array', []],
    ['a string', 'success'],
    ['no status', { data: {} }],
    ['unknown status', { status: 'ok', data: {} }],
    ['no data', { status: 'success' }],
    ['unknown resultType', { status: 'success', data: { resultType: 'table', result: [] } }],
    ['result not a list', { status: 'success', data: { resultType: 'vector', result: {} } }],
    ['value as number', { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [T, 1] }] } }],
    ['value not numeric', { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [T, 'abc'] }] } }],
    ['timestamp as string', { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [String(T), '1'] }] } }],
    ['pair too long', { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [T, '1', '2'] }] } }],
    ['label not string', { status: 'success', data: { resultType: 'vector', result: [{ metric: { a: 1 }, value: [T, '1'] }] } }],
    ['matrix values not list', { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: '1' }] } }],
    ['warnings not strings', { status: 'success', data: { resultType: 'vector', result: [] }, warnings: [1] }],
  ];
  for (const [name, body] of malformed) {
    it(`rejects malformed input (${name}) with badResponse`, () => {
      throwsWithKind(() => parseQueryResponse(body), 'badResponse');
    });
  }

  it('reads values strictly', () => {
    assert.equal(parsePromValue('-0.5'), -0.5);
    assert.equal(parsePromValue('.5'), 0.5);
    assert.equal(parsePromValue('Inf'), Infinity);
    for (const bad of ['', ' 1', '0x10', '1,5', 'nan', 'Infinity', '1e']) throwsWithKind(() => parsePromValue(bad), 'badResponse');
  });

  it('parses /api/v1/alerts', () => {
    const body = promAlerts(
      new PromAlertBuilder().label('severity', 'critical').annotation('summary', '5xx above 5%').value(0.07),
      new PromAlertBuilder().state('pending'),
    );
    const { alerts } = parseAlertsResponse(body);
    assert.equal(alerts.length, 2);
    assert.deepEqual(alerts[0], {
      labels: { alertname: 'HighErrorRate', severity: 'critical' },
      annotations: { summary: '5xx above 5%' },
      state: 'firing',
      activeAt: '2026-01-01T00:00:00Z',
      value: 0.07,
    });
    assert.equal(alerts[1].state, 'pending');
    throwsWithKind(() => parseAlertsResponse(promAlerts(new PromAlertBuilder().state('burning'))), 'badResponse');
    throwsWithKind(() => parseAlertsResponse({ status: 'success', data: {} }), 'badResponse');
  });
});
