// `prodlens locate --rev <ref>`: a trace's lines are lines of version <ref>; each mapped frame is moved to the
// working copy's line with the same states as the snapshot's locations (one VersionLines call per file).
import type { MappingResult } from '../../core/model';
import type { VersionLines } from '../git/versionLines';
import type { LocatedTrace } from '../traceLocator';
import { deployedPlace, outcomesOf, translateLocation, translateMapping, type LineOutcome } from './translateLocations';

export interface TranslatedTrace {
  located: LocatedTrace;
  /** Said once for the whole trace: no git, not a repository. */
  note?: string;
}

/** `rev` is the user's text: VersionLines refuses a name git could read as an option or revision syntax. */
export async function translateTrace(located: LocatedTrace, rev: string, lines: VersionLines, signal?: AbortSignal): Promise<TranslatedTrace> {
  const byFile = new Map<string, Set<number>>();
  for (const r of located.results) {
    if (!r.location) continue;
    const place = deployedPlace(r.location);
    let set = byFile.get(place.file);
    if (!set) byFile.set(place.file, (set = new Set()));
    set.add(place.line);
  }
  const outcomes = new Map<string, Map<number, LineOutcome>>();
  // Few files per trace, and VersionLines resolves the ref once: one call per file, all at once.
  await Promise.all([...byFile].map(async ([file, set]) => {
    const asked = [...set];
    const result = await lines.translate({ candidates: [{ ref: rev, kind: 'auto' }], label: rev, file, lines: asked, signal });
    outcomes.set(file, outcomesOf(result, asked, file, (f) => f));
  }));
  let note: string | undefined;
  const translate = (location: NonNullable<MappingResult['location']>) => {
    const place = deployedPlace(location);
    const outcome = outcomes.get(place.file)?.get(place.line);
    if (outcome?.kind === 'repository') note ??= outcome.reason;
    return translateLocation(location, rev, outcome);
  };
  const results = located.results.map((r) => translateMapping(r, translate));
  // The crash frame stays the crash frame when its code was removed since <ref>: the output says so there.
  return { located: { ...located, results }, ...(note ? { note } : {}) };
}
