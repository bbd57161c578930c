// One crash-frame rule for every surface: the same chained exception, pasted as text into `locate`, given to
// `locate` as Sentry's event JSON, and shown by `status` as a Sentry error group (the REST latest event with
// several exception values, through the Sentry source and the signal mapper), lands on the same file:line.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseLatestEvent } from '../../../src/backends/sentry/parse';
import type { SentryClient } from '../../../src/backends/sentry/sentryClient';
import type { ErrorGroup, MappingResult } from '../../../src/core/model';
import { SentrySource } from '../../../src/services/sources/sentrySource';
import type { SourceContext } from '../../../src/services/sources/types';
import { mapErrorGroup } from '../../../src/services/signalMapper';
import { locateDocument, locateTrace } from '../../../src/services/traceLocator';
import { FIXTURES, contextFor, readTrace } from './workspaces';

interface ChainCase {
  name: string;
  text: string;
  event: string;
  workspace: string;
  /** The deepest workspace frame of the root cause (or, when it has none, of the exception that wrapped it). */
  crash: string;
  /** Where the raised exception alone would point: proof that the chain changes the answer. */
  raisedOnly: string;
}

const CASES: ChainCase[] = [
  {
    name: 'Node Error cause', text: 'node/cause-chain.txt', event: 'node-cause.sentry-rest.json', workspace: 'ts-monorepo',
    crash: 'services/api/src/lib/db.ts:18', raisedOnly: 'services/api/src/orders/handlers/create.ts:25',
  },
  {
    name: 'Python "direct cause" (raise ... from)', text: 'python/direct-cause.txt', event: 'python-direct-cause.sentry-rest.json', workspace: 'python-pkg',
    crash: 'services/billing/src/billing/invoices.py:88', raisedOnly: 'services/billing/src/billing/utils.py:12',
  },
  {
    name: 'Python "During handling of the above exception"', text: 'python/django-chained.txt', event: 'python-during-handling.sentry-rest.json', workspace: 'python-pkg',
    crash: 'shop/views.py:17', raisedOnly: 'shop/views.py:19',
  },
  {
    name: 'Java Caused by (root cause all library: its wrapper)', text: 'jvm/spring-caused-by.txt', event: 'java-caused-by.sentry-rest.json', workspace: 'maven',
    crash: 'orders/src/main/java/com/acme/orders/OrderService.java:57', raisedOnly: 'orders/src/main/java/com/acme/orders/config/SecurityConfig.java:88',
  },
];

const at = (r: MappingResult | undefined) => (r?.location ? `${r.location.file}:${r.location.line}` : null);

/** The Sentry source over a client that answers with one issue and the given REST latest event, parsed as the client parses it. */
async function sentryGroup(eventJson: unknown): Promise<ErrorGroup> {
  const issue: ErrorGroup = { id: '4711', source: 'sentry', title: 'chained failure', level: 'error', count: 3 };
  const client = {
    listIssues: async () => ({ items: [issue] }),
    listReleases: async () => ({ items: [] }),
    latestEvent: async () => parseLatestEvent(eventJson),
  } as unknown as SentryClient;
  const ctx = { environment: 'production', window: { label: '1h' }, signal: new AbortController().signal, now: 0, deadline: Number.MAX_SAFE_INTEGER } as unknown as SourceContext;
  const { errors } = await new SentrySource('https://sentry.example.com', client).fetch(ctx);
  assert.ok(errors && errors.length === 1);
  return errors[0];
}

describe('mapping: one crash frame for a chained exception, in every surface', () => {
  for (const c of CASES) {
    it(`${c.name}: locate (text), locate (Sentry JSON) and the error group agree on ${c.crash}`, async () => {
      const ctx = contextFor(c.workspace);
      const eventText = fs.readFileSync(path.join(FIXTURES, 'chains', c.event), 'utf8');

      const fromText = locateTrace(readTrace(c.text), ctx);
      const fromJson = locateTrace(eventText, ctx);
      const doc = locateDocument(fromText);
      const group = mapErrorGroup(await sentryGroup(JSON.parse(eventText)), ctx);

      assert.equal(at(fromText.results[fromText.crashFrame ?? -1]), c.crash, 'locate, pasted text');
      const crashJson = doc.frames.find((f) => f.index === doc.crashFrame)?.location;
      assert.equal(crashJson ? `${crashJson.file}:${crashJson.line}` : null, c.crash, 'locate --json crashFrame');
      assert.equal(at(fromJson.results[fromJson.crashFrame ?? -1]), c.crash, 'locate, Sentry event JSON');
      assert.equal(group.location ? `${group.location.file}:${group.location.line}` : null, c.crash, 'status: the Sentry error group');
      assert.equal(at(group.mapping), c.crash, 'the group explains the frame it points at');
    });

    it(`${c.name}: the group still lists the raised exception's frames, whose own crash is elsewhere`, async () => {
      const eventText = fs.readFileSync(path.join(FIXTURES, 'chains', c.event), 'utf8');
      const group = mapErrorGroup(await sentryGroup(JSON.parse(eventText)), contextFor(c.workspace));
      const mapped = (group.frameMappings ?? []).map(at).filter((x) => x !== null);
      assert.equal(group.frameMappings?.length, group.frames?.length, 'frame mappings stay aligned with the frames shown');
      assert.equal(mapped[mapped.length - 1], c.raisedOnly);
      assert.notEqual(c.raisedOnly, c.crash);
    });
  }
});
