import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createGitRunner, VersionLines, type GitRunner } from '../../../../src/services/git';
import { codeLines, GitRepoBuilder, isolatedGitEnv, lineOf } from '../../../builders/gitRepo';

function counting(real: GitRunner): GitRunner & { calls: string[] } {
  const calls: string[] = [];
  return { calls, run: (args, options) => (calls.push(args[0]), real.run(args, options)) };
}

describe('VersionLines: candidate refs + a file of a workspace folder → working-copy lines, or unverified and why', () => {
  let repo: GitRepoBuilder;
  const FOLDER = 'services/orders';

  before(() => {
    repo = GitRepoBuilder.create();
    repo.write(`${FOLDER}/src/a.ts`, ['hot(); // MARK:hot', ...codeLines('a', 4)]);
    repo.commit('2.14.0');
    repo.tag('v2.14.0', true);
    repo.write(`${FOLDER}/src/a.ts`, [...codeLines('new', 3), 'hot(); // MARK:hot', ...codeLines('a', 4)]);
    repo.commit('later');
  });

  after(() => repo.dispose());

  it('uses the first candidate that resolves, with paths relative to a folder inside the repository', async () => {
    const versions = new VersionLines(createGitRunner({ env: isolatedGitEnv() }), path.join(repo.dir, FOLDER));
    const result = await versions.translate({ candidates: [{ ref: 'checkout-api@2.14.0' }, { ref: 'v2.14.0' }], label: '2.14.0', file: 'src/a.ts', lines: [1] });
    assert.ok(result.verified && result.translation.ok);
    assert.equal(result.ref, 'v2.14.0');
    assert.deepEqual(result.translation.lines[0], { from: 1, line: lineOf(repo.read(`${FOLDER}/src/a.ts`), 'MARK:hot'), state: 'moved', file: `${FOLDER}/src/a.ts`, since: '2.14.0' });
  });

  it('suspects: the commits that changed the deployed line up to the version, cached per (commit, previous, file, line)', async () => {
    const git = counting(createGitRunner({ env: isolatedGitEnv() }));
    const versions = new VersionLines(git, path.join(repo.dir, FOLDER));
    const ask = () => versions.suspects({ candidates: [{ ref: 'v2.14.0' }], previous: [{ ref: 'v1.0.0' }], file: 'src/a.ts', line: 1 });
    const answer = await ask();
    assert.ok(answer.ok);
    assert.equal(answer.to, repo.git('rev-parse', 'v2.14.0^{commit}').trim());
    assert.equal(answer.from, undefined, 'a previous version that does not resolve: the history up to the version');
    assert.deepEqual(answer.commits.map((c) => c.subject), ['2.14.0']);
    const calls = git.calls.length;
    assert.deepEqual(await ask(), answer);
    assert.equal(git.calls.length, calls, 'asked again: no git call');
    assert.equal(git.calls.filter((c) => c === 'log').length, 1);
  });

  it('fileAt: the file as a commit had it, by commit id only, never outside the repository', async () => {
    const versions = new VersionLines(createGitRunner({ env: isolatedGitEnv() }), path.join(repo.dir, FOLDER));
    const sha = repo.git('rev-parse', 'v2.14.0^{commit}').trim();
    const text = await versions.fileAt(sha, 'src/a.ts');
    assert.equal(lineOf(text, 'MARK:hot'), 1, 'line 1 in 2.14.0, though the working copy has it on 4');
    assert.equal(await versions.fileAt(sha.slice(0, 10), 'src/a.ts'), text);
    await assert.rejects(versions.fileAt('v2.14.0', 'src/a.ts'), /is not a commit id/);
    await assert.rejects(versions.fileAt('--output=/tmp/x', 'src/a.ts'), /is not a commit id/);
    await assert.rejects(versions.fileAt(sha, '../../../etc/passwd'), /outside the repository/);
  });

  it('an unresolvable version: the lines unchanged, unverified, with the reason and the command', async () => {
    const versions = new VersionLines(createGitRunner({ env: isolatedGitEnv() }), repo.dir);
    const result = await versions.translate({ candidates: [{ ref: 'v3.0.0' }], label: '3.0.0', file: `${FOLDER}/src/a.ts`, lines: [1, 4] });
    assert.deepEqual(result, { verified: false, reason: 'tag v3.0.0 is not fetched: run `git fetch --tags origin`', command: 'git fetch --tags origin', lines: [1, 4] });
  });

  it('no git: says so once (asked once), and every file comes back unverified', async () => {
    const emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-nogit-'));
    try {
      const git = counting(createGitRunner({ env: { ...isolatedGitEnv(), PATH: emptyBin } }));
      const versions = new VersionLines(git, repo.dir);
      const ask = () => versions.translate({ candidates: [{ ref: 'v2.14.0' }], label: '2.14.0', file: 'a.ts', lines: [2] });
      const [first, second] = [await ask(), await ask()];
      // scope: said once for the whole workspace, not on each line.
      assert.deepEqual(first, { verified: false, reason: 'git was not found on PATH: install git to translate lines across versions (lines shown as they are, version not verified)', command: undefined, lines: [2], scope: 'repository' });
      assert.deepEqual(second, first);
      assert.equal(git.calls.length, 1);
    } finally {
      fs.rmSync(emptyBin, { recursive: true, force: true });
    }
  });
});
