// The one call the editor and the CLI make per file: "these hot lines of this file, in the version production
// runs (candidate refs from the deployed-version evidence): where are they in my working copy, and why".
// When the version cannot be verified (no git, not a repository, ref not fetched) the lines come back as they
// were, marked unverified with the reason and the command that fixes it: today's behaviour, said out loud.
import * as path from 'node:path';
import { isGitError } from './gitErrors';
import type { GitRunner } from './gitRunner';
import { LineTranslator, type FileTranslation } from './lineTranslator';
import { suspectCommits, type CommitSummary } from './history';
import { discoverRepository, type RepositoryInfo } from './repository';
import { resolveFirst, type RefCandidate } from './resolveRef';

export interface VersionedRequest {
  /** Evidence of the deployed version, best first. */
  candidates: readonly RefCandidate[];
  /** How the UI names the version ("2.14.0"). */
  label: string;
  /** Path relative to the folder given to VersionLines (forward slashes), as the trace names it. */
  file: string;
  lines: readonly number[];
  buffer?: string;
  signal?: AbortSignal;
}

export type VersionedFile =
  | { verified: true; sha: string; ref: string; translation: FileTranslation }
  | { verified: false; reason: string; command?: string; lines: readonly number[]; scope?: 'repository' };

export interface SuspectRequest {
  /** The deployed version's candidate refs, and the previous deployed version's (the range starts there). */
  candidates: readonly RefCandidate[];
  previous?: readonly RefCandidate[];
  /** Folder-relative path of the file in the deployed version, and the hot line there. */
  file: string;
  line: number;
  /** Ask about the range `line..endLine` instead of the line alone. */
  endLine?: number;
  max?: number;
  signal?: AbortSignal;
}

export type SuspectAnswer =
  | { ok: true; to: string; from?: string; commits: CommitSummary[] }
  | { ok: false; reason: string };

/** Suspect lists kept: they depend only on commits, so they never go stale; bounded by count. */
const MAX_SUSPECT_ENTRIES = 200;

type Repo = { ok: true; info: RepositoryInfo; translator: LineTranslator } | { ok: false; reason: string; scope?: 'repository' };

export class VersionLines {
  private repo: Promise<Repo> | undefined;
  private readonly resolved = new Map<string, ReturnType<typeof resolveFirst>>();
  private readonly suspectCache = new Map<string, Promise<CommitSummary[]>>();

  constructor(
    private readonly git: GitRunner,
    /** The workspace folder the file paths are relative to (the repository root or a folder inside it). */
    private readonly folder: string,
  ) {}

  async translate(request: VersionedRequest): Promise<VersionedFile> {
    const unverified = (reason: string, command?: string): VersionedFile => ({ verified: false, reason, command, lines: request.lines });
    const repo = await this.repository();
    if (!repo.ok) return { ...unverified(repo.reason), ...(repo.scope ? { scope: repo.scope } : {}) };
    if (request.candidates.length === 0) return unverified(`the deployed version of ${request.label} is not known: lines shown as they are in the working copy`);
    let resolution: Awaited<ReturnType<typeof resolveFirst>>;
    try {
      resolution = await this.resolve(request.candidates, repo.info.shallow, request.signal);
    } catch (err) {
      if (isGitError(err)) return unverified(err.message);
      throw err;
    }
    if (!resolution.resolved) {
      const first = resolution.failures[0];
      return unverified(first.reason, first.command);
    }
    const repoFile = this.repositoryPath(repo.info, request.file);
    if (repoFile === undefined) return unverified(`${request.file} is outside the repository`);
    const translation = await repo.translator.translateFile({ commit: resolution.resolved.sha, label: request.label, file: repoFile, lines: request.lines, buffer: request.buffer, signal: request.signal });
    return { verified: true, sha: resolution.resolved.sha, ref: resolution.resolved.ref, translation };
  }

