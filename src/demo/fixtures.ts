// What the demo's Sentry and PagerDuty say, derived from the story so counts agree with the metrics:
// the spike's TypeError lands on demo/services/checkout-api/src/routes/orders.ts:19 through the
// /usr/src/app/ deploy root that demo/.prodlens.json maps.
import type { PagerDutyFixture, SentryFixture } from './replay/replayServer';
import { PdIncidentBuilder } from './replay/pagerDutyBuilders';
import { SentryIssueBuilder, SentryReleaseBuilder, sentryFrame } from './replay/sentryBuilders';
import type { Story } from './story';
import { DEMO_BILLING_RELEASE } from './history';

export const DEMO_TOKEN = 'prodlens-demo-token';
export const DEMO_ORG = 'acme';
export const PROJECTS = { checkout: { id: '101', slug: 'checkout-api' }, billing: { id: '102', slug: 'billing' } };
export const PAGERDUTY_SERVICE = 'PCHKOUT';

const iso = (s: number) => new Date(s * 1000).toISOString();

/** Hourly counts over the last 24 h, for the issue's sparkline: as Sentry's, the last bucket is the current hour so far. */
function hourly(story: Story, route: string, nowS: number): [number, number][] {
  const points: [number, number][] = [];
  for (let h = 23; h >= 0; h--) {
    const start = Math.floor(nowS / 3600) * 3600 - h * 3600;
    points.push([start, story.serverErrorsBetween(route, start, Math.min(start + 3600, nowS))]);
  }
  return points;
}

const nodeInternals = [
  sentryFrame({ filename: 'node:internal/process/task_queues', function: 'process.processTicksAndRejections', lineNo: 95, colNo: 5, inApp: false }),
  sentryFrame({ filename: '/usr/src/app/node_modules/express/lib/router/layer.js', function: 'Layer.handle [as handle_request]', lineNo: 95, colNo: 5, inApp: false }),
  sentryFrame({ filename: '/usr/src/app/node_modules/express/lib/router/route.js', function: 'next', lineNo: 149, colNo: 13, inApp: false }),
];

