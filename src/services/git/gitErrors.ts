// The ways a git call fails, each one sentence a user can act on. Classified from the exit and git's own
// (LC_ALL=C, so English and stable) stderr; the raw stderr is kept for the log, never for the UI.

export type GitErrorKind =
  | 'gitMissing'
  | 'notARepository'
  | 'timeout'
  | 'unknownRevision'
  | 'shallow'
  | 'outputTooLarge'
  | 'cancelled'
  | 'failed';

export class GitError extends Error {
  constructor(
    readonly kind: GitErrorKind,
    message: string,
    /** git's stderr, first lines only: for the log. */
    readonly detail = '',
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export function isGitError(err: unknown): err is GitError {
  return err instanceof GitError;
}

function firstLines(text: string): string {
  return text.split('\n').slice(0, 5).join('\n').slice(0, 2000);
}

export function classifyGitFailure(code: number | null, stderr: string): GitError {
  const detail = firstLines(stderr);
  if (/not a git repository/i.test(stderr)) return new GitError('notARepository', 'this folder is not inside a git repository', detail);
  if (/must be run in a work tree/i.test(stderr)) return new GitError('notARepository', 'this folder has no working tree to annotate (a bare repository, or inside .git)', detail);
  if (/shallow|grafted/i.test(stderr) && /(bad object|unknown revision|no such|not a valid|missing)/i.test(stderr)) {
    return new GitError('shallow', 'the commit is beyond the shallow clone boundary: run `git fetch --unshallow`', detail);
  }
  if (/unknown revision|bad revision|bad object|invalid object name|not a valid object name|ambiguous argument|no such ref|does not exist in|exists on disk, but not in/i.test(stderr)) {
    return new GitError('unknownRevision', 'git does not know this revision or path', detail);
  }
  return new GitError('failed', `git failed (exit ${code ?? 'signal'})${detail ? `: ${detail.split('\n')[0].slice(0, 200)}` : ''}`, detail);
}