  /**
   * The commits that changed `line` of `file` between the previous deployed version and this one, newest
   * first; without a previous version that resolves, the last changes up to this one. Cached per
   * (deployed commit, previous commit, file, line).
   */
  async suspects(request: SuspectRequest): Promise<SuspectAnswer> {
    const repo = await this.repository();
    if (!repo.ok) return { ok: false, reason: repo.reason };
    try {
      const to = await this.resolve(request.candidates, repo.info.shallow, request.signal);
      if (!to.resolved) return { ok: false, reason: to.failures[0]?.reason ?? 'the deployed version is not known' };
      const from = request.previous?.length ? (await this.resolve(request.previous, repo.info.shallow, request.signal)).resolved : undefined;
      const file = this.repositoryPath(repo.info, request.file);
      if (file === undefined) return { ok: false, reason: `${request.file} is outside the repository` };
      const key = [to.resolved.sha, from?.sha ?? '', file, request.line, request.endLine ?? '', request.max ?? ''].join('\0');
      let pending = this.suspectCache.get(key);
      if (!pending) {
        if (this.suspectCache.size >= MAX_SUSPECT_ENTRIES) this.suspectCache.delete(this.suspectCache.keys().next().value!);
        pending = suspectCommits(this.git, repo.info.root, { file, line: request.line, endLine: request.endLine, to: to.resolved.sha, from: from?.sha, max: request.max, signal: request.signal });
        this.suspectCache.set(key, pending);
        pending.catch(() => this.suspectCache.delete(key));
      }
      return { ok: true, to: to.resolved.sha, ...(from ? { from: from.sha } : {}), commits: await pending };
    } catch (err) {
      if (isGitError(err)) return { ok: false, reason: err.message };
      throw err;
    }
  }

  /** The text of a folder-relative file at a commit (`git show <sha>:<path>`): the code production ran, to read. */
  async fileAt(sha: string, file: string, signal?: AbortSignal): Promise<string> {
    // A full or abbreviated commit id only: the value travels in a command argument.
    if (!/^[0-9a-f]{7,64}$/i.test(sha)) throw new Error(`"${sha.slice(0, 80)}" is not a commit id`);
    const repo = await this.repository();
    if (!repo.ok) throw new Error(repo.reason);
    const repoFile = this.repositoryPath(repo.info, file);
    if (repoFile === undefined) throw new Error(`${file} is outside the repository`);
    return this.git.run(['show', `${sha}:${repoFile}`], { cwd: repo.info.root, signal });
  }

  /** Repository-relative path of a folder-relative file, or undefined when it lies outside the repository. */
  private repositoryPath(info: RepositoryInfo, file: string): string | undefined {
    const repoFile = path.relative(info.root, path.resolve(this.folder, ...file.split('/'))).split(path.sep).join('/');
    return repoFile.startsWith('../') || path.isAbsolute(repoFile) ? undefined : repoFile;
  }

  /** A file was saved (path relative to the folder). */
  invalidate(file: string): void {
    // Never rejects: repository() settles to { ok: false } when there is no git, and dropping cache entries cannot fail.
    this.repo?.then((repo) => {
      if (repo.ok) repo.translator.invalidate(path.relative(repo.info.root, path.resolve(this.folder, file)).split(path.sep).join('/'));
    }, () => undefined);
  }

  /** HEAD or refs changed (checkout, commit, fetch): translations and ref resolutions start over. */
  headChanged(): void {
    this.resolved.clear();
    this.repo?.then((repo) => {
      if (repo.ok) repo.translator.headChanged();
    }, () => undefined);
  }

  private repository(): Promise<Repo> {
    // Discovered once: no git, or no repository, is said once and not asked again on every file.
    this.repo ??= discoverRepository(this.git, this.folder).then(
      (info): Repo => ({ ok: true, info, translator: new LineTranslator({ git: this.git, root: info.root }) }),
      (err: unknown): Repo => {
        if (isGitError(err) && err.kind !== 'timeout' && err.kind !== 'cancelled') return { ok: false, reason: `${err.message} (lines shown as they are, version not verified)`, scope: 'repository' };
        this.repo = undefined;
        return { ok: false, reason: isGitError(err) ? err.message : String(err) };
      },
    );
    return this.repo;
  }

  private resolve(candidates: readonly RefCandidate[], shallow: boolean, signal?: AbortSignal): ReturnType<typeof resolveFirst> {
    const key = JSON.stringify(candidates.map((c) => [c.ref, c.kind ?? 'auto']));
    let pending = this.resolved.get(key);
    if (!pending) {
      pending = resolveFirst(this.git, this.folder, candidates, { shallow, signal });
      this.resolved.set(key, pending);
      pending.catch(() => this.resolved.delete(key));
    }
    return pending;
  }
}
