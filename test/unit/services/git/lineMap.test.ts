import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { chainSteps, checkHunks, mapLinesThrough, mapLineThrough, type Hunk } from '../../../../src/core/versions/lineMap';
import { textHunks } from '../../../../src/core/versions/textDiff';
import { parseUnifiedDiff, unquotePath } from '../../../../src/core/versions/unifiedDiff';

describe('lineMap: hunk arithmetic (pure)', () => {
  // git's numbers for: 2 lines inserted after line 3; line 10 replaced by 2 lines; lines 20-21 removed.
  const hunks: Hunk[] = checkHunks([
    { oldStart: 3, oldLines: 0, newStart: 4, newLines: 2 },
    { oldStart: 10, oldLines: 1, newStart: 12, newLines: 2 },
    { oldStart: 20, oldLines: 2, newStart: 22, newLines: 0 },
  ]);

  it('same above the first change, moved below inserts, changed inside a replacement, deleted inside a removal', () => {
    assert.deepEqual(mapLineThrough(3, hunks), { line: 3, state: 'same' });
    assert.deepEqual(mapLineThrough(4, hunks), { line: 6, state: 'moved' });
    assert.deepEqual(mapLineThrough(10, hunks), { line: 12, state: 'changed' });
    assert.deepEqual(mapLineThrough(15, hunks), { line: 18, state: 'moved' });
    assert.deepEqual(mapLineThrough(20, hunks), { line: 23, state: 'deleted' });
    assert.deepEqual(mapLineThrough(21, hunks), { line: 23, state: 'deleted' });
    assert.deepEqual(mapLineThrough(22, hunks), { line: 23, state: 'moved' });
  });

  it('a line whose shifts cancel out is the same line', () => {
    const cancel = checkHunks([{ oldStart: 1, oldLines: 0, newStart: 2, newLines: 1 }, { oldStart: 5, oldLines: 1, newStart: 5, newLines: 0 }]);
    assert.deepEqual(mapLineThrough(8, cancel), { line: 8, state: 'same' });
  });

  it('the binary-search path agrees with the linear walk on many hunks', () => {
    const many = checkHunks(Array.from({ length: 200 }, (_, i) => ({ oldStart: i * 10 + 5, oldLines: 1, newStart: i * 11 + 5, newLines: 2 })));
    const lines = Array.from({ length: 2100 }, (_, i) => i + 1);
    assert.deepEqual(mapLinesThrough(lines, many), lines.map((l) => mapLineThrough(l, many)));
  });

  it('refuses overlapping hunks instead of translating from a misread diff', () => {
    assert.throws(() => checkHunks([{ oldStart: 3, oldLines: 3, newStart: 3, newLines: 1 }, { oldStart: 4, oldLines: 1, newStart: 4, newLines: 1 }]), RangeError);
  });

  it('chains steps: deleted stays deleted, the worse of moved and changed wins', () => {
    assert.deepEqual(chainSteps(5, { line: 7, state: 'moved' }, { line: 7, state: 'changed' }), { line: 7, state: 'changed' });
    assert.deepEqual(chainSteps(5, { line: 6, state: 'deleted' }, { line: 9, state: 'moved' }), { line: 9, state: 'deleted' });
    assert.deepEqual(chainSteps(5, { line: 7, state: 'moved' }, { line: 5, state: 'moved' }), { line: 5, state: 'same' });
  });

  it('property: every line translated as same or moved lands on identical text (jsdiff hunks of random edits)', () => {
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.nat({ max: 3 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.array(edit, { maxLength: 8 }), fc.boolean(), (size, edits, crlf) => {
        const before = Array.from({ length: size }, (_, i) => `line ${i}`);
        const after = [...before];
        edits.forEach((e, k) => {
          const at = e.at % (after.length + 1);
          after.splice(at, e.remove, ...Array.from({ length: e.insert }, (_, j) => `new ${k}.${j}`));
        });
        const eol = crlf ? '\r\n' : '\n';
        const diff = textHunks(before.join(eol), after.join('\n'));
        assert.ok(diff.ok);
        const steps = mapLinesThrough(before.map((_, i) => i + 1), checkHunks(diff.hunks));
        steps.forEach((s, i) => {
          if (s.state === 'same' || s.state === 'moved') assert.equal(after[s.line - 1], before[i]);
          else assert.ok(s.line >= 1 && s.line <= after.length + 1);
        });
      }),
      { seed: 14, numRuns: 300 },
    );
  });
});

describe('unifiedDiff: reading git diff --unified=0', () => {
  it('reads hunk headers with and without counts, renames, quoted paths, and skips hunk bodies that look like headers', () => {
    const text = [
      'diff --git a/old.ts b/"new\\303\\251.ts"',
      'similarity index 90%',
      'rename from old.ts',
      'rename to "new\\303\\251.ts"',
      '--- a/old.ts',
      '+++ "b/new\\303\\251.ts"',
      '@@ -3 +3,2 @@',
      '-diff --git a/x b/x',
      '+@@ -1 +1 @@',
      '+rename from evil',
      '@@ -10,0 +12 @@',
      '+x',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    const [section] = parseUnifiedDiff(text);
    assert.deepEqual(section, {
      oldPath: 'old.ts', newPath: 'newé.ts', renamed: true, deleted: false, added: false, binary: false,
      hunks: [{ oldStart: 3, oldLines: 1, newStart: 3, newLines: 2 }, { oldStart: 10, oldLines: 0, newStart: 12, newLines: 1 }],
    });
    assert.equal(unquotePath('"a\\tb\\"c"'), 'a\tb"c');
  });
});

describe('core/versions: pure', () => {
  it('imports neither vscode nor the file system, processes or the network: git output and texts are handed in', () => {
    const dir = path.resolve(__dirname, '..', '..', '..', '..', '..', 'src', 'core', 'versions');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
    assert.ok(files.includes('lineMap.ts'));
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const banned of ['vscode', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'http', 'https', 'node:http']) {
        assert.ok(!new RegExp(`from ['"]${banned}['"]|require\\(['"]${banned}['"]\\)`).test(text), `${file} imports ${banned}`);
      }
    }
  });
});
