// What a mapping rule concludes about a frame's file. The mapper tries rules in order and stops at the first
// that finds or refuses; `missing` notes are kept to explain a miss.
import type { MappingConfidence } from '../model';
import type { MappingContext } from './types';

export type Resolution =
  | { kind: 'found'; file: string; confidence: MappingConfidence; reason: string }
  | { kind: 'ambiguous'; candidates: string[]; explanation: string }
  /** `final`: the rule was authoritative (an explicit path mapping), so later, vaguer rules must not guess. */
  | { kind: 'missing'; explanation: string; candidates?: string[]; final?: boolean };

export const MAX_CANDIDATES = 10;

export function inFolders(file: string, folders: readonly string[]): boolean {
  return folders.some((f) => f === '' || file.startsWith(f.endsWith('/') ? f : `${f}/`));
}

/**
 * Several files fit equally well: the service's own folders may single one out (the signal came from that
 * service); otherwise it is ambiguous. `complete` says whether `files` lists every candidate.
 */
export function chooseAmong(files: string[], complete: boolean, ctx: MappingContext, found: (file: string, note: string) => Resolution, what: string): Resolution {
  const folders = ctx.preferFolders ?? [];
  if (complete && folders.length > 0 && !folders.includes('')) {
    const inService = files.filter((f) => inFolders(f, folders));
    if (inService.length === 1) return found(inService[0], ` (the only candidate in the service folder ${folders.join(', ')})`);
  }
  const shown = files.slice(0, MAX_CANDIDATES);
  const more = complete && files.length <= MAX_CANDIDATES ? '' : ' and more';
  return {
    kind: 'ambiguous',
    candidates: shown,
    explanation: `${complete ? files.length : 'several'} workspace files fit ${what} equally well: ${shown.join(', ')}${more}. Add a path mapping to .prodlens.json to choose.`,
  };
}

export function basenameOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.slice(p.lastIndexOf('/') + 1);
}
