// Runs the `git` executable: argument arrays and no shell (refs and paths come from production data), a time
// limit per call that kills the whole process group, a cap on output, and one typed failure per way it goes
// wrong, so callers explain a miss in one sentence instead of freezing or guessing.
import { spawn } from 'node:child_process';
import { GitError, classifyGitFailure } from './gitErrors';

export interface GitRunOptions {
  /** Working directory of the call (a folder inside the repository). */
  cwd: string;
  /** Kill and fail with `timeout` after this many ms. */
  timeoutMs?: number;
  /** Fail with `outputTooLarge` when stdout passes this many bytes. */
  maxBytes?: number;
  /** Written to git's stdin (cat-file --batch-check, blame --contents -). */
  input?: string;
  signal?: AbortSignal;
}

export interface GitRunnerConfig {
  /** The executable, `git` from PATH by default. */
  gitPath?: string;
  /** Environment base (tests inject a PATH without git or with a fake one); process.env by default. */
  env?: NodeJS.ProcessEnv;
  defaultTimeoutMs?: number;
  defaultMaxBytes?: number;
}

export interface GitRunner {
  run(args: readonly string[], options: GitRunOptions): Promise<string>;
}

export const DEFAULT_GIT_TIMEOUT_MS = 10_000;
export const DEFAULT_GIT_MAX_BYTES = 16 * 1024 * 1024;
const KILL_GRACE_MS = 2000;

// Read-only calls must not take index.lock (a user's `git commit` would fail beside us), must never prompt
// for credentials, and must not run commands the repository's config names (core.fsmonitor, external diff,
// textconv): opening a downloaded repository must not execute its code.
const GLOBAL_ARGS = ['--no-optional-locks', '-c', 'core.quotepath=off', '-c', 'core.fsmonitor=false', '-c', 'color.ui=false'];

// Inherited variables that would point git at another repository than the folder asked about.
const REPOSITORY_OVERRIDES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_CEILING_DIRECTORIES'];

function gitEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', LANGUAGE: 'C', GIT_PAGER: 'cat', PAGER: 'cat' };
  for (const name of REPOSITORY_OVERRIDES) delete env[name];
  return env;
}

export function createGitRunner(config: GitRunnerConfig = {}): GitRunner {
  const gitPath = config.gitPath ?? 'git';
  const env = gitEnv(config.env ?? process.env);
  const defaultTimeout = config.defaultTimeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
  const defaultMax = config.defaultMaxBytes ?? DEFAULT_GIT_MAX_BYTES;
  return {
    run(args, options) {
      return runOnce(gitPath, [...GLOBAL_ARGS, ...args], env, options.timeoutMs ?? defaultTimeout, options.maxBytes ?? defaultMax, options);
    },
  };
}

function runOnce(gitPath: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, maxBytes: number, options: GitRunOptions): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new GitError('cancelled', 'the git call was cancelled'));
      return;
    }
    const posix = process.platform !== 'win32';
    // Its own process group, so a timeout kills git and anything it started (a hung helper keeps the pipes open).
    const child = spawn(gitPath, args, { cwd: options.cwd, env, shell: false, windowsHide: true, detached: posix, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let settled = false;
    let closed = false;
    let afterClose: (() => void) | undefined;
    const finish = (error: GitError | undefined, stdout?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (!error) {
        resolve(stdout ?? '');
        return;
      }
      if (closed) {
        reject(error);
        return;
      }
      // Settle once the killed group has let go of the pipes (so nothing of it outlives the failure), or
      // after a grace period if something still holds them.
      kill();
      const grace = setTimeout(() => reject(error), KILL_GRACE_MS);
      afterClose = () => {
        clearTimeout(grace);
        reject(error);
      };
    };
    const kill = (): void => {
      if (child.pid === undefined) return;
      try {
        if (posix) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const onAbort = (): void => finish(new GitError('cancelled', 'the git call was cancelled'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => finish(new GitError('timeout', `git ${args[GLOBAL_ARGS.length] ?? ''} did not answer within ${timeoutMs} ms and was stopped`)), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxBytes) finish(new GitError('outputTooLarge', `git's answer passed ${maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`} and was cut off`));
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // Only the start of stderr is needed to classify a failure.
      if (errBytes < 64 * 1024) err.push(chunk);
      errBytes += chunk.length;
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish(e.code === 'ENOENT' ? new GitError('gitMissing', 'git was not found on PATH: install git to translate lines across versions') : new GitError('failed', `git could not be started: ${e.message}`));
    });
    child.on('close', (code) => {
      closed = true;
      afterClose?.();
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) finish(undefined, Buffer.concat(out).toString('utf8'));
      else finish(classifyGitFailure(code, stderr));
    });
    child.stdin.on('error', () => {
      // git may exit before reading its input (a bad ref); the exit code tells what happened.
    });
    child.stdin.end(options.input ?? '');
  });
}
