// Proxy selection. The caller (extension: `http.proxy` setting; CLI: HTTPS_PROXY/NO_PROXY) decides what to
// pass; nothing here reads the environment, so the same inputs always give the same route.
import type { AxiosProxyConfig } from 'axios';
import { BackendError } from '../errors';

/** Parses `http://[user:pass@]host:port` into axios's shape. */
export function parseProxyUrl(raw: string): AxiosProxyConfig {
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    throw new BackendError('config', 'the proxy setting is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BackendError('config', `unsupported proxy scheme ${url.protocol} (use http or https)`);
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const config: AxiosProxyConfig = { protocol: url.protocol.slice(0, -1), host: url.hostname.replace(/^\[|\]$/g, ''), port };
  if (url.username || url.password) {
    config.auth = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  }
  return config;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/**
 * The NO_PROXY convention curl and most tools follow: `*` matches all, `example.com` and `.example.com`
 * match the host and its subdomains, `host:port` matches only that port. IP ranges (CIDR) are not supported.
 */
export function shouldBypassProxy(rawUrl: string, noProxy: readonly string[] | undefined): boolean {
  if (!noProxy || noProxy.length === 0) return false;
  const url = new URL(rawUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || defaultPort(url.protocol);
  for (const rawEntry of noProxy) {
    const entry = rawEntry.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (!match) continue;
    const entryHost = match[1].replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    if (match[2] && match[2] !== port) continue;
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return true;
  }
  return false;
}
