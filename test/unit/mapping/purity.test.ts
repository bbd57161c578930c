import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as engine from '../../../src/core/mapping/index';

const SRC = path.resolve(__dirname, '..', '..', '..', '..', 'src', 'core', 'mapping');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('mapping: a pure engine', () => {
  it('imports neither vscode nor the file system nor the network: callers hand it file lists and texts', () => {
    const files = sources(SRC);
    assert.ok(files.length > 20);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const banned of ['vscode', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'http', 'https', 'node:http', 'child_process']) {
        assert.ok(!new RegExp(`from ['"]${banned}['"]|require\\(['"]${banned}['"]\\)`).test(text), `${path.relative(SRC, file)} imports ${banned}`);
      }
    }
  });

  it('keeps every file under 300 lines', () => {
    for (const file of sources(SRC)) {
      const lines = fs.readFileSync(file, 'utf8').split('\n').length;
      assert.ok(lines <= 300, `${path.relative(SRC, file)} has ${lines} lines`);
    }
  });

  it('exposes the entry points through one module', () => {
    for (const name of ['parseTrace', 'parseTextTrace', 'parseSentryEvent', 'parseOtelRecord', 'FileIndex', 'mapFrame', 'mapTrace', 'mapCodeAttributes', 'pickCrashFrame', 'locatedFrames', 'libraryReason', 'scanRoutes', 'matchRoute', 'resolveRouteHandlers', 'goModulesOf']) {
      assert.equal(typeof (engine as Record<string, unknown>)[name], 'function', name);
    }
  });
});
