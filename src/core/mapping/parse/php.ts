// PHP traces: `PHP Fatal error:  Uncaught RuntimeException: boom in /var/www/src/X.php:42`, `Stack trace:`,
// `#0 /var/www/src/Y.php(18): App\Y->call()`, `#1 [internal function]: ...`, `#2 {main}`, `Next X: ...` chains,
// and Laravel's `RuntimeException(code: 0): boom at /var/www/app/X.php:42)`.
import type { TraceFrame } from '../types';
import type { TraceBuilder } from './builder';
import { findExceptionHeader, headerAtStart } from './header';
import { toLineNumber } from './lines';

const PHP_TYPE = /^[A-Za-z_\\][\w\\]*$/;

function splitCall(call: string): { module?: string; function?: string } {
  const text = call.trim();
  const paren = text.indexOf('(');
  const name = paren > 0 ? text.slice(0, paren) : text;
  const sep = Math.max(name.lastIndexOf('->'), name.lastIndexOf('::'));
  if (sep > 0) return { module: name.slice(0, sep), function: name.slice(sep + (name.startsWith('->', sep) || name.startsWith('::', sep) ? 2 : 1)) };
  return name ? { function: name } : {};
}

export function parsePhpFrame(line: string): TraceFrame | undefined {
  const hash = line.search(/#\d+ /);
  if (hash < 0) return undefined;
  const body = line.slice(line.indexOf(' ', hash) + 1);
  if (body.startsWith('{main}')) return undefined;
  if (body.startsWith('[internal function]: ')) {
    return { raw: line, language: 'php', ...splitCall(body.slice(21)) };
  }
  const marker = body.indexOf('): ');
  if (marker < 0) return undefined;
  const open = body.lastIndexOf('(', marker);
  const lineNo = open < 0 ? undefined : toLineNumber(body.slice(open + 1, marker));
  if (lineNo === undefined) return undefined;
  return { raw: line, language: 'php', deployedPath: body.slice(0, open), line: lineNo, ...splitCall(body.slice(marker + 3)) };
}

/** The throw site named in a header: `... in /path/X.php:42`, `... at /path/X.php:42)`. */
function throwSite(line: string): { path: string; line: number; textEnd: number } | undefined {
  for (const word of [' in ', ' at ']) {
    const i = line.lastIndexOf(word);
    if (i < 0) continue;
    const loc = line.slice(i + word.length).trim().replace(/\)$/, '');
    const colon = loc.lastIndexOf(':');
    const lineNo = colon < 0 ? undefined : toLineNumber(loc.slice(colon + 1));
    if (lineNo !== undefined && /\.(php|phtml|inc)$/.test(loc.slice(0, colon))) return { path: loc.slice(0, colon), line: lineNo, textEnd: i };
  }
  return undefined;
}

export function phpSignal(line: string): number {
  if (parsePhpFrame(line)?.deployedPath?.endsWith('.php')) return 3;
  if (/#\d+ (\{main\}|\[internal function\]: )/.test(line) || line.includes(' thrown in ')) return 2;
  return throwSite(line) ? 1 : 0;
}

export function parsePhpLines(lines: readonly string[], b: TraceBuilder): number[] {
  for (const line of lines) {
    const frame = parsePhpFrame(line);
    if (frame) {
      if (!b.addFrame(frame, true)) break;
      continue;
    }
    if (line.includes(' thrown in ') || line.includes('Stack trace:') || line.includes('[stacktrace]')) continue;
    const site = throwSite(line);
    if (!site) continue;
    let text = line.slice(0, site.textEnd).replace(/^.*?(PHP )?(Fatal error|Warning|Notice):\s+(Uncaught )?/, '').replace(/^\s*Next /, '');
    const laravel = text.indexOf('[object] (');
    if (laravel >= 0) text = text.slice(laravel + 10);
    text = text.replace(/\(code: -?\d+\)/, '');
    const header = headerAtStart(text, PHP_TYPE) ?? findExceptionHeader(text, PHP_TYPE);
    b.startGroup({ kind: 'exception', innermostFirst: true, ...header, ...(line.includes('Next ') ? { label: 'Next' } : {}) });
    // The header's file:line is where the exception was thrown: the innermost frame, printed first.
    if (!b.addFrame({ raw: line, language: 'php', deployedPath: site.path, line: site.line }, true)) break;
  }
  // PHP prints the previous (earliest) exception first and chains the later ones with `Next`.
  return b.groups.map((_, i) => i);
}
