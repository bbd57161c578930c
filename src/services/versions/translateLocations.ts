// One file's translation (VersionLines' answer) turned into what each of its lines becomes, and a location or
// mapping rewritten by it: `line` becomes the working-copy line (so every surface lands on the code the user
// has), production's line is kept in `version`, a deleted line leaves the mapping saying why.
import type { CodeLocation, LocationVersion, MappingResult, VersionLineState } from '../../core/model';
import { removedText } from '../../core/versions/versionText';
import type { VersionedFile } from '../git/versionLines';

/** Where production said the code is: its file and line in the deployed version. */
export interface DeployedPlace {
  file: string;
  line: number;
}

/** A location's deployed place, also for a location translated before (the persisted snapshot's). */
export function deployedPlace(location: CodeLocation): DeployedPlace {
  return location.version ? { file: location.version.deployedFile, line: location.version.deployedLine } : { file: location.file, line: location.line };
}

/** What one deployed line became. `repository`: no git or no repository, said once for the snapshot. */
export type LineOutcome =
  | { kind: 'translated'; file: string; line: number; state: VersionLineState; commit: string }
  | { kind: 'unverified'; reason: string; command?: string }
  | { kind: 'repository'; reason: string };

/**
 * Each asked line's outcome. `prefix` turns the folder-relative paths VersionLines answers with back into
 * workspace-relative ones; a file gone from the working copy makes every line of it deleted.
 */
export function outcomesOf(result: VersionedFile, lines: readonly number[], deployedFile: string, toWorkspace: (file: string) => string): Map<number, LineOutcome> {
  const out = new Map<number, LineOutcome>();
  if (!result.verified) {
    const outcome: LineOutcome = result.scope === 'repository' ? { kind: 'repository', reason: result.reason } : { kind: 'unverified', reason: result.reason, ...(result.command ? { command: result.command } : {}) };
    for (const line of lines) out.set(line, outcome);
    return out;
  }
  const t = result.translation;
  if (!t.ok) {
    for (const line of lines) {
      out.set(line, t.failure === 'removed' ? { kind: 'translated', file: deployedFile, line, state: 'deleted', commit: result.sha } : { kind: 'unverified', reason: t.reason });
    }
    return out;
  }
  for (const l of t.lines) out.set(l.from, { kind: 'translated', file: toWorkspace(l.file), line: l.line, state: l.state, commit: result.sha });
  return out;
}

/** A location rewritten by its line's outcome (`pending` when git has not answered); `removed` for a deleted line. */
export function translateLocation(location: CodeLocation, label: string, outcome: LineOutcome | undefined): { location: CodeLocation } | { removed: NonNullable<MappingResult['removed']> } {
  const place = deployedPlace(location);
  const base = { version: label, deployedLine: place.line, deployedFile: place.file };
  if (outcome?.kind === 'repository') return { location: withVersion(location, place.file, place.line, undefined) };
  if (!outcome) return { location: withVersion(location, place.file, place.line, { ...base, status: 'pending' }) };
  if (outcome.kind === 'unverified') {
    return { location: withVersion(location, place.file, place.line, { ...base, status: 'unverified', reason: outcome.reason, ...(outcome.command ? { command: outcome.command } : {}) }) };
  }
  if (outcome.state === 'deleted') return { removed: { version: label, commit: outcome.commit, file: place.file, line: place.line } };
  return { location: withVersion(location, outcome.file, outcome.line, { ...base, status: 'translated', state: outcome.state, commit: outcome.commit }) };
}

function withVersion(location: CodeLocation, file: string, line: number, version: LocationVersion | undefined): CodeLocation {
  const copy: CodeLocation = { ...location, file, line };
  if (version) copy.version = version;
  else delete copy.version;
  // The enclosing function moved with its line; a rough range beats one pointing at other code.
  const shift = line - location.line;
  if (location.range && shift !== 0) copy.range = { startLine: location.range.startLine + shift, endLine: location.range.endLine + shift };
  return copy;
}

/** A mapping rewritten: its location translated, or, for removed code, no location and the sentence saying so. */
export function translateMapping(mapping: MappingResult, translate: (location: CodeLocation) => ReturnType<typeof translateLocation>): MappingResult {
  if (!mapping.location) return mapping;
  const result = translate(mapping.location);
  if ('location' in result) return { ...mapping, location: result.location };
  return { ...mapping, location: null, unmapped: 'nolocation', explanation: removedText(result.removed), removed: result.removed };
}
