// Reads `git diff --unified=0` output (fixed a/ b/ prefixes, quotepath off) into one section per file pair:
// the paths on each side, whether git saw a rename, a deletion or a binary file, and the hunk headers. Only
// headers are parsed; the changed lines' text is skipped, so a hostile line in a file cannot be mistaken for
// a header (each hunk says how many lines it spans).
import type { Hunk } from './lineMap';

export interface DiffSection {
  oldPath: string | undefined;
  newPath: string | undefined;
  renamed: boolean;
  deleted: boolean;
  added: boolean;
  binary: boolean;
  hunks: Hunk[];
}

const encoder = new TextEncoder();

/** Undoes git's C-style quoting of a path with unusual characters (`"a/caf\303\251.ts"`). */
export function unquotePath(raw: string): string {
  if (!raw.startsWith('"') || !raw.endsWith('"')) return raw;
  const bytes: number[] = [];
  const body = raw.slice(1, -1);
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, '"': 34 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      bytes.push(...encoder.encode(ch));
      continue;
    }
    const next = body[i + 1];
    if (/[0-7]/.test(next ?? '')) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

function sidePath(raw: string, prefix: 'a/' | 'b/'): string | undefined {
  const trimmed = raw.replace(/\t$/, '');
  if (trimmed === '/dev/null') return undefined;
  const path = unquotePath(trimmed);
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Sections of a diff, in git's order. `maxHunks` bounds the work on a huge diff: past it, throws RangeError. */
export function parseUnifiedDiff(text: string, maxHunks = Number.POSITIVE_INFINITY): DiffSection[] {
  const sections: DiffSection[] = [];
  const lines = text.split('\n');
  let current: DiffSection | undefined;
  let hunkCount = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('diff --git ')) {
      current = { oldPath: undefined, newPath: undefined, renamed: false, deleted: false, added: false, binary: false, hunks: [] };
      sections.push(current);
      continue;
    }
    if (!current) continue;
    const hunk = HUNK.exec(line);
    if (hunk) {
      if (++hunkCount > maxHunks) throw new RangeError(`more than ${maxHunks} hunks`);
      const h: Hunk = { oldStart: Number(hunk[1]), oldLines: hunk[2] === undefined ? 1 : Number(hunk[2]), newStart: Number(hunk[3]), newLines: hunk[4] === undefined ? 1 : Number(hunk[4]) };
      current.hunks.push(h);
      // Skip the hunk's body by count: its lines are file content, not diff syntax.
      let body = h.oldLines + h.newLines;
      while (body > 0 && i + 1 < lines.length) {
        i++;
        if (!lines[i].startsWith('\\')) body--;
      }
      continue;
    }
    if (line.startsWith('rename from ')) {
      current.renamed = true;
      current.oldPath = unquotePath(line.slice('rename from '.length));
    } else if (line.startsWith('rename to ')) current.newPath = unquotePath(line.slice('rename to '.length));
    else if (line.startsWith('deleted file mode')) current.deleted = true;
    else if (line.startsWith('new file mode')) current.added = true;
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') current.binary = true;
    else if (line.startsWith('--- ')) current.oldPath ??= sidePath(line.slice(4), 'a/');
    else if (line.startsWith('+++ ')) current.newPath ??= sidePath(line.slice(4), 'b/');
  }
  return sections;
}
