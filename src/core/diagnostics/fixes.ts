// Concrete fixes derived from what production sent and what the workspace holds: the path mapping that would
// put unmapped stack frames on files that exist, the Prometheus selector that matches label values the server
// has, the `.prodlens.json` entry a service without backends needs. Pure.
import type { PathMapping } from '../config/prodlensConfig';
import { normalisePath } from '../mapping/classify';
import type { PathIndex } from '../mapping/types';
import type { HealthSnapshot, UnmappedReason } from '../model';

export interface UnmappedFrame {
  deployedPath: string;
  line?: number;
  reason: Extract<UnmappedReason, 'nomatch' | 'ambiguous'>;
  explanation?: string;
  candidates: string[];
}

/** Frames of the snapshot's error groups that name a file but were not mapped (library frames excluded). */
export function unmappedFramesOf(snapshot: HealthSnapshot): UnmappedFrame[] {
  const out: UnmappedFrame[] = [];
  for (const group of snapshot.errors) {
    (group.frameMappings ?? []).forEach((result, i) => {
      const frame = group.frames?.[i];
      if (!frame?.deployedPath || (result.unmapped !== 'nomatch' && result.unmapped !== 'ambiguous')) return;
      out.push({ deployedPath: frame.deployedPath, line: frame.line, reason: result.unmapped, explanation: result.explanation, candidates: result.candidates ?? [] });
    });
  }
  return out;
}

export interface PathMappingFix {
  from: string;
  to: string;
  /** How many of the unmapped frames it puts on an existing file. */
  frames: number;
  example: { deployed: string; file: string };
  /** The deployed paths it maps. */
  covers: string[];
  /** The configured mapping that sends these frames to files that do not exist, when one does. */
  replaces?: PathMapping;
}

export interface AmbiguousPathFix {
  from: string;
  /** One mapping per candidate file; choosing is the user's call (two equally good files is never a guess). */
  alternatives: { to: string; file: string }[];
  example: string;
  frames: number;
}

/** The `from`/`to` pair that turns `deployed` into `file`, from the path suffix they share; undefined without one. */
export function mappingBetween(deployed: string, file: string): { from: string; to: string } | undefined {
  const d = normalisePath(deployed.trim()).split('/');
  const f = file.split('/');
  let shared = 0;
  while (shared < d.length && shared < f.length && d[d.length - 1 - shared] === f[f.length - 1 - shared] && d[d.length - 1 - shared] !== '') shared++;
  // The file name alone could be anyone's `index.ts`: a folder must agree too, unless the path is just a file name.
  if (shared === 0 || (shared < 2 && d.filter(Boolean).length > 1)) return undefined;
  const from = d.slice(0, d.length - shared).join('/');
  const to = f.slice(0, f.length - shared).join('/');
  if (from === '' || from === '.') return undefined;
  return { from: `${from}/`, to: to === '' ? '' : `${to}/` };
}

function configuredFor(deployed: string, configured: readonly PathMapping[]): PathMapping | undefined {
  const p = normalisePath(deployed.trim());
  return [...configured].sort((a, b) => b.from.length - a.from.length).find((m) => p.startsWith(normalisePath(m.from)));
}

/**
 * For frames that matched no file: the deployed path's longest suffix that exactly one workspace file shares
 * gives the mapping (`/app/src/orders.ts` and `services/api/src/orders.ts` give `/app/` → `services/api/`).
 * For ambiguous frames: one alternative per candidate. Most useful first.
 */
export function derivePathMappings(frames: readonly UnmappedFrame[], index: PathIndex, configured: readonly PathMapping[]): { fixes: PathMappingFix[]; ambiguous: AmbiguousPathFix[] } {
  const fixes = new Map<string, PathMappingFix>();
  const ambiguous = new Map<string, AmbiguousPathFix>();
  for (const frame of frames) {
    if (frame.reason === 'ambiguous') {
      const alternatives = frame.candidates.map((file) => ({ file, pair: mappingBetween(frame.deployedPath, file) })).filter((a) => a.pair);
      const from = alternatives[0]?.pair?.from;
      if (!from || alternatives.some((a) => a.pair?.from !== from)) continue;
      const key = `${from}|${alternatives.map((a) => a.pair?.to).join(',')}`;
      const known = ambiguous.get(key);
      if (known) known.frames++;
      else ambiguous.set(key, { from, alternatives: alternatives.map((a) => ({ to: a.pair?.to ?? '', file: a.file })), example: frame.deployedPath, frames: 1 });
      continue;
    }
    const match = index.findBySuffix(normalisePath(frame.deployedPath.trim()));
    if (match.total !== 1) continue;
    const file = match.files[0];
    const pair = mappingBetween(frame.deployedPath, file);
    if (!pair) continue;
    const key = `${pair.from}|${pair.to}`;
    const known = fixes.get(key);
    if (known) {
      known.frames++;
      if (!known.covers.includes(frame.deployedPath)) known.covers.push(frame.deployedPath);
      continue;
    }
    fixes.set(key, { ...pair, frames: 1, example: { deployed: frame.deployedPath, file }, covers: [frame.deployedPath], replaces: configuredFor(frame.deployedPath, configured) });
  }
  return {
    fixes: [...fixes.values()].sort((a, b) => b.frames - a.frames),
    ambiguous: [...ambiguous.values()].sort((a, b) => b.frames - a.frames),
  };
}

/** Label values that have request metrics on a Prometheus server, by identity label (`job`, `service_name`, `service`). */
export type IdentityValues = Record<string, string[]>;

function simplified(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The selector to suggest for a service whose configured (or default) selector matches no request metrics:
 * the label value equal to the service name, else the one that contains it or is contained in it, else the
 * only value there is. Undefined when nothing is close enough to choose for the user.
 */
export function suggestSelector(serviceName: string, current: Record<string, string> | undefined, identities: IdentityValues): Record<string, string> | undefined {
  const pairs = Object.entries(identities).flatMap(([label, values]) => values.map((value) => ({ label, value })));
  if (pairs.length === 0) return undefined;
  const wanted = [serviceName, ...Object.values(current ?? {})].map(simplified).filter(Boolean);
  const exact = pairs.find((p) => wanted.includes(simplified(p.value)));
  if (exact) return { [exact.label]: exact.value };
  const close = pairs.filter((p) => wanted.some((w) => simplified(p.value).includes(w) || (simplified(p.value).length >= 3 && w.includes(simplified(p.value)))));
  const distinct = [...new Set(close.map((p) => p.value))];
  if (distinct.length === 1) return { [close[0].label]: close[0].value };
  const values = [...new Set(pairs.map((p) => p.value))];
  if (values.length === 1) return { [pairs[0].label]: pairs[0].value };
  return undefined;
}

/** JSON text for a fix, on one line, spaced as people write `.prodlens.json`. */
export function jsonSnippet(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonSnippet).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${jsonSnippet(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value) ?? 'null';
}
