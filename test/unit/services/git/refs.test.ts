import * as assert from 'node:assert/strict';
import { createGitRunner, discoverRepository, resolveRefs, LineTranslator } from '../../../../src/services/git';
import { codeLines, GitRepoBuilder, isolatedGitEnv, lineOf } from '../../../builders/gitRepo';

const git = createGitRunner({ env: isolatedGitEnv() });

describe('git refs: candidates of the deployed version → a commit, or what to run', () => {
  let repo: GitRepoBuilder;
  let release: string;

  before(() => {
    repo = GitRepoBuilder.create();
    repo.write('src/app.ts', codeLines('x', 10));
    release = repo.commit('2.14.0');
    repo.tag('v2.14.0', true).tag('checkout-api@2.14.0');
    repo.write('src/app.ts', codeLines('y', 10));
    repo.commit('after');
    repo.git('branch', 'release/2.14', release);
  });

  after(() => repo.dispose());

  it('resolves annotated and lightweight tags, full and abbreviated SHAs and branches to the commit', async () => {
    const results = await resolveRefs(git, repo.dir, [{ ref: 'v2.14.0' }, { ref: 'checkout-api@2.14.0', kind: 'tag' }, { ref: release }, { ref: release.slice(0, 7) }, { ref: release.slice(0, 12).toUpperCase() }, { ref: 'release/2.14', kind: 'branch' }], { shallow: false });
    for (const r of results) assert.deepEqual(r.ok ? r.sha : r.reason, release, r.ref);
    assert.deepEqual(results.map((r) => (r.ok ? r.kind : r.failure)), ['tag', 'tag', 'sha', 'sha', 'sha', 'branch']);
  });

  it('says which tag is not fetched and the command to run, and which commit is not in this repository', async () => {
    const [tag, sha] = await resolveRefs(git, repo.dir, [{ ref: 'v9.9.9' }, { ref: 'f'.repeat(40) }], { shallow: false });
    assert.deepEqual(tag, { ok: false, ref: 'v9.9.9', failure: 'notFetched', reason: 'tag v9.9.9 is not fetched: run `git fetch --tags origin`', command: 'git fetch --tags origin' });
    assert.equal(sha.ok ? '' : sha.failure, 'notInRepository');
    assert.match(sha.ok ? '' : sha.reason, /not in this repository .*run `git fetch origin`/);
  });

  it('refuses revision syntax and options from production data without asking git', async () => {
    const hostile = ['--output=/tmp/x', 'HEAD~1', 'v1:src/app.ts', 'main@{1}', 'a..b', 'v1 v2', 'v1\nHEAD', ''];
    const results = await resolveRefs(git, repo.dir, hostile.map((ref) => ({ ref })), { shallow: false });
    assert.deepEqual(results.map((r) => (r.ok ? 'resolved' : r.failure)), hostile.map(() => 'invalid'));
  });

  it('reports an abbreviated SHA shared by several commits as ambiguous, never guessing', async () => {
    const many = GitRepoBuilder.create();
    try {
      // Enough commits that two share a 4-digit prefix (deterministic: fixed dates and content).
      const stream = ['reset refs/heads/main'];
      for (let i = 0; i < 600; i++) stream.push('commit refs/heads/main', `committer T <t@example.com> ${1_700_000_000 + i} +0000`, 'data 2', `${i % 10}${i % 7}`, '');
      many.gitWithInput(`${stream.join('\n')}\n`, 'fast-import', '--quiet');
      const shas = many.git('rev-list', 'main').trim().split('\n');
      const seen = new Map<string, number>();
      for (const s of shas) seen.set(s.slice(0, 4), (seen.get(s.slice(0, 4)) ?? 0) + 1);
      const prefix = [...seen].find(([, n]) => n > 1)?.[0];
      assert.ok(prefix, 'two commits share a 4-digit prefix');
      const [r] = await resolveRefs(git, many.dir, [{ ref: prefix }], { shallow: false });
      assert.equal(r.ok ? 'resolved' : r.failure, 'ambiguous');
      assert.match(r.ok ? '' : r.reason, new RegExp(`abbreviated SHA ${prefix} matches several objects`));
    } finally {
      many.dispose();
    }
  });

  describe('a shallow clone without the deployed commit', () => {
    let clone: GitRepoBuilder;
    before(() => {
      clone = GitRepoBuilder.create('prodlens-shallow-', false);
      clone.git('clone', '-q', '--no-tags', '--depth', '1', `file://${repo.dir}`, '.');
    });
    after(() => clone.dispose());

    it('knows it is shallow and says to unshallow for a SHA, to fetch tags for a tag', async () => {
      const info = await discoverRepository(git, clone.dir);
      assert.equal(info.shallow, true);
      const [sha, tag] = await resolveRefs(git, clone.dir, [{ ref: release }, { ref: 'v2.14.0' }], { shallow: info.shallow });
      assert.deepEqual(sha.ok ? 'resolved' : [sha.failure, sha.reason], ['beyondShallow', `commit ${release} is not in the local history (shallow clone): run \`git fetch --unshallow\``]);
      assert.equal(tag.ok ? 'resolved' : tag.command, 'git fetch --tags origin');
    });

    it('translation from a commit that is not there fails with a reason, not a crash', async () => {
      const result = await new LineTranslator({ git, root: clone.dir }).translateFile({ commit: release, label: '2.14.0', file: 'src/app.ts', lines: [3] });
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.failure, /unknownRevision|shallow/);
    });
  });

  it('translates from a tag resolved in a detached HEAD checkout', async () => {
    const detached = GitRepoBuilder.create();
    try {
      detached.write('a.ts', ['hot(); // MARK:hot', ...codeLines('a', 3)]);
      const v1 = detached.commit('v1');
      detached.tag('v1', true);
      detached.write('a.ts', [...codeLines('pre', 2), 'hot(); // MARK:hot', ...codeLines('a', 3)]);
      detached.commit('v2');
      detached.git('checkout', '-q', '--detach', 'HEAD');
      const info = await discoverRepository(git, detached.dir);
      assert.equal(info.branch, undefined);
      const [r] = await resolveRefs(git, detached.dir, [{ ref: 'v1' }], { shallow: info.shallow });
      assert.equal(r.ok && r.sha, v1);
      const result = await new LineTranslator({ git, root: info.root }).translateFile({ commit: v1, label: 'v1', file: 'a.ts', lines: [1] });
      assert.deepEqual(result.ok && [result.lines[0].line, result.lines[0].state], [lineOf(detached.read('a.ts'), 'MARK:hot'), 'moved']);
    } finally {
      detached.dispose();
    }
  });
});
