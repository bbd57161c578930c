// Finding "Type: message" in the line that introduces a trace, even behind a log prefix.

export interface ExceptionHeader {
  type?: string;
  message?: string;
}

const TYPE_SUFFIX = /(Error|Exception|Exit|Interrupt|Warning|Throwable|Panic|Failure|Fault|DoesNotExist|Timeout|Rejection)$/;

function splitTypeAndMessage(text: string, typeLike: (token: string) => boolean): ExceptionHeader | undefined {
  const colon = text.indexOf(': ');
  const head = colon < 0 ? text.trim() : text.slice(0, colon).trim();
  const bracket = head.indexOf(' [');
  const type = bracket > 0 ? head.slice(0, bracket) : head;
  if (!typeLike(type)) return undefined;
  return colon < 0 ? { type } : { type, message: text.slice(colon + 2).trim() };
}

/**
 * Looks for an exception type token (`TypeError`, `java.lang.IllegalStateException`, `KeyError`) followed by
 * `: message` or the end of line, anywhere in the line: tokens are scanned left to right so any log prefix is
 * skipped without a backtracking regex.
 */
export function findExceptionHeader(line: string, tokenPattern: RegExp): ExceptionHeader | undefined {
  const trimmed = line.trim();
  if (trimmed.length === 0) return undefined;
  const isType = (t: string) => tokenPattern.test(t) && TYPE_SUFFIX.test(t.replace(/\$.*$/, ''));
  let start = 0;
  while (start < trimmed.length) {
    const end = trimmed.indexOf(' ', start);
    const token = (end < 0 ? trimmed.slice(start) : trimmed.slice(start, end)).replace(/:$/, '');
    if (isType(token)) {
      const rest = end < 0 ? '' : trimmed.slice(end + 1);
      const hadColon = trimmed.charAt(start + token.length) === ':';
      // Node error codes (`Error [ERR_X]: msg`) and .NET HRESULTs (`PostgresException (0x80004005): msg`).
      const code = /^(\[[A-Z0-9_]+\]|\(0x[0-9A-Fa-f]{1,8}\)):/.exec(rest);
      if (code) return { type: token, message: rest.slice(code[0].length).trim() || undefined };
      if (hadColon) return { type: token, message: rest.trim() || undefined };
      if (rest.trim() === '') return { type: token };
    }
    if (end < 0) break;
    start = end + 1;
  }
  return undefined;
}

/** `Type: message` at the very start (after trimming), with any identifier-like type. */
export function headerAtStart(line: string, tokenPattern: RegExp): ExceptionHeader | undefined {
  return splitTypeAndMessage(line.trim(), (t) => tokenPattern.test(t));
}
