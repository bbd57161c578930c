// The extension and the CLI wire the refresh pipeline through one factory (`services/pipeline.ts`): for the
// same backend answers, the CLI's refresh and a second caller wired as the editor is (its own token lookup,
// settings and snapshot store) produce the same snapshot, mapped onto the same code. Against the Sentry and
// PagerDuty stand-ins (their REST shapes).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { collectStatus } from '../../../src/cli/status';
import { NodeWorkspaceAccess } from '../../../src/cli/nodeWorkspace';
import { createLogger } from '../../../src/core/log';
import type { HealthSnapshot } from '../../../src/core/model';
import { parseTimeWindow } from '../../../src/core/timeWindow';
import { PdIncidentBuilder, pagerDutyFixture } from '../../../src/demo/replay/pagerDutyBuilders';
import { startReplayServer, type ReplayServer } from '../../../src/demo/replay/replayServer';
import { SentryIssueBuilder, sentryFixture, sentryFrame } from '../../../src/demo/replay/sentryBuilders';
import { CodeIndex } from '../../../src/services/codeIndex';
import { caFileReader, createPipeline } from '../../../src/services/pipeline';
import type { SnapshotStore } from '../../../src/services/refreshService';
import { ServiceRegistry } from '../../../src/services/serviceRegistry';

const SENTRY_TOKEN = 'sntrys_pipeline_test_token';
const PD_TOKEN = 'pd_pipeline_test_key';
const window = parseTimeWindow('1h')!;
const log = createLogger(() => undefined);

/** Times of this run (when fetched, how long it took) differ between two refreshes; everything else must not. */
function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !['fetchedAt', 'lastAttempt', 'lastSuccess', 'dataAt', 'latencyMs'].includes(key)).map(([k, v]) => [k, withoutTimes(v)]));
  }
  return value;
}

describe('pipeline: the CLI and the editor wire the refresh through one factory', function () {
  let server: ReplayServer;
  let workspace: string;
  let cache: string;

  beforeEach(async () => {
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const recent = new Date(Date.now() - 60_000).toISOString();
    server = await startReplayServer({
      sentry: sentryFixture({
        token: SENTRY_TOKEN,
        organization: 'acme',
        project: { id: '7', slug: 'checkout' },
        issues: [
          new SentryIssueBuilder('TypeError: cart is undefined').count(42).seen(old, recent).frames(sentryFrame({ filename: '/app/src/cart.ts', function: 'total', lineNo: 2, inApp: true })),
          new SentryIssueBuilder('Error: payment declined').count(7).seen(old, recent).frames(sentryFrame({ filename: '/app/src/pay.ts', function: 'charge', lineNo: 1, inApp: true })),
        ],
      }),
      pagerduty: pagerDutyFixture({ token: PD_TOKEN, incidents: [new PdIncidentBuilder('Checkout latency').service('PSVC001').urgency('high').status('triggered')] }),
    });
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-pipeline-'));
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-pipeline-cache-'));
    fs.mkdirSync(path.join(workspace, 'src'));
    fs.writeFileSync(path.join(workspace, 'src', 'cart.ts'), 'export function total(cart) {\n  return cart.items.length;\n}\n');
    fs.writeFileSync(path.join(workspace, 'src', 'pay.ts'), 'export function charge() {}\n');
    fs.writeFileSync(
      path.join(workspace, '.prodlens.json'),
      JSON.stringify({
        services: [{
          name: 'checkout',
          folders: [''],
          pathMappings: [{ from: '/app', to: '' }],
          backends: { sentry: { url: server.url, organization: 'acme', project: 'checkout' }, pagerduty: { url: server.url, serviceIds: ['PSVC001'] } },
        }],
      }),
    );
  });

  afterEach(async () => {
    await server.stop();
    for (const dir of [workspace, cache]) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A caller wired as the container wires it: tokens from its own store, snapshots kept in memory. */
  async function refreshAsTheEditorDoes(): Promise<HealthSnapshot> {
    const access = new NodeWorkspaceAccess(workspace);
    const registry = new ServiceRegistry(access, log);
    const { services } = await registry.detect();
    const saved = new Map<string, HealthSnapshot>();
    const store: SnapshotStore = { load: async (name) => saved.get(name), save: async (s) => void saved.set(s.service, s) };
    const secrets: Record<string, string> = { sentry: SENTRY_TOKEN, pagerduty: PD_TOKEN };
    const { refresh } = createPipeline({
      readCaFile: caFileReader(workspace),
      tokens: async (kind) => secrets[kind],
      backendDefaults: () => ({}),
      settings: () => ({ window, environment: 'production' }),
      store,
      log,
      code: new CodeIndex(access, log),
      services: () => registry.services,
    });
    try {
      await refresh.restore(services[0].name);
      return await refresh.refresh(services[0], { force: true });
    } finally {
      await refresh.flushSaves();
      refresh.dispose();
      registry.dispose();
    }
  }

  it('the same snapshot, mapped onto the same lines, from the CLI and from the editor\'s wiring', async () => {
    const env = { PRODLENS_CACHE_DIR: cache, PRODLENS_SENTRY_TOKEN: SENTRY_TOKEN, PRODLENS_PAGERDUTY_TOKEN: PD_TOKEN };
    const access = new NodeWorkspaceAccess(workspace);
    const { services } = await new ServiceRegistry(access, log).detect();
    const [cli] = await collectStatus({ services, window, environment: 'production', env, cacheDir: cache, log, code: new CodeIndex(access, log), root: workspace });
    const editor = await refreshAsTheEditorDoes();

    assert.deepEqual(withoutTimes(editor), withoutTimes(cli));
    // Not two empty snapshots: both answers are in it, and the errors sit on the workspace's lines.
    assert.equal(cli.status, 'critical', cli.statusReasons.join(' | '));
    assert.deepEqual(cli.errors.map((e) => [e.title, e.count, e.location && `${e.location.file}:${e.location.line}`]), [
      ['TypeError: cart is undefined', 42, 'src/cart.ts:2'],
      ['Error: payment declined', 7, 'src/pay.ts:1'],
    ]);
    assert.deepEqual(cli.incidents.map((i) => i.title), ['Checkout latency']);

    // `prodlens status --json` prints that snapshot (its second run restores the first one's cache first).
    const out: string[] = [];
    const code = await runCli(['status', '--json', '--cwd', workspace], { out: (t) => out.push(t), err: () => undefined, env, cwd: workspace });
    assert.equal(code, 0);
    const printed = (JSON.parse(out.join('\n')) as { services: { status: string; stale: boolean; errors: { title: string; location?: { file: string; line: number } }[] }[] }).services[0];
    assert.equal(printed.status, editor.status);
    assert.equal(printed.stale, false);
    assert.deepEqual(printed.errors.map((e) => [e.title, e.location?.file, e.location?.line]), editor.errors.map((e) => [e.title, e.location?.file, e.location?.line]));
  });
});
