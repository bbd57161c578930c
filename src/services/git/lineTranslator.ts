// Production line → working-copy line, for all hot lines of one file in one call: deployed commit → disk
// (git, cached per (commit, file)), then disk → unsaved buffer (jsdiff, cached per buffer text). The editor
// layer calls `invalidate(file)` on save and `headChanged()` on checkout or HEAD change.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { LRUCache } from 'lru-cache';
import { chainSteps, mapLinesThrough, type Hunk, type LineState, type LineStep } from '../../core/versions/lineMap';
import { textHunks } from '../../core/versions/textDiff';
import { diffFileSince, type FileDiff } from './fileDiff';
import { isGitError, type GitErrorKind } from './gitErrors';
import type { GitRunner } from './gitRunner';

export interface TranslateRequest {
  /** The deployed commit (a full SHA from resolveRefs). */
  commit: string;
  /** How the UI names that version: "2.14.0", "abc1234". */
  label: string;
  /** Repository-relative path, forward slashes, as the file was at `commit`. */
  file: string;
  /** 1-based lines in the deployed version. */
  lines: readonly number[];
  /** The editor's unsaved text of the working-copy file, when it differs from disk. */
  buffer?: string;
  signal?: AbortSignal;
}

export interface TranslatedLine {
  /** The line in the deployed version, as asked. */
  from: number;
  /** The line in the working copy; for a deleted line, where the code was (the line now after it). */
  line: number;
  state: LineState;
  /** Working-copy path (after renames). */
  file: string;
  /** The version label the state is relative to: "changed since 2.14.0". */
  since: string;
}

export type TranslationFailure = GitErrorKind | 'binary' | 'tooLarge' | 'notAtCommit' | 'removed';

export type FileTranslation =
  | { ok: true; file: string; renamedFrom?: string; since: string; lines: TranslatedLine[]; notes: string[] }
  | { ok: false; since: string; failure: TranslationFailure; reason: string };

interface Entry {
  diff: FileDiff;
  /** Disk text of the working-copy file, read on the first request with a buffer. */
  disk?: Promise<string | undefined>;
  /** The last buffer diffed against disk, and its hunks: typing sends the same buffer to every hot line. */
  buffer?: { text: string; hunks: Hunk[] | string };
}

export interface LineTranslatorOptions {
  git: GitRunner;
  /** The repository's top folder (RepositoryInfo.root). */
  root: string;
  /** (commit, file) pairs kept; default 500. */
  maxEntries?: number;
  readText?: (absolutePath: string) => Promise<string | undefined>;
}

const readUtf8 = (p: string): Promise<string | undefined> => readFile(p, 'utf8').catch(() => undefined);

export class LineTranslator {
  private readonly cache: LRUCache<string, Promise<Entry>>;
  private readonly readText: (absolutePath: string) => Promise<string | undefined>;
  /** Cache key → the working-copy file its diff ends at (after a rename), so a save of that file invalidates it. */
  private readonly workingFile = new Map<string, string>();

  constructor(private readonly options: LineTranslatorOptions) {
    this.cache = new LRUCache({ max: options.maxEntries ?? 500, dispose: (_value, key) => this.workingFile.delete(key) });
    this.readText = options.readText ?? readUtf8;
  }

  /** Forget what depends on `file` (a repository-relative path, either side of a rename): after a save. */
  invalidate(file: string): void {
    for (const [key, current] of [...this.workingFile]) {
      if (current === file || key.endsWith(`\0${file}`)) this.cache.delete(key);
    }
    for (const key of [...this.cache.keys()]) if (key.endsWith(`\0${file}`)) this.cache.delete(key);
  }

  /** Forget everything: HEAD moved (checkout, commit, reset), so every diff against the working tree may differ. */
  headChanged(): void {
    this.cache.clear();
  }

  async translateFile(request: TranslateRequest): Promise<FileTranslation> {
    const since = request.label;
    let entry: Entry;
    try {
      entry = await this.entry(request.commit, request.file, request.signal);
    } catch (err) {
      if (isGitError(err)) return { ok: false, since, failure: err.kind, reason: err.message };
      throw err;
    }
    const diff = entry.diff;
    if (diff.kind === 'removed') return { ok: false, since, failure: 'removed', reason: `${diff.reason} (${since})` };
    if (diff.kind === 'untranslatable') return { ok: false, since, failure: diff.failure, reason: diff.reason };
    const notes: string[] = [];
    const first = mapLinesThrough(request.lines, diff.hunks);
    let steps: LineStep[] = first;
    if (request.buffer !== undefined) {
      const hunks = await this.bufferHunks(entry, diff.file, request.buffer);
      if (typeof hunks === 'string') notes.push(hunks);
      else if (hunks.length > 0) {
        const second = mapLinesThrough(first.map((s) => s.line), hunks);
        steps = first.map((s, i) => chainSteps(request.lines[i], s, second[i]));
      }
    }
    const lines = steps.map((s, i) => ({ from: request.lines[i], line: s.line, state: s.state, file: diff.file, since }));
    return { ok: true, file: diff.file, renamedFrom: diff.renamedFrom, since, lines, notes };
  }

  private entry(commit: string, file: string, signal?: AbortSignal): Promise<Entry> {
    const key = `${commit}\0${file}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const created = diffFileSince(this.options.git, this.options.root, commit, file, signal).then((diff): Entry => ({ diff }));
    this.cache.set(key, created);
    created.then(
      (entry) => {
        if (entry.diff.kind === 'diff' && this.cache.get(key) === created) this.workingFile.set(key, entry.diff.file);
      },
      // A failed call (timeout, cancelled) is retried next time rather than remembered.
      () => {
        if (this.cache.get(key) === created) this.cache.delete(key);
      },
    );
    return created;
  }

  private async bufferHunks(entry: Entry, file: string, buffer: string): Promise<Hunk[] | string> {
    if (entry.buffer?.text === buffer) return entry.buffer.hunks;
    entry.disk ??= this.readText(path.join(this.options.root, ...file.split('/')));
    const disk = await entry.disk;
    let hunks: Hunk[] | string;
    if (disk === undefined) hunks = `${file} could not be read from disk: unsaved edits not translated`;
    else {
      const diff = textHunks(disk, buffer);
      hunks = diff.ok ? diff.hunks : diff.reason;
    }
    entry.buffer = { text: buffer, hunks };
    return hunks;
  }
}
