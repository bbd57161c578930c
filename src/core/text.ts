// Untrusted text (production messages, names from a repository) shown as plain text: one place that says
// which characters never reach a label, a note, a tooltip line, a terminal or a Markdown hover.

/**
 * C0 and C1 controls and DEL (terminal escapes), the Unicode line and paragraph separators, bidi controls
 * (embeddings, overrides, isolates and the LRM/RLM/ALM marks: "Trojan Source") and invisible characters
 * (zero-width space and joiners, word joiner, invisible operators, BOM). For `replace` only (global flag).
 */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+/g;

/** One line of printable text of at most `max` characters (an ellipsis marks a cut). */
export function oneLine(text: string, max: number): string {
  const clean = text.replace(UNPRINTABLE, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, Math.max(0, max - 1))}…` : clean;
}
