// Which version production runs, per service and per error group, from what the backends said: build-info
// series, Sentry's deploys and releases, the releases and OpenTelemetry attributes of error events. Pure:
// it names candidate git refs; resolving them against the local repository is the git layer's work.
// Sources that disagree are reported, never silently overruled.
import type { Deploy, ErrorGroup, VersionEvidence } from '../model';
import { candidateRefs, looksLikeSha, parseReleaseName, sameRevision, sameVersion, type CandidateRef, type VersionRefRule } from './deployedVersionRefs';

export interface DeployedInput {
  service: string;
  /** The environment looked at; deploys to other environments are not this one's. */
  environment?: string;
  deploys: readonly Deploy[];
  errors: readonly ErrorGroup[];
  buildInfo?: readonly VersionEvidence[];
  rule?: VersionRefRule;
}

/** A claim as used: what it said, and what it became (the version or revision read from it). */
export interface DeployedEvidence extends VersionEvidence {
  /** How the raw value was read, e.g. `release name checkout-api@2.14.0+abc1234 → version 2.14.0, build abc1234`. */
  how: string;
  /** Whether this claim decided the version (the others agree with it, or conflict). */
  chosen?: boolean;
}

export interface DeployedVersion {
  /** The version (`2.14.0`), or a revision when production reports only that. */
  version: string;
  /** The raw name the version was read from (`checkout-api@2.14.0+abc1234`). */
  release: string;
  /** The commit id production reported, when one did. */
  revision?: string;
  /** Git refs to try, most confident first. */
  refs: CandidateRef[];
  evidence: DeployedEvidence[];
  /** One sentence per disagreement between sources. */
  conflicts: string[];
}

/** An error group whose events came from another version than the service's, or from several. */
export interface GroupVersion {
  groupId: string;
  version: string;
  release: string;
  refs: CandidateRef[];
  /** `[first, last]` releases Sentry saw the group in, when they differ. */
  seenIn?: [string, string];
}

export interface DeployedReport {
  /** Absent when no source says anything about the version. */
  service?: DeployedVersion;
  groups: GroupVersion[];
}

/** Groups reported at most: the top of the list is what anyone reads. */
const MAX_GROUPS = 50;

/** Higher first: what runs now (build info), then what was deployed, then what was released, then what errors say. */
const RANK: Record<VersionEvidence['source'], number> = {
  'prometheus-build-info': 0,
  'otel-resource': 1,
  'sentry-deploy': 2,
  'sentry-release': 3,
  'sentry-event': 4,
};

const SOURCE_TEXT: Record<VersionEvidence['source'], string> = {
  'prometheus-build-info': 'Prometheus build info',
  'otel-resource': 'OpenTelemetry resource',
  'sentry-deploy': 'Sentry release',
  'sentry-release': 'Sentry release',
  'sentry-event': 'Sentry event release',
};

/** `Sentry release checkout-api@2.14.0+abc1234`, `Prometheus build info checkout_api_build_info{version}=2.14.0`. */
export function evidenceText(e: VersionEvidence): string {
  return e.source.startsWith('sentry') ? `${SOURCE_TEXT[e.source]} ${e.value}` : `${SOURCE_TEXT[e.source]} ${e.field}=${e.value}`;
}

function howRead(e: VersionEvidence): string {
  if (e.kind === 'revision') return `commit ${e.value}`;
  const name = parseReleaseName(e.value);
  const parts = [`version ${name.version}`];
  if (name.package) parts.unshift(`package ${name.package}`);
  if (name.build) parts.push(`build ${name.build}`);
  return name.version === name.raw ? `version ${name.version}` : `release name ${name.raw} → ${parts.join(', ')}`;
}

/** The claims about the whole service: build info, the newest deploy to the environment (else the newest release), and its commit. */
function serviceClaims(input: DeployedInput): VersionEvidence[] {
  const claims: VersionEvidence[] = [...(input.buildInfo ?? [])];
  const env = input.environment;
  const deployed = input.deploys.find((d) => d.environment !== undefined && (env === undefined || d.environment === env));
  const newest = deployed ?? input.deploys.find((d) => d.environment === undefined);
  if (newest) {
    const source = deployed ? 'sentry-deploy' : 'sentry-release';
    claims.push({ source, field: deployed ? `lastDeploy (${deployed.environment})` : 'version', value: newest.version, kind: 'version', at: newest.finishedAt });
    if (newest.commit) claims.push({ source, field: 'lastCommit.id', value: newest.commit, kind: 'revision', at: newest.finishedAt });
    else if (newest.ref) claims.push({ source, field: 'ref', value: newest.ref, kind: 'revision', at: newest.finishedAt });
  }
  if (!claims.some((c) => c.kind === 'version')) {
    // No deploy or build info: the version of the most recent error event is the best left.
    const recent = [...input.errors].filter((g) => groupClaims(g).length > 0).sort((a, b) => Date.parse(b.lastSeen ?? '') - Date.parse(a.lastSeen ?? '') || 0)[0];
    if (recent) claims.push(...groupClaims(recent));
  }
  return claims;
}

