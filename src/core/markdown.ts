// Building Markdown from untrusted production text: everything is escaped, links only to http(s) or file
// URIs ProdLens built itself, never `command:`. Used for hovers and tooltips (which are never trusted).
import { UNPRINTABLE } from './text';

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&]/g;

/**
 * Escapes text so Markdown shows it literally. Newlines and runs of spaces become one space (callers add their
 * own structure): four leading spaces would make a code block.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(UNPRINTABLE, ' ').replace(/\s+/g, ' ').replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/** Only http(s) links pass; anything else (javascript:, command:, data:) gives undefined. */
export function safeWebUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return encodeLinkTarget(parsed.toString());
  } catch {
    return undefined;
  }
}

/** A Markdown link with escaped text; the URL must already be safe (built by ProdLens or passed through safeWebUrl). */
export function markdownLink(text: string, url: string): string {
  return `[${escapeMarkdown(text)}](${encodeLinkTarget(url)})`;
}

/**
 * Percent-encodes what would end a Markdown link target early (`https://x/a)[b](command:c)` would otherwise
 * close the link and open another). Not encodeURIComponent alone: it leaves parentheses as they are.
 */
function encodeLinkTarget(url: string): string {
  return url.replace(/[()<>\s]/g, (c) => (c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c)));
}

function peak(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), 0);
}

/** A small bar sparkline as an SVG data URI (numbers only: nothing from production reaches the markup). */
export function sparklineDataUri(values: readonly number[], width = 160, height = 28): string | undefined {
  const all = values.filter((v) => Number.isFinite(v) && v >= 0);
  if (all.length < 2) return undefined;
  // More bars than pixels shows nothing more and only grows the URI: keep each pixel's peak.
  const pixels = Math.max(2, Math.floor(width));
  const per = all.length / pixels;
  const finite = all.length <= pixels ? all : Array.from({ length: pixels }, (_, i) => peak(all.slice(Math.floor(i * per), Math.floor((i + 1) * per))));
  // Not Math.max(...finite): spreading a long series overflows the call stack.
  const max = peak(finite) || 1;
  const barWidth = width / finite.length;
  const bars = finite.map((v, i) => {
    const h = Math.max(1, (v / max) * (height - 2));
    return `<rect x="${(i * barWidth).toFixed(2)}" y="${(height - h).toFixed(2)}" width="${Math.max(1, barWidth - 1).toFixed(2)}" height="${h.toFixed(2)}" fill="#e5534b"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars}</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
