// Puts a mapped snapshot's error locations on the working copy: production's lines are lines of the deployed
// version, so each group's location and mapped frames are translated through local git (one VersionLines call
// per file, all its lines at once), and the hottest groups get the commits that changed their line between
// the previous deploy and this one. Two entry points: `fromCache` answers at once from what git already said
// (the first paint never waits for git), `translate` asks git for the rest. Never imports `vscode`: the
// editor will feed unsaved text (`bufferOf`) and call `fileSaved` / `headChanged`.
import type { DetectedService } from '../core/detect/services';
import type { ErrorGroup, GroupSuspects, HealthSnapshot } from '../core/model';
import { deployedVersion } from '../core/versions/deployedVersion';
import { candidateRefs, parseReleaseName, sameVersion, type CandidateRef } from '../core/versions/deployedVersionRefs';
import { deployBefore, previousDeploy } from '../core/versions/versionText';
import type { RefCandidate } from './git/resolveRef';
import type { SuspectAnswer, VersionLines } from './git/versionLines';
import { deployedPlace, outcomesOf, translateLocation, translateMapping, type DeployedPlace, type LineOutcome } from './versions/translateLocations';

/** A workspace folder and the VersionLines of the repository holding it. */
export interface VersionFolder {
  /** Workspace-relative folder the snapshot's paths start with (`''`: the workspace root). */
  prefix: string;
  lines: VersionLines;
}

export interface VersionServiceOptions {
  folders: () => readonly VersionFolder[];
  /** The editor's unsaved text of a workspace file, when it has some. */
  bufferOf?: (file: string) => string | undefined;
  /** Groups (from the top of the list) whose hot line gets suspect commits, per snapshot. Default 10. */
  maxSuspectGroups?: number;
  /** Suspect commits kept per group. Default 5. */
  maxCommits?: number;
}

/** The version one group's lines are from, and the one deployed before it. */
interface Target {
  key: string;
  label: string;
  candidates: RefCandidate[];
  previous?: { label: string; candidates: RefCandidate[] };
}

interface Plan {
  targets: (Target | undefined)[];
  /** Per (version, deployed file): the lines asked. */
  files: Map<string, { target: Target; file: string; lines: Set<number> }>;
  /** Groups whose hot line gets suspects, by index. */
  hot: Map<number, Hot>;
}

interface Hot {
  target: Target;
  place: DeployedPlace;
  /** The enclosing function in the deployed version, when the mapping knows it. */
  range?: { startLine: number; endLine: number };
  key: string;
}

type Suspected = SuspectAnswer & { asked?: GroupSuspects['asked'] };

interface FileMemo {
  buffer: string | undefined;
  lines: Map<number, LineOutcome>;
}

const MAX_MEMO = 2000;
/** Lines above a hot line asked about when no commit changed the line itself and its function is not known. */
const NEARBY_LINES = 5;
const CONCURRENT_FILES = 4;

/** CandidateRef (core) as the git layer's RefCandidate: a name may be a tag or a branch, git decides. */
export function refCandidates(refs: readonly CandidateRef[]): RefCandidate[] {
  return refs.map((r) => ({ ref: r.ref, kind: r.kind === 'commit' ? 'sha' : 'auto' }));
}

export class VersionService {
  private readonly memo = new Map<string, FileMemo>();
  private readonly suspectMemo = new Map<string, Suspected>();

  constructor(private readonly options: VersionServiceOptions) {}

  /** The snapshot with what git already answered; `complete` false when `translate` has more to ask. */
  fromCache(service: DetectedService, snapshot: HealthSnapshot): { snapshot: HealthSnapshot; complete: boolean } {
    const plan = this.plan(service, snapshot);
    return this.apply(plan, snapshot);
  }

