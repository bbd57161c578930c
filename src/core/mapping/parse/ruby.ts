// Ruby backtraces: `app/models/order.rb:12:in 'total': message (NoMethodError)`, `\tfrom x.rb:8:in `show'`,
// Ruby 3.4's `'Order#total'` labels, `block in`/`rescue in` prefixes, Rails log backtrace lines.
import type { TraceFrame } from '../types';
import type { TraceBuilder } from './builder';
import { toLineNumber } from './lines';

const QUOTES = ['\'', '`', '‘', '’'];

function parseLabel(label: string): { module?: string; function: string } {
  const name = label.replace(/^(block( \(\d+ levels\))?|rescue|ensure) in /, '');
  // Ruby 3.4 qualifies labels: `Order#total`, `Order.find`, `Acme::Orders#show`.
  const hash = Math.max(name.lastIndexOf('#'), name.lastIndexOf('.'));
  if (hash > 0 && /^[A-Z]/.test(name)) return { module: name.slice(0, hash), function: name.slice(hash + 1) };
  return { function: name };
}

export function parseRubyFrame(line: string): { frame: TraceFrame; rest: string } | undefined {
  const marker = line.indexOf(':in ');
  if (marker < 0) return undefined;
  const colon = line.lastIndexOf(':', marker - 1);
  if (colon < 0) return undefined;
  const lineNo = toLineNumber(line.slice(colon + 1, marker));
  if (lineNo === undefined) return undefined;
  let start = line.lastIndexOf(' ', colon) + 1;
  const tab = line.lastIndexOf('\t', colon) + 1;
  start = Math.max(start, tab);
  const path = line.slice(start, colon);
  if (!path.endsWith('.rb') && !path.endsWith('.rake') && !path.endsWith('.erb') && !path.startsWith('<internal:')) return undefined;
  const open = line.charAt(marker + 4);
  if (!QUOTES.includes(open)) return undefined;
  let close = marker + 5;
  while (close < line.length && !QUOTES.includes(line.charAt(close))) close++;
  const frame: TraceFrame = { raw: line, deployedPath: path, line: lineNo, language: 'ruby', ...parseLabel(line.slice(marker + 5, close)) };
  return { frame, rest: line.slice(close + 1) };
}

export function rubySignal(line: string): number {
  return parseRubyFrame(line) ? 2 : 0;
}

/** `: undefined method 'price' for nil (NoMethodError)` → type and message. */
function headerFrom(rest: string): { type?: string; message?: string } | undefined {
  if (!rest.startsWith(': ')) return undefined;
  const text = rest.slice(2).trim();
  const open = text.lastIndexOf(' (');
  if (open >= 0 && text.endsWith(')')) {
    const type = text.slice(open + 2, -1);
    if (/^[A-Z][\w:]*$/.test(type)) return { type, message: text.slice(0, open) };
  }
  return { message: text };
}

const RUBY_TYPE = /([A-Z][\w]*(?:::[A-Z][\w]*)*(?:Error|Exception|Invalid|NotFound|Missing|Declined|Timeout))/;

/** Rails logs name the exception before the backtrace: `NoMethodError (undefined method ...):`; Sidekiq `Type: msg`. */
function headerBefore(lines: readonly string[]): { type?: string; message?: string } | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    const rails = new RegExp(`${RUBY_TYPE.source} \\((.*)\\):?\\s*$`).exec(line);
    if (rails) return { type: rails[1], message: rails[2] };
    const colon = new RegExp(`${RUBY_TYPE.source}: (.*)$`).exec(line);
    if (colon) return { type: colon[1], message: colon[2].trim() };
  }
  return undefined;
}

export function parseRubyLines(lines: readonly string[], b: TraceBuilder): number[] {
  const recent: string[] = [];
  for (const line of lines) {
    const parsed = parseRubyFrame(line);
    if (!parsed) {
      if (line.trim() !== '') recent.push(line);
      if (recent.length > 3) recent.shift();
      continue;
    }
    const isContinuation = /^\s*from /.test(line) || (/^\s/.test(line) && !!b.currentGroup);
    const header = headerFrom(parsed.rest);
    if (!b.currentGroup || (header && !isContinuation)) {
      b.startGroup({ kind: 'exception', innermostFirst: true, ...(header ?? headerBefore(recent) ?? {}) });
    }
    if (!b.addFrame(parsed.frame, true)) break;
    recent.length = 0;
  }
  return b.groups.map((_, i) => i);
}
