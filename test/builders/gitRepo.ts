// Real git repositories for tests, built by running git in a temp dir with fixed author and committer dates
// and an isolated config, so SHAs and results are the same on every run. Expected lines are found by
// construction: each test writes marker lines and asks `lineOf` where the marker is in the final text.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Author {
  name: string;
  email: string;
}

const DEFAULT_AUTHOR: Author = { name: 'Ada Tester', email: 'ada@example.com' };
/** 2023-11-14T22:13:20Z: every commit is one minute after the previous one. */
const EPOCH = 1_700_000_000;

/** An environment where only the test's own settings apply (no user or system config, no prompts). */
export function isolatedGitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...extra };
}

export class GitRepoBuilder {
  private tick = 0;

  private constructor(readonly dir: string) {}

  /** A new repository on branch `main` in a fresh temp dir (`init` false: an empty dir, e.g. to clone into). */
  static create(prefix = 'prodlens-git-', init = true): GitRepoBuilder {
    const repo = new GitRepoBuilder(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix))));
    if (init) repo.git('init', '-q', '-b', 'main');
    return repo;
  }

  /** Wraps an existing checkout (a clone, a worktree) to commit in it with the same fixed dates. */
  static at(dir: string): GitRepoBuilder {
    return new GitRepoBuilder(dir);
  }

  git(...args: string[]): string {
    return this.gitWith({}, ...args);
  }

  gitWith(env: NodeJS.ProcessEnv, ...args: string[]): string {
    return this.gitInput(env, undefined, ...args);
  }

  /** git with `input` on stdin (fast-import streams, commit messages). */
  gitWithInput(input: string, ...args: string[]): string {
    return this.gitInput({}, input, ...args);
  }

  private gitInput(env: NodeJS.ProcessEnv, input: string | undefined, ...args: string[]): string {
    const date = `${EPOCH + this.tick * 60} +0000`;
    return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', '-c', 'core.autocrlf=false', '-c', 'protocol.file.allow=always', ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      input,
      maxBuffer: 256 * 1024 * 1024,
      env: isolatedGitEnv({ GIT_AUTHOR_NAME: DEFAULT_AUTHOR.name, GIT_AUTHOR_EMAIL: DEFAULT_AUTHOR.email, GIT_COMMITTER_NAME: DEFAULT_AUTHOR.name, GIT_COMMITTER_EMAIL: DEFAULT_AUTHOR.email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, ...env }),
    });
  }

  path(file: string): string {
    return path.join(this.dir, ...file.split('/'));
  }

  write(file: string, content: string | readonly string[] | Buffer): this {
    const full = this.path(file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, typeof content === 'string' || Buffer.isBuffer(content) ? content : `${content.join('\n')}\n`);
    return this;
  }

  read(file: string): string {
    return fs.readFileSync(this.path(file), 'utf8');
  }

  remove(file: string): this {
    this.git('rm', '-q', '--', file);
    return this;
  }

  move(from: string, to: string): this {
    fs.mkdirSync(path.dirname(this.path(to)), { recursive: true });
    this.git('mv', '--', from, to);
    return this;
  }

  /** Stages everything and commits; returns the new commit's SHA. */
  commit(message: string, author: Author = DEFAULT_AUTHOR): string {
    this.tick++;
    this.git('add', '-A');
    // The message through stdin, verbatim (--cleanup=verbatim): hostile subjects reach git exactly as written.
    this.gitInput({ GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email }, message, 'commit', '-q', '--allow-empty', '--cleanup=verbatim', '-F', '-');
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }

  tag(name: string, annotated = false, target = 'HEAD'): this {
    if (annotated) this.git('tag', '-a', '-m', `release ${name}`, name, target);
    else this.git('tag', name, target);
    return this;
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `count` distinct code lines `const <name>N = N;`, so inserted and removed lines never look alike. */
export function codeLines(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `const ${name}${i + 1} = ${i + 1};`);
}

/** The 1-based line of the unique line containing `marker`, in a file's final text. */
export function lineOf(text: string, marker: string): number {
  const lines = text.split(/\r?\n/);
  const hits = lines.flatMap((l, i) => (l.includes(marker) ? [i + 1] : []));
  assert.equal(hits.length, 1, `marker ${marker} found ${hits.length} times`);
  return hits[0];
}
