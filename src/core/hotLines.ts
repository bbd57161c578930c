// Which lines of a file are hot in production, from a snapshot: pure, so it is unit tested and benchmarked
// without VS Code. The annotation controller and the hover provider (through it) both read this.
import { formatCount } from './format';
import { oneLine } from './text';
import type { ErrorGroup, HealthSnapshot, Severity } from './model';

export interface HotLine {
  /** 1-based. */
  line: number;
  severity: Severity;
  /** All error groups located on this line, most frequent first. */
  groups: ErrorGroup[];
  count: number;
  /** `✖ 1.2k in 24h · TypeError: Cannot read…`, already truncated and cleaned. */
  note: string;
  /** Rank among the file's hot lines by count, 0 = hottest. */
  rank: number;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };
const NOTE_MAX = 120;


/** Hot lines of `file` (workspace-relative), keyed by line, from the mapped error groups of a snapshot. */
export function hotLinesOf(snapshot: HealthSnapshot | undefined, file: string): HotLine[] {
  if (!snapshot) return [];
  const byLine = new Map<number, ErrorGroup[]>();
  for (const group of snapshot.errors) {
    const loc = group.location;
    if (!loc || loc.file !== file || !(loc.line >= 1)) continue;
    const list = byLine.get(loc.line) ?? [];
    list.push(group);
    byLine.set(loc.line, list);
  }
  const lines: HotLine[] = [...byLine.entries()].map(([line, groups]) => {
    groups.sort((a, b) => b.count - a.count);
    const count = groups.reduce((sum, g) => sum + g.count, 0);
    const severity = groups.reduce<Severity>((worst, g) => (SEVERITY_RANK[g.level] < SEVERITY_RANK[worst] ? g.level : worst), 'info');
    const more = groups.length > 1 ? ` (+${groups.length - 1} more)` : '';
    const note = oneLine(`✖ ${formatCount(count)} in ${snapshot.window} · ${groups[0].title}${more}`, NOTE_MAX);
    return { line, severity, groups, count, note, rank: 0 };
  });
  lines.sort((a, b) => b.count - a.count).forEach((l, i) => (l.rank = i));
  return lines;
}
