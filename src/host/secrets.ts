// Tokens live only in SecretStorage, keyed by backend kind AND origin: a token saved for
// https://sentry.example.com can never be looked up for another host, whatever a workspace config says.
import type * as vscode from 'vscode';
import { tokenSecretKey } from './ids';

export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

export class TokenStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get onDidChange(): vscode.Event<vscode.SecretStorageChangeEvent> {
    return this.secrets.onDidChange;
  }

  async get(kind: string, url: string): Promise<string | undefined> {
    const origin = originOf(url);
    return origin ? this.secrets.get(tokenSecretKey(kind, origin)) : undefined;
  }

  async has(kind: string, url: string): Promise<boolean> {
    return (await this.get(kind, url)) !== undefined;
  }

  async set(kind: string, url: string, token: string): Promise<void> {
    const origin = originOf(url);
    if (!origin) throw new Error(`Not an http(s) URL: ${url}`);
    await this.secrets.store(tokenSecretKey(kind, origin), token);
  }

  async delete(kind: string, url: string): Promise<void> {
    const origin = originOf(url);
    if (origin) await this.secrets.delete(tokenSecretKey(kind, origin));
  }
}
