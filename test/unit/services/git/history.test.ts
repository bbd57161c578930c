import * as assert from 'node:assert/strict';
import { blameLine, createGitRunner, suspectCommits } from '../../../../src/services/git';
import { MAX_AUTHOR_CHARS, MAX_SUBJECT_CHARS } from '../../../../src/services/git/history';
import { codeLines, GitRepoBuilder, isolatedGitEnv, lineOf } from '../../../builders/gitRepo';

const git = createGitRunner({ env: isolatedGitEnv() });
const FILE = 'src/orders.ts';

describe('git history: suspect commits between deploys, blame of a line, hostile commit text', () => {
  let repo: GitRepoBuilder;
  const sha: Record<string, string> = {};

  before(() => {
    repo = GitRepoBuilder.create();
    repo.write(FILE, [...codeLines('a', 5), 'charge(order); // MARK:hot', ...codeLines('b', 5)]);
    sha.v1 = repo.commit('v1');
    repo.tag('v1');
    // Moves the hot line without touching it.
    repo.write(FILE, [...codeLines('pre', 2), ...codeLines('a', 5), 'charge(order); // MARK:hot', ...codeLines('b', 5)]);
    sha.move = repo.commit('add imports', { name: 'Mover', email: 'm@example.com' });
    // Touches the hot line: the likely culprit.
    repo.write(FILE, [...codeLines('pre', 2), ...codeLines('a', 5), 'charge(order, { retry: 0 }); // MARK:hot', ...codeLines('b', 5)]);
    sha.edit = repo.commit('disable retries', { name: 'Editor', email: 'e@example.com' });
    // Touches a neighbour only.
    repo.write(FILE, [...codeLines('pre', 2), ...codeLines('a', 5), 'charge(order, { retry: 0 }); // MARK:hot', 'log(order);', ...codeLines('b', 5)]);
    sha.neighbour = repo.commit('log orders');
    repo.tag('v2');
  });

  after(() => repo.dispose());

  it('lists the commits between two deploys that changed the hot line, newest first, not those that only moved it', async () => {
    const line = lineOf(repo.read(FILE), 'MARK:hot');
    const suspects = await suspectCommits(git, repo.dir, { file: FILE, line, from: sha.v1, to: sha.neighbour });
    assert.deepEqual(suspects.map((c) => c.sha), [sha.edit]);
    assert.deepEqual({ ...suspects[0] }, { sha: sha.edit, shortSha: sha.edit.slice(0, 7), author: 'Editor', time: (1_700_000_000 + 3 * 60) * 1000, subject: 'disable retries' });
  });

  it('without a previous deploy, the whole history of the line, bounded by max', async () => {
    const line = lineOf(repo.read(FILE), 'MARK:hot');
    const all = await suspectCommits(git, repo.dir, { file: FILE, line, to: sha.neighbour });
    assert.deepEqual(all.map((c) => c.sha), [sha.edit, sha.v1]);
    assert.equal((await suspectCommits(git, repo.dir, { file: FILE, line, to: sha.neighbour, max: 1 })).length, 1);
  });

  it('refuses a revision that is not a SHA (it could be read as an option)', async () => {
    await assert.rejects(suspectCommits(git, repo.dir, { file: FILE, line: 1, to: '--output=/tmp/x' }), { name: 'GitError', kind: 'unknownRevision' } as object);
  });

  it('blames one line of the working tree, of a commit, and of an unsaved buffer', async () => {
    const text = repo.read(FILE);
    const line = lineOf(text, 'MARK:hot');
    const blame = await blameLine(git, repo.dir, { file: FILE, line });
    assert.deepEqual([blame?.commit?.sha, blame?.commit?.author, blame?.originalFile, blame?.originalLine], [sha.edit, 'Editor', FILE, line]);
    const old = await blameLine(git, repo.dir, { file: FILE, line: lineOf(text, 'const pre1 ='), rev: sha.move });
    assert.equal(old?.commit?.subject, 'add imports');
    const buffer = text.replace('log(order);', 'log(order, "typed"); // MARK:typed');
    const typed = await blameLine(git, repo.dir, { file: FILE, line: lineOf(buffer, 'MARK:typed'), contents: buffer });
    assert.equal(typed?.commit, undefined, 'an unsaved line is not committed yet');
  });

  it('keeps hostile author names and subjects as capped, one-line data', async () => {
    const hostile = GitRepoBuilder.create();
    try {
      hostile.write('a.ts', 'a();\n');
      const longSubject = `${'x'.repeat(10_000)}`;
      const scripted = hostile.commit('<script>alert(1)</script> [x](command:prodlens.refresh)\u202e\n\nbody line\n', { name: '<img src=x onerror=alert(1)> [y](command:workbench.action.terminal.new)', email: 'h@example.com' });
      hostile.write('a.ts', 'b();\n');
      const long = hostile.commit(longSubject, { name: 'N'.repeat(5000), email: 'n@example.com' });
      const [newest, oldest] = await suspectCommits(git, hostile.dir, { file: 'a.ts', line: 1, to: long });
      // git itself drops < and > from names; what it stored comes back verbatim, command link syntax included.
      const stored = hostile.git('log', '-1', '--format=%an', scripted).trim();
      assert.match(stored, /\[y\]\(command:workbench/);
      assert.deepEqual([oldest.sha, oldest.author, oldest.subject], [scripted, stored, '<script>alert(1)</script> [x](command:prodlens.refresh)']);
      assert.equal(newest.subject.length, MAX_SUBJECT_CHARS);
      assert.equal(newest.author.length, MAX_AUTHOR_CHARS);
      const blame = await blameLine(git, hostile.dir, { file: 'a.ts', line: 1, rev: scripted });
      assert.equal(blame?.commit?.subject, '<script>alert(1)</script> [x](command:prodlens.refresh)');
    } finally {
      hostile.dispose();
    }
  });
});