/** What one group's latest event says: its release and OpenTelemetry attributes (or the bare `release` of older snapshots). */
function groupClaims(group: ErrorGroup): VersionEvidence[] {
  if (group.versionEvidence?.length) return group.versionEvidence;
  return group.release ? [{ source: 'sentry-event', field: 'release', value: group.release, kind: 'version', at: group.lastSeen }] : [];
}

const byRank = (a: VersionEvidence, b: VersionEvidence) => RANK[a.source] - RANK[b.source];

function conflictsOf(claims: readonly VersionEvidence[], version: VersionEvidence | undefined, revision: VersionEvidence | undefined): string[] {
  const out: string[] = [];
  for (const c of claims) {
    const against = c.kind === 'version' ? version : revision;
    if (!against || c === against) continue;
    const agree = c.kind === 'version' ? sameVersion(c.value, against.value) : sameRevision(c.value, against.value);
    const sentence = `${evidenceText(c)} disagrees with ${evidenceText(against)}`;
    if (!agree && !out.includes(sentence)) out.push(sentence);
  }
  const build = version ? parseReleaseName(version.value).build : undefined;
  if (build && looksLikeSha(build) && revision && !sameRevision(build, revision.value)) {
    out.push(`${evidenceText(version!)} was built from ${build}, but ${evidenceText(revision)} (${revision.field})`);
  }
  return out;
}

function decide(service: string, claims: readonly VersionEvidence[], rule: VersionRefRule | undefined): DeployedVersion | undefined {
  const sorted = [...claims].sort(byRank);
  const version = sorted.find((c) => c.kind === 'version');
  // A revision that contradicts the chosen version's own build metadata is still reported, as a conflict.
  const revision = sorted.find((c) => c.kind === 'revision');
  const chosen = version ?? revision;
  if (!chosen) return undefined;
  const reported = sorted
    .filter((c) => c.kind === 'revision' && (!revision || sameRevision(c.value, revision.value)))
    .map((c) => ({ value: c.value, how: `${evidenceText(c)} (${c.field})` }));
  const result: DeployedVersion = {
    version: parseReleaseName(chosen.value).version,
    release: chosen.value,
    // Only a commit id known: it is the ref; tag patterns around a commit id name nothing.
    refs: version ? candidateRefs({ service, release: chosen.value, rule, reported }) : candidateRefs({ service, release: chosen.value, reported }).filter((r) => r.kind === 'commit'),
    evidence: sorted.map((c) => ({ ...c, how: howRead(c), ...(c === version || c === revision ? { chosen: true } : {}) })),
    conflicts: conflictsOf(sorted, version, revision),
  };
  if (revision) result.revision = revision.value;
  return result;
}

/**
 * The deployed version of a service and of the error groups whose events name another one. Every claim is
 * kept as evidence; the highest-ranked decides (build info, then deploys, releases, events).
 */
export function deployedVersion(input: DeployedInput): DeployedReport {
  const service = decide(input.service, serviceClaims(input), input.rule);
  const groups: GroupVersion[] = [];
  for (const group of input.errors) {
    if (groups.length >= MAX_GROUPS) break;
    const own = decide(input.service, groupClaims(group), input.rule);
    const seenIn: [string, string] | undefined = group.firstRelease && group.lastRelease && !sameVersion(group.firstRelease, group.lastRelease)
      ? [group.firstRelease, group.lastRelease]
      : undefined;
    const differs = own && (!service || !sameVersion(own.release, service.release));
    if (!own || (!differs && !seenIn)) continue;
    groups.push({ groupId: group.id, version: own.version, release: own.release, refs: own.refs, ...(seenIn ? { seenIn } : {}) });
  }
  return service ? { service, groups } : { groups };
}

/** `deployed 2.14.0 (Sentry release checkout-api@2.14.0+abc1234)`, for the CLI's text output. */
export function deployedLine(d: DeployedVersion): string {
  const chosen = d.evidence.find((e) => e.chosen && e.kind === 'version') ?? d.evidence.find((e) => e.chosen);
  return `deployed ${d.version}${chosen ? ` (${evidenceText(chosen)})` : ''}`;
}
