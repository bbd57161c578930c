// `npm run demo` hands the demo production's token to the extension host through the environment, so the
// demo works without typing one. Only loopback origins are accepted: an environment variable can never
// make ProdLens send a token to a real host.
import type { BackendKind } from '../core/model';
import type { Logger } from '../core/log';
import type { TokenStore } from './secrets';
import { isLoopbackHost } from '../core/guards';

export const DEMO_TOKENS_ENV = 'PRODLENS_DEMO_TOKENS';

interface DemoToken {
  kind: BackendKind;
  url: string;
  token: string;
}

const KINDS: readonly string[] = ['prometheus', 'alertmanager', 'sentry', 'pagerduty'];

function isLoopback(url: string): boolean {
  try {
    const { hostname, protocol } = new URL(url);
    return (protocol === 'http:' || protocol === 'https:') && isLoopbackHost(hostname);
  } catch {
    return false;
  }
}

export async function importDemoTokens(env: NodeJS.ProcessEnv, tokens: TokenStore, log: Logger): Promise<number> {
  const raw = env[DEMO_TOKENS_ENV];
  if (!raw) return 0;
  let entries: unknown;
  try {
    entries = JSON.parse(raw);
  } catch {
    log.warn(`${DEMO_TOKENS_ENV} is not valid JSON; ignored.`);
    return 0;
  }
  if (!Array.isArray(entries)) return 0;
  let stored = 0;
  for (const entry of entries as Partial<DemoToken>[]) {
    if (!entry || typeof entry.token !== 'string' || typeof entry.url !== 'string' || !KINDS.includes(String(entry.kind))) continue;
    if (!isLoopback(entry.url)) {
      log.warn(`Ignored a demo token for ${entry.kind} at a non-loopback URL.`);
      continue;
    }
    if ((await tokens.get(entry.kind as BackendKind, entry.url)) === entry.token) continue;
    await tokens.set(entry.kind as BackendKind, entry.url, entry.token);
    stored++;
  }
  if (stored) log.info(`Stored ${stored} demo token(s) for loopback backends.`);
  return stored;
}
