// Tokens for the CLI come from environment variables, and like the extension's they are bound to origins:
// a repository's .prodlens.json must not be able to send PRODLENS_SENTRY_TOKEN to a host of its choosing.
// A token goes to the vendor's own origin, to loopback, or to origins listed in PRODLENS_TOKEN_ORIGINS.
import { tokenEnvVar } from '../core/diagnostics/report';
import type { BackendKind } from '../core/model';
import { isLoopbackHost } from '../core/guards';

export const TOKEN_ORIGINS_ENV = 'PRODLENS_TOKEN_ORIGINS';

const VENDOR_HOSTS: Partial<Record<BackendKind, RegExp>> = {
  sentry: /^(.+\.)?sentry\.io$/,
  pagerduty: /^api\.(eu\.)?pagerduty\.com$/,
};

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

export function envTokenAllowed(env: NodeJS.ProcessEnv, kind: BackendKind, url: string): boolean {
  const target = parse(url);
  if (!target) return false;
  if (isLoopbackHost(target.hostname)) return true;
  const vendor = VENDOR_HOSTS[kind];
  if (vendor && target.protocol === 'https:' && vendor.test(target.hostname)) return true;
  const listed = (env[TOKEN_ORIGINS_ENV] ?? '').split(',').map((s) => parse(s.trim())?.origin).filter(Boolean);
  return listed.includes(target.origin);
}

/** The token lookup for the CLI's sources: the env token, only for an allowed origin. */
export function envTokenLookup(env: NodeJS.ProcessEnv) {
  return (kind: BackendKind, url: string): Promise<string | undefined> => {
    const token = env[tokenEnvVar(kind)];
    return Promise.resolve(token && envTokenAllowed(env, kind, url) ? token : undefined);
  };
}

/** A token is set but withheld from this origin: what the doctor says about it. */
export function withheldReason(env: NodeJS.ProcessEnv, kind: BackendKind, url: string): string | undefined {
  if (!env[tokenEnvVar(kind)] || envTokenAllowed(env, kind, url)) return undefined;
  const origin = parse(url)?.origin ?? url;
  return `${tokenEnvVar(kind)} is set but not sent to ${origin}: the CLI sends a token only to the vendor's own host, loopback, or an origin listed in ${TOKEN_ORIGINS_ENV} (add "${origin}" there if you trust it).`;
}
