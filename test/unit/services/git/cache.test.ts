import * as assert from 'node:assert/strict';
import { createGitRunner, LineTranslator, type GitRunner } from '../../../../src/services/git';
import { codeLines, GitRepoBuilder, isolatedGitEnv, lineOf } from '../../../builders/gitRepo';

/** A real runner that records each git subcommand it ran. */
function countingRunner(): GitRunner & { calls: string[] } {
  const real = createGitRunner({ env: isolatedGitEnv() });
  const calls: string[] = [];
  return {
    calls,
    run(args, options) {
      calls.push(args[0]);
      return real.run(args, options);
    },
  };
}

describe('line translation cache per (commit, file), with explicit invalidation', () => {
  let repo: GitRepoBuilder;
  let v1: string;

  beforeEach(() => {
    repo = GitRepoBuilder.create();
    repo.write('a.ts', ['hot(); // MARK:hot', ...codeLines('a', 5)]);
    repo.write('b.ts', ['other(); // MARK:other', ...codeLines('b', 5)]);
    v1 = repo.commit('v1');
  });

  afterEach(() => repo.dispose());

  it('answers again from cache without running git, including for a new unsaved buffer', async () => {
    const git = countingRunner();
    const translator = new LineTranslator({ git, root: repo.dir });
    repo.write('a.ts', ['// one', 'hot(); // MARK:hot', ...codeLines('a', 5)]);
    await translator.translateFile({ commit: v1, label: 'v1', file: 'a.ts', lines: [1] });
    const ran = git.calls.length;
    const buffer = ['// typed', repo.read('a.ts')].join('\n');
    const again = await translator.translateFile({ commit: v1, label: 'v1', file: 'a.ts', lines: [1], buffer });
    assert.equal(git.calls.length, ran);
    assert.deepEqual(again.ok && again.lines[0].line, lineOf(buffer, 'MARK:hot'));
  });

  it('invalidate(file) after a save recomputes that file only; headChanged() recomputes everything', async () => {
    const git = countingRunner();
    const translator = new LineTranslator({ git, root: repo.dir });
    const ask = (file: string) => translator.translateFile({ commit: v1, label: 'v1', file, lines: [1] });
    await Promise.all([ask('a.ts'), ask('b.ts')]);
    repo.write('a.ts', ['// saved', 'hot(); // MARK:hot', ...codeLines('a', 5)]);
    const stale = await ask('a.ts');
    assert.equal(stale.ok && stale.lines[0].line, 1, 'without invalidation the cached answer stands');
    translator.invalidate('a.ts');
    const before = git.calls.length;
    const fresh = await ask('a.ts');
    await ask('b.ts');
    assert.equal(fresh.ok && fresh.lines[0].line, lineOf(repo.read('a.ts'), 'MARK:hot'));
    assert.equal(git.calls.length, before + 1, 'only a.ts ran git again');
    repo.write('b.ts', ['// x', '// y', 'other(); // MARK:other', ...codeLines('b', 5)]);
    repo.commit('checkout moved b');
    translator.headChanged();
    const b = await ask('b.ts');
    assert.equal(b.ok && b.lines[0].line, lineOf(repo.read('b.ts'), 'MARK:other'));
  });

  it('invalidating the new name of a renamed file drops the entry kept under its deployed name', async () => {
    const git = countingRunner();
    const translator = new LineTranslator({ git, root: repo.dir });
    repo.move('a.ts', 'src/a.ts');
    repo.commit('move');
    const first = await translator.translateFile({ commit: v1, label: 'v1', file: 'a.ts', lines: [1] });
    assert.equal(first.ok && first.file, 'src/a.ts');
    repo.write('src/a.ts', ['// saved', 'hot(); // MARK:hot', ...codeLines('a', 5)]);
    translator.invalidate('src/a.ts');
    const second = await translator.translateFile({ commit: v1, label: 'v1', file: 'a.ts', lines: [1] });
    assert.equal(second.ok && second.lines[0].line, 2);
  });

  it('concurrent requests for one file share one git run', async () => {
    const git = countingRunner();
    const translator = new LineTranslator({ git, root: repo.dir });
    await Promise.all(Array.from({ length: 5 }, () => translator.translateFile({ commit: v1, label: 'v1', file: 'a.ts', lines: [1] })));
    assert.deepEqual(git.calls, ['diff', 'cat-file']);
  });
});