  /** Asks git for every file and hot line not answered yet, then returns the translated snapshot. */
  async translate(service: DetectedService, snapshot: HealthSnapshot, signal?: AbortSignal): Promise<HealthSnapshot> {
    const plan = this.plan(service, snapshot);
    const jobs = [...plan.files.entries()].filter(([key, f]) => !this.cached(key, f.file, f.lines));
    let next = 0;
    const worker = async () => {
      while (next < jobs.length && !signal?.aborted) {
        const [key, f] = jobs[next++];
        await this.ask(key, f.target, f.file, [...f.lines], signal);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_FILES, jobs.length) }, worker));
    await Promise.all([...plan.hot.values()].filter((h) => !this.suspectMemo.has(h.key)).map((h) => this.askSuspects(h, signal)));
    return this.apply(plan, snapshot).snapshot;
  }

  /** A file was saved (workspace-relative): its translations start over. */
  fileSaved(file: string): void {
    for (const key of [...this.memo.keys()]) if (key.endsWith(`\0${file}`)) this.memo.delete(key);
    const folder = this.folderOf(file);
    folder?.lines.invalidate(file.slice(folder.prefix ? folder.prefix.length + 1 : 0));
  }

  /** A workspace file's text at a commit, for the read-only view of code removed since the deployed version. */
  deployedText(file: string, sha: string, signal?: AbortSignal): Promise<string> {
    const folder = this.folderOf(file);
    if (!folder) return Promise.reject(new Error(`${file} is in no repository ProdLens reads (no workspace folder, or the workspace is not trusted)`));
    return folder.lines.fileAt(sha, file.slice(folder.prefix ? folder.prefix.length + 1 : 0), signal);
  }

  /** HEAD or refs moved (checkout, commit, fetch): every translation starts over; suspects stay (they depend on commits only). */
  headChanged(): void {
    this.memo.clear();
    for (const f of this.options.folders()) f.lines.headChanged();
  }

  private plan(service: DetectedService, snapshot: HealthSnapshot): Plan {
    const report = deployedVersion({ service: service.name, environment: snapshot.environment, deploys: snapshot.deploys, errors: snapshot.errors, buildInfo: snapshot.buildInfo, rule: service.config?.version });
    const targetOf = (label: string, refs: CandidateRef[]): Target => {
      const previous = previousDeploy(snapshot.deploys, snapshot.environment, label);
      const prevRefs = previous ? refCandidates(candidateRefs({ service: service.name, release: previous.version, rule: service.config?.version })) : undefined;
      const candidates = refCandidates(refs);
      return { key: JSON.stringify([candidates, prevRefs ?? null]), label, candidates, ...(previous && prevRefs ? { previous: { label: previous.version, candidates: prevRefs } } : {}) };
    };
    const serviceTarget = report.service ? targetOf(report.service.version, report.service.refs) : undefined;
    const own = new Map(report.groups.map((g) => [g.groupId, g]));
    const plan: Plan = { targets: [], files: new Map(), hot: new Map() };
    const maxHot = this.options.maxSuspectGroups ?? 10;
    snapshot.errors.forEach((group, i) => {
      const g = own.get(group.id);
      const target = g ? targetOf(g.version, g.refs) : serviceTarget;
      plan.targets.push(target);
      if (!target) return;
      for (const location of locationsOf(group)) {
        const place = deployedPlace(location);
        const key = `${target.key}\0${place.file}`;
        let f = plan.files.get(key);
        if (!f) plan.files.set(key, (f = { target, file: place.file, lines: new Set() }));
        f.lines.add(place.line);
      }
      const hot = group.location ?? group.mapping?.location;
      if (hot && plan.hot.size < maxHot) {
        const place = deployedPlace(hot);
        // A range of a location translated before is the working copy's, not the deployed version's.
        const range = hot.version ? undefined : hot.range;
        plan.hot.set(i, { target, place, ...(range ? { range } : {}), key: `${target.key}\0${place.file}\0${place.line}` });
      }
    });
    return plan;
  }

  private cached(key: string, file: string, lines: Iterable<number>): FileMemo | undefined {
    const memo = this.memo.get(key);
    if (!memo || memo.buffer !== this.options.bufferOf?.(file)) return undefined;
    for (const line of lines) if (!memo.lines.has(line)) return undefined;
    return memo;
  }

  private folderOf(file: string): VersionFolder | undefined {
    let best: VersionFolder | undefined;
    for (const f of this.options.folders()) {
      const inside = f.prefix === '' || file === f.prefix || file.startsWith(`${f.prefix}/`);
      if (inside && (!best || f.prefix.length > best.prefix.length)) best = f;
    }
    return best;
  }

  private async ask(key: string, target: Target, file: string, lines: number[], signal?: AbortSignal): Promise<void> {
    const folder = this.folderOf(file);
    if (!folder) {
      this.remember(key, undefined, new Map(lines.map((l) => [l, { kind: 'unverified', reason: `${file} is in no workspace folder` }])));
      return;
    }
    const strip = folder.prefix ? folder.prefix.length + 1 : 0;
    // The buffer of the file as production named it: after a rename the editor's file has the new name, and
    // its unsaved edits are then not seen until saved (rare, and said by the translation being on disk text).
    const buffer = this.options.bufferOf?.(file);
    const result = await folder.lines.translate({ candidates: target.candidates, label: target.label, file: file.slice(strip), lines, buffer, signal });
    if (signal?.aborted) return;
    const toWorkspace = (f: string) => (folder.prefix ? `${folder.prefix}/${f}` : f);
    this.remember(key, buffer, outcomesOf(result, lines, file, toWorkspace));
  }

  private remember(key: string, buffer: string | undefined, lines: Map<number, LineOutcome>): void {
    if (this.memo.size >= MAX_MEMO) this.memo.delete(this.memo.keys().next().value!);
    this.memo.set(key, { buffer, lines });
  }

  private async askSuspects(hot: Hot, signal?: AbortSignal): Promise<void> {
    const folder = this.folderOf(hot.place.file);
    const ask = (line: number, endLine?: number): Promise<SuspectAnswer> => !folder
      ? Promise.resolve({ ok: false, reason: `${hot.place.file} is in no workspace folder` })
      : folder.lines.suspects({ candidates: hot.target.candidates, previous: hot.target.previous?.candidates, file: hot.place.file.slice(folder.prefix ? folder.prefix.length + 1 : 0), line, endLine, max: this.options.maxCommits ?? 5, signal });
    const line = hot.place.line;
    let answer: Suspected = await ask(line);
    if (answer.ok) answer = { ...answer, asked: { scope: 'line', startLine: line, endLine: line } };
    if (answer.ok && answer.commits.length === 0) {
      // The line itself did not change; the bug often did where its inputs are set (a guard removed above it).
      const wider = hot.range && hot.range.startLine <= line && line <= hot.range.endLine
        ? { scope: 'function' as const, startLine: hot.range.startLine, endLine: hot.range.endLine }
        : { scope: 'nearby' as const, startLine: Math.max(1, line - NEARBY_LINES), endLine: line };
      if (wider.startLine < line || wider.endLine > line) {
        const widened = await ask(wider.startLine, wider.endLine);
        if (widened.ok) answer = { ...widened, asked: wider };
      }
    }
    if (signal?.aborted) return;
    if (this.suspectMemo.size >= MAX_MEMO) this.suspectMemo.delete(this.suspectMemo.keys().next().value!);
    this.suspectMemo.set(hot.key, answer);
  }

  private apply(plan: Plan, snapshot: HealthSnapshot): { snapshot: HealthSnapshot; complete: boolean } {
    if (plan.targets.every((t) => t === undefined)) return { snapshot, complete: true };
    let complete = true;
    let note: string | undefined;
    const errors = snapshot.errors.map((group, i) => {
      const target = plan.targets[i];
      const hot = plan.hot.get(i);
      // Most of a large service's groups have no frame in the workspace: handed back as they are, not copied
      // (unless they carry suspects from an earlier snapshot, which no longer hold).
      if (!target || (!hot && locationsOf(group).length === 0)) return group.suspects ? withoutSuspects(group) : group;
      const translate = (location: NonNullable<ErrorGroup['location']>) => {
        const place = deployedPlace(location);
        const outcome = this.cached(`${target.key}\0${place.file}`, place.file, [place.line])?.lines.get(place.line);
        if (!outcome) complete = false;
        else if (outcome.kind === 'repository') note ??= outcome.reason;
        return translateLocation(location, target.label, outcome);
      };
      const copy: ErrorGroup = { ...group };
      if (group.mapping) copy.mapping = translateMapping(group.mapping, translate);
      if (group.location) {
        // The group's location is its mapping's when the crash frame mapped: translated once, kept as one object.
        if (group.mapping?.location === group.location) copy.location = copy.mapping?.location ?? undefined;
        else {
          const result = translate(group.location);
          copy.location = 'location' in result ? result.location : undefined;
        }
      }
      if (group.frameMappings) copy.frameMappings = group.frameMappings.map((m) => translateMapping(m, translate));
      // Suspects and the deploy correlation for the hottest groups only: bounded work per refresh.
      const suspects = hot && this.suspectsOf(snapshot, group, target, this.suspectMemo.get(hot.key));
      if (hot && !this.suspectMemo.has(hot.key)) complete = false;
      if (suspects) copy.suspects = suspects;
      else delete copy.suspects;
      return copy;
    });
    const lineVersions = { state: complete ? 'translated' as const : 'pending' as const, ...(note ? { note } : {}) };
    return { snapshot: { ...snapshot, errors, lineVersions }, complete };
  }

  private suspectsOf(snapshot: HealthSnapshot, group: ErrorGroup, target: Target, answer: Suspected | undefined): GroupSuspects | undefined {
    const started = deployBefore(snapshot.deploys, snapshot.environment, group.firstSeen);
    // The deploy's own commit when the backend names it, else the one its version resolved to locally.
    const commit = started?.deploy.commit ?? (answer?.ok && started && sameVersion(started.deploy.version, target.label) ? answer.to : undefined);
    const deploy = started ? { version: parseReleaseName(started.deploy.version).version, at: started.deploy.finishedAt, minutesAfter: started.minutesAfter, ...(commit ? { commit } : {}) } : undefined;
    if (!answer && !deploy) return undefined;
    const suspects: GroupSuspects = { version: target.label, commits: answer?.ok ? answer.commits : [] };
    if (answer?.asked) suspects.asked = answer.asked;
    if (target.previous) suspects.previousVersion = parseReleaseName(target.previous.label).version;
    if (deploy) suspects.deploy = deploy;
    if (answer && !answer.ok) suspects.reason = answer.reason;
    return suspects;
  }
}

function withoutSuspects(group: ErrorGroup): ErrorGroup {
  const copy = { ...group };
  delete copy.suspects;
  return copy;
}

/** Every location of a group production named a line for: the crash location and each mapped frame. */
function locationsOf(group: ErrorGroup): NonNullable<ErrorGroup['location']>[] {
  const out: NonNullable<ErrorGroup['location']>[] = [];
  if (group.location) out.push(group.location);
  if (group.mapping?.location) out.push(group.mapping.location);
  for (const m of group.frameMappings ?? []) if (m.location) out.push(m.location);
  return out;
}
