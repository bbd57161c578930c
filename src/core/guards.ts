// Checks on untrusted values (parsed JSON, YAML, settings), shared by the parsers of every layer.

/** A plain object with string keys: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Loopback hosts as `URL.hostname` spells them: a token may go there without the user listing the origin. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}
