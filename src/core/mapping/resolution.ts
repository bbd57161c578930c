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
// Copies of source that never run in production: among tied candidates they give way to real source.
const NOT_DEPLOYED = /(^|\/)(test|tests|__tests__|spec|specs|e2e|fixtures?|testdata|__fixtures__|mocks?|__mocks__|examples?|samples?|docs?|templates?)\//;

export const PATH_ADVICE = 'Add a path mapping to .prodlens.json to choose.';
/** Symbols carry no deployed path to map: only knowing the service's folders can choose. */
export const FOLDER_ADVICE = 'List the service\'s folders in .prodlens.json so the one in its folder is chosen.';

export function chooseAmong(files: string[], complete: boolean, ctx: MappingContext, found: (file: string, note: string) => Resolution, what: string, advice = PATH_ADVICE): Resolution {
  if (complete) {
    const deployed = files.filter((f) => !NOT_DEPLOYED.test(f));
    if (deployed.length === 1 && files.length > 1) return found(deployed[0], ' (the other candidates are tests, fixtures or examples)');
    if (deployed.length > 1 && deployed.length < files.length) return chooseAmong(deployed, true, ctx, found, what, advice);
  }
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
    explanation: `${complete ? files.length : 'Several'} workspace files fit ${what} equally well: ${shown.join(', ')}${more}. ${advice}`,
  };
}

export function basenameOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.slice(p.lastIndexOf('/') + 1);
}
