import * as assert from 'node:assert/strict';
import { createGitRunner, LineTranslator, type FileTranslation, type TranslatedLine } from '../../../../src/services/git';
import { codeLines, GitRepoBuilder, isolatedGitEnv, lineOf } from '../../../builders/gitRepo';

const FILE = 'src/orders.ts';
const git = createGitRunner({ env: isolatedGitEnv() });

/** The deployed version: three marked lines among distinct code lines. */
function deployedText(): string[] {
  return [...codeLines('a', 18), 'chargeCard(order); // MARK:hot', ...codeLines('b', 10), 'validate(order); // MARK:edit', ...codeLines('c', 5), 'legacy(order); // MARK:gone', ...codeLines('d', 5)];
}

function ok(result: FileTranslation): Extract<FileTranslation, { ok: true }> {
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result;
}

describe('git line translation: deployed commit → working copy (real repositories)', () => {
  let repo: GitRepoBuilder;
  let deployed: string;
  const markers = { hot: 0, edit: 0, gone: 0 };

  beforeEach(() => {
    repo = GitRepoBuilder.create();
    const text = deployedText();
    repo.write(FILE, text).write('README.md', 'orders\n');
    deployed = repo.commit('release 2.14.0');
    const joined = text.join('\n');
    markers.hot = lineOf(joined, 'MARK:hot');
    markers.edit = lineOf(joined, 'MARK:edit');
    markers.gone = lineOf(joined, 'MARK:gone');
  });

  afterEach(() => repo.dispose());

  async function translate(file = FILE, buffer?: string): Promise<FileTranslation> {
    const translator = new LineTranslator({ git, root: repo.dir });
    return translator.translateFile({ commit: deployed, label: '2.14.0', file, lines: [markers.hot, markers.edit, markers.gone], buffer });
  }

  function byFrom(result: Extract<FileTranslation, { ok: true }>, from: number): TranslatedLine {
    const line = result.lines.find((l) => l.from === from);
    assert.ok(line);
    return line;
  }

  it('with no change since the deployed commit, every line is the same line', async () => {
    const result = ok(await translate());
    assert.deepEqual(result.lines.map((l) => [l.line, l.state]), [[markers.hot, 'same'], [markers.edit, 'same'], [markers.gone, 'same']]);
  });

  it('follows a line moved by commits that insert and remove code above it, and marks edits and deletions', async () => {
    const text = deployedText();
    text.splice(2, 3); // three lines removed above everything
    text.splice(0, 0, ...codeLines('top', 8)); // eight inserted at the top
    repo.write(FILE, text.map((l) => l.replace('validate(order); // MARK:edit', 'validateStrict(order, rules); // MARK:edited')).filter((l) => !l.includes('MARK:gone')));
    repo.commit('refactor orders');
    const final = repo.read(FILE);
    const result = ok(await translate());
    assert.deepEqual(byFrom(result, markers.hot), { from: markers.hot, line: lineOf(final, 'MARK:hot'), state: 'moved', file: FILE, since: '2.14.0' });
    assert.equal(byFrom(result, markers.edit).line, lineOf(final, 'MARK:edited'));
    assert.equal(byFrom(result, markers.edit).state, 'changed');
    const gone = byFrom(result, markers.gone);
    assert.equal(gone.state, 'deleted');
    // Where the code was: the line that now follows the removal.
    assert.equal(gone.line, lineOf(final, 'const d1 = 1;'));
  });

  it('follows a renamed file (git rename detection) to its new path', async () => {
    repo.move(FILE, 'src/billing/orders.ts');
    repo.commit('move orders to billing');
    const text = repo.read('src/billing/orders.ts').split('\n');
    text.splice(5, 0, ...codeLines('moved', 4));
    repo.write('src/billing/orders.ts', text.join('\n'));
    repo.commit('grow orders');
    const final = repo.read('src/billing/orders.ts');
    const result = ok(await translate());
    assert.equal(result.file, 'src/billing/orders.ts');
    assert.equal(result.renamedFrom, FILE);
    assert.deepEqual(byFrom(result, markers.hot), { from: markers.hot, line: lineOf(final, 'MARK:hot'), state: 'moved', file: 'src/billing/orders.ts', since: '2.14.0' });
  });

  it('translates through a merge of two branches that both changed the file', async () => {
    repo.git('checkout', '-q', '-b', 'feature');
    const feature = deployedText();
    feature.splice(0, 0, ...codeLines('feature', 6));
    repo.write(FILE, feature);
    repo.commit('feature: imports');
    repo.git('checkout', '-q', 'main');
    const main = deployedText();
    main.push(...codeLines('tail', 3));
    repo.write(FILE, main);
    repo.commit('main: tail');
    repo.git('merge', '-q', '--no-edit', 'feature');
    const final = repo.read(FILE);
    assert.ok(final.includes('feature1') && final.includes('tail1'), 'both sides merged');
    const result = ok(await translate());
    assert.equal(byFrom(result, markers.hot).line, lineOf(final, 'MARK:hot'));
    assert.equal(byFrom(result, markers.hot).state, 'moved');
  });

  it('includes uncommitted edits on disk', async () => {
    const text = deployedText();
    text.splice(1, 0, ...codeLines('wip', 3));
    repo.write(FILE, text);
    const result = ok(await translate());
    assert.equal(byFrom(result, markers.hot).line, lineOf(repo.read(FILE), 'MARK:hot'));
    assert.equal(byFrom(result, markers.hot).state, 'moved');
  });

  it('then the unsaved text of an open editor: moved by typing above, changed when the line itself is edited', async () => {
    repo.write(FILE, ['// header', ...deployedText()]);
    repo.commit('header');
    const disk = repo.read(FILE).split('\n');
    const hotOnDisk = lineOf(disk.join('\n'), 'MARK:hot');
    const buffer = [...disk.slice(0, 3), ...codeLines('typed', 2), ...disk.slice(3)];
    const moved = ok(await translate(FILE, buffer.join('\n')));
    assert.equal(byFrom(moved, markers.hot).line, lineOf(buffer.join('\n'), 'MARK:hot'));
    assert.equal(byFrom(moved, markers.hot).state, 'moved');
    buffer[lineOf(buffer.join('\n'), 'MARK:hot') - 1] = 'chargeCard(order, retry); // MARK:typed-over';
    const changed = ok(await translate(FILE, buffer.join('\n')));
    assert.deepEqual([byFrom(changed, markers.hot).line, byFrom(changed, markers.hot).state], [lineOf(buffer.join('\n'), 'MARK:typed-over'), 'changed']);
    assert.ok(hotOnDisk > 0);
  });

  it('an unsaved edit that puts the code back where it was deployed gives the same line', async () => {
    repo.write(FILE, ['// one', '// two', ...deployedText()]);
    repo.commit('two lines on top');
    const buffer = deployedText().join('\n');
    const result = ok(await translate(FILE, buffer));
    assert.deepEqual([byFrom(result, markers.hot).line, byFrom(result, markers.hot).state], [markers.hot, 'same']);
  });

  it('handles CRLF files: line endings do not move lines, on disk or in the buffer', async () => {
    const crlf = GitRepoBuilder.create();
    try {
      crlf.write(FILE, `${deployedText().join('\r\n')}\r\n`);
      const sha = crlf.commit('crlf release');
      const text = deployedText();
      text.splice(4, 0, ...codeLines('crlf', 2));
      crlf.write(FILE, `${text.join('\r\n')}\r\n`);
      crlf.commit('two more');
      const final = crlf.read(FILE);
      const translator = new LineTranslator({ git, root: crlf.dir });
      const onDisk = ok(await translator.translateFile({ commit: sha, label: 'v1', file: FILE, lines: [markers.hot] }));
      assert.equal(onDisk.lines[0].line, lineOf(final, 'MARK:hot'));
      // The editor holds the same lines with LF endings: not an edit.
      const lf = ok(await translator.translateFile({ commit: sha, label: 'v1', file: FILE, lines: [markers.hot], buffer: final.replace(/\r\n/g, '\n') }));
      assert.deepEqual([lf.lines[0].line, lf.lines[0].state], [lineOf(final, 'MARK:hot'), 'moved']);
    } finally {
      crlf.dispose();
    }
  });

  it('says a binary file is not translated', async () => {
    repo.write('assets/logo.bin', Buffer.from([0, 1, 2, 3, 0, 255, 10, 0]));
    const sha = repo.commit('logo');
    repo.write('assets/logo.bin', Buffer.from([0, 9, 9, 9, 0, 255, 10, 0, 7]));
    const translator = new LineTranslator({ git, root: repo.dir });
    const result = await translator.translateFile({ commit: sha, label: 'v1', file: 'assets/logo.bin', lines: [1] });
    assert.deepEqual(result.ok ? 'translated' : [result.failure, result.reason], ['binary', 'assets/logo.bin is binary: not translated']);
  });

  it('bounds a huge diff: past the hunk limit it says so instead of translating', async () => {
    const big = Array.from({ length: 40_002 }, (_, i) => `line ${i}`);
    repo.write('big.txt', big);
    const sha = repo.commit('big');
    repo.write('big.txt', big.map((l, i) => (i % 2 === 0 ? `${l} changed` : l)));
    const translator = new LineTranslator({ git, root: repo.dir });
    const result = await translator.translateFile({ commit: sha, label: 'v1', file: 'big.txt', lines: [3] });
    assert.equal(result.ok ? 'translated' : result.failure, 'tooLarge');
    assert.match(result.ok ? '' : result.reason, /changed too much since the deployed version/);
  });

  it('says when the file did not exist in the deployed version, and when it was deleted since', async () => {
    const missing = await translate('src/never.ts');
    assert.deepEqual(missing.ok ? 'translated' : missing.failure, 'notAtCommit');
    repo.remove(FILE);
    repo.commit('drop orders');
    const removed = await translate();
    assert.deepEqual(removed.ok ? 'translated' : [removed.failure, removed.reason], ['removed', `${FILE} was deleted since the deployed version (2.14.0)`]);
  });

  it('a file name with glob characters and spaces is that file, not a pattern', async () => {
    const odd = 'src/[id] page*.ts';
    repo.write(odd, deployedText());
    const sha = repo.commit('odd name');
    repo.write(odd, ['// new', ...deployedText()]);
    const result = ok(await new LineTranslator({ git, root: repo.dir }).translateFile({ commit: sha, label: 'v', file: odd, lines: [markers.hot] }));
    assert.equal(result.lines[0].line, lineOf(repo.read(odd), 'MARK:hot'));
  });
});
