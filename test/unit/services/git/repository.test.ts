import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createGitRunner, discoverRepository, GitError, LineTranslator } from '../../../../src/services/git';
import { codeLines, GitRepoBuilder, isolatedGitEnv, lineOf } from '../../../builders/gitRepo';

const git = createGitRunner({ env: isolatedGitEnv() });

/** False for a process that exited, reaped or not (a container's init may leave zombies). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

async function failureOf(promise: Promise<unknown>): Promise<GitError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof GitError, String(err));
    return err;
  }
  assert.fail('expected a GitError');
}

describe('git access: which repository, and every way git can fail', () => {
  const cleanup: string[] = [];
  after(() => {
    for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  });

  function tempDir(prefix: string): string {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    cleanup.push(dir);
    return dir;
  }

  it('a folder outside any repository: notARepository', async () => {
    const dir = tempDir('prodlens-norepo-');
    const err = await failureOf(discoverRepository(createGitRunner({ env: isolatedGitEnv({ GIT_CEILING_DIRECTORIES: path.dirname(dir) }) }), dir));
    assert.deepEqual([err.kind, err.message], ['notARepository', 'this folder is not inside a git repository']);
  });

  it('no git on PATH: gitMissing, and translation says so instead of throwing', async () => {
    const emptyBin = tempDir('prodlens-nogit-');
    const noGit = createGitRunner({ env: { ...isolatedGitEnv(), PATH: emptyBin } });
    const err = await failureOf(noGit.run(['--version'], { cwd: emptyBin }));
    assert.equal(err.kind, 'gitMissing');
    const result = await new LineTranslator({ git: noGit, root: emptyBin }).translateFile({ commit: 'a'.repeat(40), label: 'v1', file: 'a.ts', lines: [1] });
    assert.deepEqual(result.ok ? 'translated' : [result.failure, result.reason], ['gitMissing', 'git was not found on PATH: install git to translate lines across versions']);
  });

  it('a git that hangs is stopped at the time limit (its child too) with a timeout reason', async () => {
    const bin = tempDir('prodlens-hanggit-');
    const marker = path.join(bin, 'started');
    // Not `exec`: the sleep is a child of the script, as a hung credential helper or hook would be, and
    // keeps the pipes open unless the whole process group is killed.
    fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\nsleep 600 &\necho $! > "${marker}"\nwait\n`, { mode: 0o755 });
    const hanging = createGitRunner({ env: { ...isolatedGitEnv(), PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` }, defaultTimeoutMs: 300 });
    const err = await failureOf(hanging.run(['diff', 'HEAD'], { cwd: bin }));
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /^git diff did not answer within 300 ms and was stopped$/);
    const pid = Number(fs.readFileSync(marker, 'utf8'));
    assert.ok(!alive(pid), 'the hung child of the script is gone');
  });

  it('a cancelled call fails as cancelled', async () => {
    const repo = GitRepoBuilder.create();
    cleanup.push(repo.dir);
    const controller = new AbortController();
    controller.abort();
    assert.equal((await failureOf(git.run(['status'], { cwd: repo.dir, signal: controller.signal }))).kind, 'cancelled');
  });

  it('an answer larger than the cap fails as outputTooLarge', async () => {
    const repo = GitRepoBuilder.create();
    cleanup.push(repo.dir);
    repo.write('big.txt', codeLines('big', 5000));
    repo.commit('big');
    const small = createGitRunner({ env: isolatedGitEnv(), defaultMaxBytes: 10_000 });
    const err = await failureOf(small.run(['show', 'HEAD:big.txt'], { cwd: repo.dir }));
    assert.deepEqual([err.kind, err.message], ['outputTooLarge', "git's answer passed 10 KB and was cut off"]);
  });

  it('an unknown revision fails as unknownRevision', async () => {
    const repo = GitRepoBuilder.create();
    cleanup.push(repo.dir);
    repo.write('a.ts', 'a\n');
    repo.commit('a');
    assert.equal((await failureOf(git.run(['diff', 'b'.repeat(40), '--'], { cwd: repo.dir }))).kind, 'unknownRevision');
  });

  it('ignores GIT_DIR inherited from the environment (a hook, a terminal): the folder decides', async () => {
    const repo = GitRepoBuilder.create();
    const other = GitRepoBuilder.create();
    cleanup.push(repo.dir, other.dir);
    const runner = createGitRunner({ env: { ...isolatedGitEnv(), GIT_DIR: path.join(other.dir, '.git') } });
    assert.equal((await discoverRepository(runner, repo.dir)).root, repo.dir);
  });

  it('a linked worktree (git worktree add): its own root and git dir, the shared common dir, translation works', async () => {
    const repo = GitRepoBuilder.create();
    cleanup.push(repo.dir);
    repo.write('a.ts', ['hot(); // MARK:hot', ...codeLines('a', 3)]);
    const v1 = repo.commit('v1');
    const wt = path.join(tempDir('prodlens-wt-'), 'feature');
    repo.git('worktree', 'add', '-q', '-b', 'feature', wt);
    const worktree = GitRepoBuilder.at(wt);
    worktree.write('a.ts', [...codeLines('wt', 2), 'hot(); // MARK:hot', ...codeLines('a', 3)]);
    worktree.commit('in the worktree');
    const info = await discoverRepository(git, path.join(wt));
    assert.deepEqual([info.root, info.commonDir, info.branch], [fs.realpathSync(wt), path.join(repo.dir, '.git'), 'feature']);
    assert.notEqual(info.gitDir, info.commonDir);
    const result = await new LineTranslator({ git, root: info.root }).translateFile({ commit: v1, label: 'v1', file: 'a.ts', lines: [1] });
    assert.deepEqual(result.ok && result.lines[0].line, lineOf(worktree.read('a.ts'), 'MARK:hot'));
  });

  it('a .git file (--separate-git-dir, as submodules have): root is the working tree, gitDir where the file points', async () => {
    const store = tempDir('prodlens-gitstore-');
    const work = tempDir('prodlens-gitfile-');
    GitRepoBuilder.at(work).git('init', '-q', '-b', 'main', `--separate-git-dir=${path.join(store, 'repo.git')}`);
    assert.ok(fs.statSync(path.join(work, '.git')).isFile());
    const info = await discoverRepository(git, work);
    assert.deepEqual([info.root, info.gitDir, info.head], [work, path.join(store, 'repo.git'), undefined]);
  });

  it('a submodule is its own repository', async () => {
    const lib = GitRepoBuilder.create();
    const app = GitRepoBuilder.create();
    cleanup.push(lib.dir, app.dir);
    lib.write('lib.ts', 'export const x = 1;\n');
    lib.commit('lib');
    app.git('submodule', 'add', '-q', `file://${lib.dir}`, 'vendor/lib');
    app.commit('add lib');
    const info = await discoverRepository(git, path.join(app.dir, 'vendor', 'lib', ''));
    assert.equal(info.root, path.join(app.dir, 'vendor', 'lib'));
    assert.ok(info.gitDir.startsWith(path.join(app.dir, '.git', 'modules')), info.gitDir);
  });

  it('a bare repository has no working tree to annotate', async () => {
    const bare = tempDir('prodlens-bare-');
    GitRepoBuilder.at(bare).git('init', '-q', '--bare');
    assert.equal((await failureOf(discoverRepository(git, bare))).kind, 'notARepository');
  });
});
