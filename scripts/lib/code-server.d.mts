// Types of code-server.mjs for the TypeScript tests that drive a real workbench.
import type { Browser, Page } from 'playwright-core';

export type Log = (line: string, level?: string) => void;

export const CODE_SERVER_VERSION: string;
export function ensureCodeServer(options?: { log?: Log }): Promise<{ entry: string }>;
export function ensureChromium(): Promise<string>;
export function stopAll(): Promise<void>;
export function startCodeServer(options?: {
  workspace?: string;
  userDataDir?: string;
  extensionsDir?: string;
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  log?: Log;
  timeoutMs?: number;
  trusted?: boolean;
}): Promise<{ url: string; port: number; stop(): Promise<void>; exited: Promise<unknown>; userDataDir: string; extensionsDir: string }>;
export function installExtension(options: { vsix: string; userDataDir: string; extensionsDir: string; log?: Log }): Promise<string>;
export function openWorkbench(options: {
  url: string;
  folder?: string;
  payload?: [string, string][];
  log?: Log;
  onExit?: (code: number) => void;
  viewport?: { width: number; height: number };
}): Promise<{ browser: Browser; page: Page; close(): Promise<void> }>;
