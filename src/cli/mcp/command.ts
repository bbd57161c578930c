// `prodlens mcp [--cwd DIR] [--allow-actions]`: the agent tools as an MCP server over stdio. stdout carries
// the protocol only; logs go to stderr. The server ends, exit code 0, when its client closes stdin, and a
// client that goes away in the middle of a call (stdout closed) ends it the same way instead of crashing it.
import { promises as fs } from 'fs';
import type { Readable, Writable } from 'stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createLogger } from '../../core/log';
import type { TimeWindow } from '../../core/timeWindow';
import { createMcpHost } from './host';
import { createMcpServer } from './server';

/** Above the SDK's 10 MB default, so an oversized argument reaches the tool and gets its error, not a dropped connection. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface McpOptions {
  root: string;
  allowActions: boolean;
  window: TimeWindow;
  environment: string;
}

export interface McpIo {
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  stdin?: Readable;
  stdout?: Writable;
}

export async function runMcp(options: McpOptions, io: McpIo): Promise<number> {
  if (!(await fs.stat(options.root).catch(() => undefined))?.isDirectory()) {
    io.err(`prodlens mcp: --cwd ${options.root} is not a folder.`);
    return 2;
  }
  const stdin = io.stdin ?? process.stdin;
  const stdout = io.stdout ?? process.stdout;
  const log = createLogger((level, line) => level !== 'debug' && io.err(`prodlens mcp: ${line}`));
  const host = createMcpHost({ root: options.root, env: io.env, log, allowActions: options.allowActions, window: options.window, environment: options.environment });
  const server = createMcpServer(host, { allowActions: options.allowActions });
  const transport = new StdioServerTransport(stdin, stdout, { maxBufferSize: MAX_MESSAGE_BYTES });
  const ended = new Promise<void>((resolve) => {
    stdin.once('end', resolve);
    stdin.once('close', resolve);
    // EPIPE: the client went away; nothing more can be said to it.
    stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') log.warn(`stdout: ${err.message}`);
      resolve();
    });
    transport.onclose = resolve;
  });
  server.onerror = (err) => log.warn(`protocol: ${err.message}`);
  await server.connect(transport);
  log.info(`serving ${options.root} over stdio${options.allowActions ? ' (actions allowed)' : ' (read-only)'}`);
  await ended;
  await server.close().catch(() => undefined);
  await host.dispose().catch((err: unknown) => log.warn('saving snapshots failed:', err));
  if (stdin === process.stdin) process.stdin.destroy();
  return 0;
}
