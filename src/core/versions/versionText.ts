// What every surface says about a translated line and a group's suspects: "line 19 in 2.14.0, moved",
// "code removed since 2.14.0 (was orders.ts:19)", "errors started 3 min after deploy 2.14.0 (commit abc1234)".
// Pure and plain text: commit subjects and author names inside are untrusted, so each surface escapes the
// result as it escapes production strings.
import type { CommitSummary, Deploy, GroupSuspects, LocationVersion, MappingResult } from '../model';
import { sameVersion } from './deployedVersionRefs';

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/**
 * The note beside a working-copy line, or undefined when there is nothing to say (the same line, or no
 * version known).
 */
export function locationVersionText(v: LocationVersion | undefined): string | undefined {
  if (!v) return undefined;
  if (v.status === 'unverified') return `version not verified: ${v.reason ?? 'the deployed commit was not found'}`;
  if (v.status === 'pending') return `line ${v.deployedLine} in ${v.version}, not yet translated to the working copy`;
  if (v.state === 'moved') return `line ${v.deployedLine} in ${v.version}, moved`;
  if (v.state === 'changed') return `changed since ${v.version}, line ${v.deployedLine} there`;
  return undefined;
}

/** Why a location production reported has no place in the working copy any more. */
export function removedText(removed: NonNullable<MappingResult['removed']>): string {
  return `code removed since ${removed.version} (was ${baseName(removed.file)}:${removed.line})`;
}

/** The deploys of one environment (all when none is named), newest first as the backends list them. */
function deploysIn(deploys: readonly Deploy[], environment: string | undefined): Deploy[] {
  return deploys
    .filter((d) => environment === undefined || d.environment === undefined || d.environment === environment)
    .sort((a, b) => Date.parse(b.finishedAt) - Date.parse(a.finishedAt));
}

/** The version deployed before `version`: where its suspect commits start. */
export function previousDeploy(deploys: readonly Deploy[], environment: string | undefined, version: string): Deploy | undefined {
  const list = deploysIn(deploys, environment);
  const current = list.findIndex((d) => sameVersion(d.version, version));
  if (current < 0) return undefined;
  return list.slice(current + 1).find((d) => !sameVersion(d.version, version));
}

/**
 * The deploy an error group started under: the newest one finished at or before its first event. Undefined
 * when the group has no first-seen time or predates every deploy listed.
 */
export function deployBefore(deploys: readonly Deploy[], environment: string | undefined, firstSeen: string | undefined): { deploy: Deploy; minutesAfter: number } | undefined {
  const seen = Date.parse(firstSeen ?? '');
  if (Number.isNaN(seen)) return undefined;
  for (const deploy of deploysIn(deploys, environment)) {
    const at = Date.parse(deploy.finishedAt);
    if (!Number.isNaN(at) && at <= seen) return { deploy, minutesAfter: Math.round((seen - at) / 60_000) };
  }
  return undefined;
}

function minutesText(minutes: number): string {
  if (minutes < 1) return 'within a minute of';
  if (minutes < 120) return `${minutes} min after`;
  return minutes < 48 * 60 ? `${Math.round(minutes / 60)} h after` : `${Math.round(minutes / 1440)} days after`;
}

/** `errors started 3 min after deploy 2.14.0 (commit abc1234)`. */
export function deployStartText(deploy: NonNullable<GroupSuspects['deploy']>): string {
  return `errors started ${minutesText(deploy.minutesAfter)} deploy ${deploy.version}${deploy.commit ? ` (commit ${deploy.commit.slice(0, 7)})` : ''}`;
}

/** `abc1234 "orders: guest checkout" by Sam Okafor, 2026-01-06`. */
export function commitText(commit: CommitSummary): string {
  return `${commit.shortSha} "${commit.subject}" by ${commit.author}, ${new Date(commit.time).toISOString().slice(0, 10)}`;
}

/** The suspect commit lines of a group: the most likely one, how many others, and the deploy it started after. */
export function suspectTextLines(s: GroupSuspects): string[] {
  const lines: string[] = [];
  const range = s.previousVersion ? `between ${s.previousVersion} and ${s.version}` : `up to ${s.version}`;
  const [first, ...others] = s.commits;
  const what = !s.asked || s.asked.scope === 'line' ? 'this line' : s.asked.scope === 'function' ? 'this function' : `the lines just above this one (${s.asked.startLine}-${s.asked.endLine} in ${s.version})`;
  if (first) lines.push(`suspect commit ${commitText(first)} (changed ${what} ${range}${others.length ? `; ${others.length} more` : ''})`);
  else if (s.asked) lines.push(`no commit ${range} changed ${what}`);
  if (s.deploy) lines.push(deployStartText(s.deploy));
  return lines;
}
