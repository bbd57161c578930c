import * as assert from 'node:assert/strict';
import type { FileIndex } from '../../../src/core/mapping';
import { CodeIndex } from '../../../src/services/codeIndex';
import { gitignoreFilter } from '../../../src/services/gitignore';
import { silentLogger } from '../../../src/core/log';

describe('services/gitignore: ignored files are not code', () => {
  const ignored = gitignoreFilter([
    { path: '.gitignore', text: '# build output\ngenerated/\n*.min.js\n!keep.min.js\n' },
    { path: 'services/api/.gitignore', text: 'tmp/\n/local.ts\n' },
  ]);

  it('applies root rules everywhere, with negation', () => {
    assert.equal(ignored('generated/orders.ts'), true);
    assert.equal(ignored('services/api/generated/x.ts'), true);
    assert.equal(ignored('web/app.min.js'), true);
    assert.equal(ignored('web/keep.min.js'), false);
    assert.equal(ignored('services/api/src/orders.ts'), false);
  });

  it('applies a nested .gitignore only below its folder, anchored patterns at that folder', () => {
    assert.equal(ignored('services/api/tmp/scratch.ts'), true);
    assert.equal(ignored('services/api/local.ts'), true);
    assert.equal(ignored('services/api/src/local.ts'), false);
    assert.equal(ignored('services/web/tmp/scratch.ts'), false);
  });

  it('keeps ignored copies out of the code index, so a stack frame maps to the real file', async () => {
    const files: Record<string, string> = {
      '.gitignore': 'generated/\n',
      'src/orders.ts': '',
      'generated/src/orders.ts': '',
    };
    const code = new CodeIndex({ listFiles: async () => Object.keys(files), readText: async (p) => files[p] }, silentLogger);
    const index: FileIndex = await code.fileIndex();
    assert.equal(index.has('generated/src/orders.ts'), false);
    assert.deepEqual(index.findBySuffix('src/orders.ts').files, ['src/orders.ts']);
  });

  it('an opened file the index missed joins it; an ignored one does not', async () => {
    const files: Record<string, string> = { '.gitignore': 'generated/\n', 'src/a.ts': '' };
    const code = new CodeIndex({ listFiles: async () => Object.keys(files), readText: async (p) => files[p] }, silentLogger);
    const index = await code.fileIndex();
    code.fileSeen('src/new.ts');
    code.fileSeen('generated/new.ts');
    assert.equal(index.has('src/new.ts'), true);
    assert.equal(index.has('generated/new.ts'), false);
  });
});
