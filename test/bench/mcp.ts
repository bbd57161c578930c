// For `npm run bench` (issue 15): `prodlens mcp` from spawn to a served `initialize` (target under 300 ms), and a
// tool call from the warm cache (target under 50 ms), measured over the server's real stdio with plain JSON-RPC
// lines so the figures are the server's and the pipe's, not a client library's. The warm call runs against the
// demo production (real Prometheus and Alertmanager, the Sentry/PagerDuty stand-in) on free ports.
// Run as `node out/test/bench/mcp.js [results.json]` after `node esbuild.js --tests`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_TOKEN } from '../../src/demo/fixtures';
import { startDemoProduction } from '../../src/demo/production';
import { CLI, demoWorkspace, freeDemoPorts } from '../integration/mcp/harness';
import { median, nowMs, runMain, type BenchOutput } from './common';

const STARTS = 10;
const WARM_CALLS = 20;

/** A JSON-RPC peer over the child's stdio: one pending request at a time, answers matched by id. */
class RawClient {
  private buffer = '';
  private nextId = 1;
  private waiting?: { id: number; resolve: (message: Record<string, unknown>) => void };

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, newline)) as Record<string, unknown>;
        this.buffer = this.buffer.slice(newline + 1);
        if (this.waiting && message.id === this.waiting.id) this.waiting.resolve(message);
      }
    });
  }

  request(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting = { id, resolve };
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  initialize(): Promise<Record<string, unknown>> {
    return this.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } });
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    await exited;
  }
}

function startServer(workspace: string, env: NodeJS.ProcessEnv): RawClient {
  return new RawClient(spawn(process.execPath, [CLI, 'mcp', '--cwd', workspace], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] }));
}

async function benchMcp(): Promise<BenchOutput> {
  const ports = await freeDemoPorts();
  const production = await startDemoProduction({ ports });
  const workspace = demoWorkspace(ports);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-bench-mcp-'));
  const env = { PRODLENS_SENTRY_TOKEN: DEMO_TOKEN, PRODLENS_PAGERDUTY_TOKEN: DEMO_TOKEN, PRODLENS_CACHE_DIR: cacheDir };
  try {
    const starts: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      const started = nowMs();
      const client = startServer(workspace, env);
      const answer = await client.initialize();
      starts.push(nowMs() - started);
      if (!answer.result) throw new Error(`initialize failed: ${JSON.stringify(answer)}`);
      await client.close();
    }

    const client = startServer(workspace, env);
    await client.initialize();
    const args = { name: 'production_errors', arguments: { file: 'services/checkout-api/src/routes/orders.ts' } };
    const coldStarted = nowMs();
    const cold = await client.request('tools/call', args);
    const coldMs = nowMs() - coldStarted;
    const first = cold.result as { isError?: boolean; structuredContent?: unknown } | undefined;
    if (!first || first.isError || !first.structuredContent) throw new Error(`the first call failed: ${JSON.stringify(cold).slice(0, 400)}`);
    const sentBefore = production.replayRequests.length;
    const warm: number[] = [];
    for (let i = 0; i < WARM_CALLS; i++) {
      const started = nowMs();
      await client.request('tools/call', args);
      warm.push(nowMs() - started);
    }
    if (production.replayRequests.length !== sentBefore) throw new Error('warm calls reached the backends: the cache did not serve them');
    await client.close();
    return {
      rows: [
        { name: `prodlens mcp: spawn to served initialize (median of ${STARTS})`, value: median(starts), unit: 'ms', target: 300 },
        { name: `prodlens mcp: warm production_errors call (median of ${WARM_CALLS})`, value: median(warm), unit: 'ms', target: 50 },
      ],
      notes: [`prodlens mcp: the first production_errors call (detection, file index, refresh of 4 backends) took ${coldMs.toFixed(0)} ms; the warm calls sent no backend request.`],
    };
  } finally {
    await production.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

if (require.main === module) runMain(benchMcp);
