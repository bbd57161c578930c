// A logger without VS Code: the extension injects its LogOutputChannel, the CLI writes to stderr.
// Everything logged passes through `scrubSecrets`, so a token that slips into a message is never written.

export interface Logger {
  error(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const SECRET_PATTERNS: RegExp[] = [
  // Authorization header values: Bearer x, Basic x, Token token=x, GenieKey x, ApiKey x, SSWS x.
  /\b(Bearer|Basic|GenieKey|ApiKey|Api-Key|SSWS)\s+[A-Za-z0-9._~+/=-]{4,}/gi,
  /\bToken\s+token=[^\s,;"']+/gi,
  // key=value and "key": "value" pairs whose key names a secret.
  /((?:api[_-]?key|token|secret|password|passwd|authorization|dd-api-key|dd-application-key)["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi,
  // Credentials inside URLs: https://user:pass@host
  /(\/\/[^/\s:@]+:)[^@\s/]+@/g,
  // Tokens recognisable by their vendor prefix wherever they appear (Sentry, Grafana, GitHub, New Relic).
  /\b(sntry[su]_|glsa_|glc_|gh[pousr]_|NRAK-|NRII-)[A-Za-z0-9_=+/-]{8,}/g,
];

export function scrubSecrets(text: string): string {
  let out = text;
  out = out.replace(SECRET_PATTERNS[0], (_m, scheme: string) => `${scheme} ***`);
  out = out.replace(SECRET_PATTERNS[1], 'Token token=***');
  out = out.replace(SECRET_PATTERNS[2], (_m, key: string) => `${key}***`);
  out = out.replace(SECRET_PATTERNS[3], (_m, prefix: string) => `${prefix}***@`);
  out = out.replace(SECRET_PATTERNS[4], (_m, prefix: string) => `${prefix}***`);
  return out;
}

function render(message: string, args: unknown[]): string {
  const parts = [message, ...args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : safeJson(a)))];
  return scrubSecrets(parts.join(' '));
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const LEVELS: LogLevel[] = ['error', 'warn', 'info', 'debug'];

/** Builds a Logger from a sink that takes already-scrubbed lines. */
export function createLogger(sink: (level: LogLevel, line: string) => void, minLevel: () => LogLevel = () => 'info'): Logger {
  const enabled = (level: LogLevel) => LEVELS.indexOf(level) <= LEVELS.indexOf(minLevel());
  const at = (level: LogLevel) => (message: string, ...args: unknown[]) => {
    if (enabled(level)) sink(level, render(message, args));
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
