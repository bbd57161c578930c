// Who changed a hot line: the commits between two deployed versions that touched it (`git log -L`, bounded),
// and the blame of one working-copy line. Author names and subjects are untrusted text: kept as plain data,
// one printable line, capped; the UI escapes them like production strings.
import type { CommitSummary } from '../../core/model';
import { oneLine } from '../../core/text';
import { GitError } from './gitErrors';
import type { GitRunner } from './gitRunner';

export const MAX_AUTHOR_CHARS = 100;
export const MAX_SUBJECT_CHARS = 200;
export const DEFAULT_MAX_SUSPECTS = 10;

// The model's type: summaries ride on error groups in snapshots (ErrorGroup.suspects).
export type { CommitSummary };

const SHA = /^[0-9a-f]{40,64}$/;

/** Revisions here come from resolveRefs (SHAs) or are HEAD: anything else could be read as an option. */
function checkRevision(rev: string): string {
  if (/^[0-9a-f]{4,64}$/i.test(rev) || rev === 'HEAD') return rev;
  throw new GitError('unknownRevision', 'only a commit SHA (from resolveRefs) or HEAD is accepted here');
}

function summary(sha: string, seconds: string, author: string, subject: string): CommitSummary | undefined {
  if (!SHA.test(sha) || !/^\d+$/.test(seconds)) return undefined;
  return { sha, shortSha: sha.slice(0, 7), author: oneLine(author, MAX_AUTHOR_CHARS), time: Number(seconds) * 1000, subject: oneLine(subject, MAX_SUBJECT_CHARS) };
}

export interface SuspectQuery {
  /** Repository-relative path of the file at `to`. */
  file: string;
  /** The line at `to` (the deployed position). */
  line: number;
  /** The last line of a range starting at `line` (an enclosing function, the lines leading to the crash). */
  endLine?: number;
  /** The newer deployed commit. */
  to: string;
  /** The previous deployed commit; without it, the whole history up to `to` (still bounded by `max`). */
  from?: string;
  max?: number;
  signal?: AbortSignal;
}

// Record separator, then NUL between fields: a subject may hold anything but NUL, and is the last field.
const LOG_FORMAT = '--format=%x1e%H%x00%at%x00%an%x00%s%x00';

/**
 * The commits in `from..to` that changed the line, newest first: the newest is the one that gave the line
 * its deployed text, so the most likely cause of an error that started with that deploy.
 */
export async function suspectCommits(git: GitRunner, cwd: string, query: SuspectQuery): Promise<CommitSummary[]> {
  const max = Math.max(1, Math.min(query.max ?? DEFAULT_MAX_SUSPECTS, 100));
  const range = query.from ? `${checkRevision(query.from)}..${checkRevision(query.to)}` : checkRevision(query.to);
  const out = await git.run(['log', '--no-color', '--no-ext-diff', '--no-textconv', '-s', `--max-count=${max}`, LOG_FORMAT, `-L${query.line},${Math.max(query.line, query.endLine ?? query.line)}:${query.file}`, range, '--'], { cwd, signal: query.signal });
  return parseLog(out);
}

export function parseLog(out: string): CommitSummary[] {
  const commits: CommitSummary[] = [];
  for (const record of out.split('\x1e')) {
    const [sha, seconds, author, subject] = record.split('\0');
    if (subject === undefined) continue;
    const commit = summary(sha, seconds, author, subject);
    if (commit) commits.push(commit);
  }
  return commits;
}

export interface BlameLine {
  /** The commit that last changed the line; undefined for a line not committed yet (on disk or in the buffer). */
  commit: CommitSummary | undefined;
  /** The line's number in that commit, and the file's path there. */
  originalLine: number;
  originalFile: string;
  /** The commit is the root or the shallow boundary: the line may be older than it says. */
  boundary: boolean;
}

export interface BlameQuery {
  file: string;
  line: number;
  /** Blame this commit's version; without it the working tree (or `contents`). */
  rev?: string;
  /** An editor's unsaved text, blamed instead of the file on disk. */
  contents?: string;
  signal?: AbortSignal;
}

const ZERO_SHA = /^0+$/;

export async function blameLine(git: GitRunner, cwd: string, query: BlameQuery): Promise<BlameLine | undefined> {
  const args = ['blame', '--porcelain', '--no-textconv', `-L${query.line},${query.line}`];
  if (query.contents !== undefined) args.push('--contents', '-');
  if (query.rev) args.push(checkRevision(query.rev));
  args.push('--', query.file);
  const out = await git.run(args, { cwd, input: query.contents, signal: query.signal });
  return parseBlame(out);
}

export function parseBlame(out: string): BlameLine | undefined {
  const lines = out.split('\n');
  const head = /^([0-9a-f]{40,64}) (\d+) \d+/.exec(lines[0] ?? '');
  if (!head) return undefined;
  const fields = new Map<string, string>();
  let boundary = false;
  for (const line of lines.slice(1)) {
    // The line's own text comes last, after a tab: file content, never a header.
    if (line.startsWith('\t')) break;
    if (line === 'boundary') boundary = true;
    const space = line.indexOf(' ');
    if (space > 0) fields.set(line.slice(0, space), line.slice(space + 1));
  }
  const sha = head[1];
  const commit = ZERO_SHA.test(sha) ? undefined : summary(sha, fields.get('author-time') ?? '', fields.get('author') ?? '', fields.get('summary') ?? '');
  return { commit, originalLine: Number(head[2]), originalFile: fields.get('filename') ?? '', boundary };
}
