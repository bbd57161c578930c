// Which repository a folder belongs to, asked of git itself: a `.git` file (submodule, --separate-git-dir),
// a linked worktree and a bare repository all answer through `rev-parse` with no path guessing of ours.
import * as path from 'node:path';
import { GitError } from './gitErrors';
import type { GitRunner } from './gitRunner';

export interface RepositoryInfo {
  /** Absolute path of the working tree's top folder. */
  root: string;
  /** Absolute path of this worktree's git dir (differs from `<root>/.git` for worktrees and `.git` files). */
  gitDir: string;
  /** The git dir shared by all worktrees (refs and objects live there). */
  commonDir: string;
  shallow: boolean;
  /** HEAD's commit, or undefined in a repository without commits. */
  head: string | undefined;
  /** The branch checked out, or undefined for a detached HEAD. */
  branch: string | undefined;
}

function absolute(cwd: string, p: string): string {
  return path.resolve(cwd, p);
}

/** Facts about the repository holding `folder`; throws GitError (`notARepository`, `gitMissing`, ...). */
export async function discoverRepository(git: GitRunner, folder: string): Promise<RepositoryInfo> {
  const out = await git.run(['rev-parse', '--is-bare-repository', '--show-toplevel', '--git-dir', '--git-common-dir', '--is-shallow-repository'], { cwd: folder });
  const [bare, root, gitDir, commonDir, shallow] = out.split('\n');
  if (bare === 'true' || !root) throw new GitError('notARepository', 'this folder is a bare repository, with no working tree to annotate');
  const [head, branch] = await Promise.all([
    git.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: folder }).then((s) => s.trim() || undefined, () => undefined),
    git.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: folder }).then((s) => s.trim() || undefined, () => undefined),
  ]);
  return { root, gitDir: absolute(folder, gitDir), commonDir: absolute(folder, commonDir), shallow: shallow === 'true', head, branch };
}
