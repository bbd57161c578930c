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

/** Which (kind, origin) pairs have a token: not secret, kept so ProdLens can say where a token *is* saved. */
const INDEX_KEY = 'prodlens.tokenOrigins';

export class TokenStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly index?: vscode.Memento,
  ) {}

  /** Origins a token of `kind` is saved for (from the index; the tokens themselves stay in SecretStorage). */
  originsWithToken(kind: string): string[] {
    return (this.index?.get<string[]>(INDEX_KEY) ?? []).filter((k) => k.startsWith(`${kind} `)).map((k) => k.slice(kind.length + 1));
  }

  private async updateIndex(kind: string, origin: string, present: boolean): Promise<void> {
    if (!this.index) return;
    const key = `${kind} ${origin}`;
    const keys = new Set(this.index.get<string[]>(INDEX_KEY) ?? []);
    if (present) keys.add(key);
    else keys.delete(key);
    await this.index.update(INDEX_KEY, [...keys]);
  }

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
    await this.updateIndex(kind, origin, true);
  }

  async delete(kind: string, url: string): Promise<void> {
    const origin = originOf(url);
    if (!origin) return;
    await this.secrets.delete(tokenSecretKey(kind, origin));
    await this.updateIndex(kind, origin, false);
  }
}
