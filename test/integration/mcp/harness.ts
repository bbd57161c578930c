// Runs `prodlens mcp` as an MCP client would: `node dist/cli.js mcp` over stdio with the SDK's own client,
// against the demo production (real Prometheus and Alertmanager, the Sentry/PagerDuty stand-in) on free ports.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DEMO_PORTS } from '../../../src/demo/production';
import { freePort } from '../servers';

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export type DemoPorts = Record<keyof typeof DEMO_PORTS, number>;

export async function freeDemoPorts(): Promise<DemoPorts> {
  return { prometheus: await freePort(), alertmanager: await freePort(), replay: await freePort(), metrics: await freePort() };
}

/** A copy of demo/ whose .prodlens.json points at `ports` (the demo production's, or closed ones). */
export function demoWorkspace(ports: DemoPorts): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-mcp-ws-'));
  fs.cpSync(path.join(ROOT, 'demo'), dir, { recursive: true });
  const file = path.join(dir, '.prodlens.json');
  let config = fs.readFileSync(file, 'utf8');
  for (const name of Object.keys(DEMO_PORTS) as (keyof typeof DEMO_PORTS)[]) config = config.replaceAll(`127.0.0.1:${DEMO_PORTS[name]}`, `127.0.0.1:${ports[name]}`);
  fs.writeFileSync(file, config);
  return dir;
}

export interface McpSession {
  client: Client;
  /** What the server wrote to stderr so far (its log). */
  stderr(): string;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export async function connectMcp(cwd: string, options: { args?: string[]; env?: Record<string, string> } = {}): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', '--cwd', cwd, ...(options.args ?? [])],
    env: options.env,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const client = new Client({ name: 'prodlens-test', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    close: () => client.close(),
  };
}

/** The text of a tool error, or of a result, for assertion messages. */
export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
}