export function sentryDemoFixture(story: Story, nowS: number): SentryFixture {
  const typeError = new SentryIssueBuilder("TypeError: Cannot read properties of undefined (reading 'loyalty')")
    .withId('5001')
    .culprit('POST /api/orders')
    .level('error')
    .count(story.serverErrorsBetween('/api/orders', story.deployS, nowS))
    .userCount(Math.round(story.serverErrorsBetween('/api/orders', story.deployS, nowS) * 0.7))
    .seen(iso(story.deployS + 45), iso(nowS - 4))
    .permalink('https://acme.sentry.example/issues/5001/')
    .metadata({ type: 'TypeError', value: "Cannot read properties of undefined (reading 'loyalty')", filename: '/usr/src/app/src/routes/orders.ts', function: 'ordersRouter.post' })
    .stats(hourly(story, '/api/orders', nowS))
    .release('checkout-api@2.14.0')
    .frames(
      ...nodeInternals,
      sentryFrame({ filename: '/usr/src/app/src/routes/orders.ts', function: 'ordersRouter.post', lineNo: 19, colNo: 29, contextLine: "  const discount = customer.loyalty.tier === 'gold' ? 0.1 : 0;" }),
    );
  const rangeError = new SentryIssueBuilder('RangeError: Invalid amount for order 18342')
    .withId('5002')
    .culprit('POST /api/payments/:orderId/capture')
    .level('error')
    .count(story.serverErrorsBetween('/api/payments/:orderId/capture', nowS - 86_400, nowS))
    .userCount(31)
    .seen(iso(nowS - 6 * 86_400), iso(nowS - 180))
    .permalink('https://acme.sentry.example/issues/5002/')
    .stats(hourly(story, '/api/payments/:orderId/capture', nowS))
    .release('checkout-api@2.14.0')
    .frames(
      ...nodeInternals,
      sentryFrame({ filename: '/usr/src/app/src/routes/payments.ts', function: 'paymentsRouter.post', lineNo: 7, colNo: 25, contextLine: '  const receipt = await charge(req.params.orderId, req.body.amount);' }),
      sentryFrame({ filename: '/usr/src/app/src/lib/payments.ts', function: 'charge', lineNo: 2, colNo: 35, contextLine: '  if (!(amount > 0)) throw new RangeError(`Invalid amount for order ${orderId}`);' }),
    );
  // Only library frames: ProdLens must say why it cannot place this one, not guess.
  const redisTimeout = new SentryIssueBuilder('Error: connect ETIMEDOUT 10.0.3.7:6379')
    .withId('5003')
    .culprit('Socket.<anonymous>(ioredis/built/Redis)')
    .level('warning')
    .count(14)
    .userCount(0)
    .seen(iso(nowS - 3 * 3600), iso(nowS - 900))
    .permalink('https://acme.sentry.example/issues/5003/')
    .frames(
      sentryFrame({ filename: 'node:net', function: 'TCPConnectWrap.afterConnect [as oncomplete]', lineNo: 1607, colNo: 16, inApp: false }),
      sentryFrame({ filename: '/usr/src/app/node_modules/ioredis/built/Redis.js', function: 'Socket.<anonymous>', lineNo: 170, colNo: 41, inApp: false }),
    );
  const keyError = new SentryIssueBuilder("KeyError: 'FR'")
    .withId('6001')
    .culprit('billing.invoices in build_invoice')
    .level('error')
    .count(story.serverErrorsBetween('/invoices/<int:invoice_id>', nowS - 86_400, nowS))
    .userCount(57)
    .seen(iso(nowS - 9 * 86_400), iso(nowS - 40))
    .permalink('https://acme.sentry.example/issues/6001/')
    .stats(hourly(story, '/invoices/<int:invoice_id>', nowS))
    .release(DEMO_BILLING_RELEASE)
    .frames(
      sentryFrame({ filename: 'flask/app.py', absPath: '/usr/local/lib/python3.12/site-packages/flask/app.py', function: 'dispatch_request', lineNo: 880, module: 'flask.app', inApp: false }),
      sentryFrame({ filename: 'billing/app.py', absPath: '/srv/billing/billing/app.py', function: 'get_invoice', lineNo: 10, module: 'billing.app', contextLine: '    return jsonify(build_invoice(invoice_id))' }),
      sentryFrame({ filename: 'billing/invoices.py', absPath: '/srv/billing/billing/invoices.py', function: 'build_invoice', lineNo: 10, module: 'billing.invoices', contextLine: '    tax = net * TAX_RATES[country]' }),
    );
  const checkoutIssues = [typeError, rangeError, redisTimeout].map((b) => b.project(PROJECTS.checkout.id, PROJECTS.checkout.slug));
  const billingIssues = [keyError].map((b) => b.project(PROJECTS.billing.id, PROJECTS.billing.slug));
  const all = [...checkoutIssues, ...billingIssues];
  return {
    token: DEMO_TOKEN,
    organization: DEMO_ORG,
    projects: [PROJECTS.checkout, PROJECTS.billing],
    issues: all.map((b) => b.build('24h')),
    latestEvents: Object.fromEntries(all.map((b) => [b.id, b.buildLatestEvent()])),
    releases: [
      new SentryReleaseBuilder('checkout-api@2.14.0').created(iso(story.deployS - 300)).deployed('production', iso(story.deployS)).project(Number(PROJECTS.checkout.id), PROJECTS.checkout.slug).build(),
      new SentryReleaseBuilder('checkout-api@2.13.2').created(iso(story.deployS - 26 * 3600)).deployed('production', iso(story.deployS - 25 * 3600)).project(Number(PROJECTS.checkout.id), PROJECTS.checkout.slug).build(),
    ],
  };
}

export function pagerDutyDemoFixture(story: Story): PagerDutyFixture {
  return {
    token: DEMO_TOKEN,
    incidents: [
      new PdIncidentBuilder('[checkout-api] 5xx ratio above 5% on POST /api/orders')
        .withId('Q1DEMO5XX')
        .status('triggered')
        .urgency('high')
        .createdAt(iso(story.deployS + 15 * 60))
        .service(PAGERDUTY_SERVICE, 'checkout-api')
        .assignee('Dana Whitfield')
        .htmlUrl('https://acme.pagerduty.example/incidents/Q1DEMO5XX')
        .build(),
    ],
    userEmails: undefined,
  };
}

/** Alerts posted to the real Alertmanager; re-posted every minute so they stay active. */
export function demoAlerts(story: Story, nowS: number): Record<string, unknown>[] {
  const endsAt = iso(nowS + 5 * 60);
  return [
    {
      labels: { alertname: 'CheckoutHighErrorRate', service: 'checkout-api', severity: 'critical', route: 'POST /api/orders', code_filepath: '/usr/src/app/src/routes/orders.ts', code_lineno: '19' },
      annotations: { summary: '5xx ratio above 5% on POST /api/orders', description: 'POST /api/orders has failed for 14% of requests since the 2.14.0 deploy.' },
      startsAt: iso(story.deployS + 10 * 60),
      endsAt,
      generatorURL: 'http://127.0.0.1:39090/graph?g0.expr=checkout_5xx_ratio',
    },
    {
      labels: { alertname: 'CartLatencyHigh', service: 'checkout-api', severity: 'warning', route: 'GET /api/cart' },
      annotations: { summary: 'p95 latency of GET /api/cart above 400 ms', description: 'The recommendations call makes GET /api/cart slow.' },
      startsAt: iso(nowS - 2 * 3600),
      endsAt,
    },
  ];
}
