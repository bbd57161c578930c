// One walk policy for both walkers: the exclude glob the editor gives `findFiles` (plus the depth limit it
// checks on the results) keeps exactly the files the CLI's `fs` walk finds, for generated workspaces.
// The glob is matched with minimatch and `dot: true`, the semantics of VS Code's own glob (`*` and `**` match
// names that start with a dot); the extension-host suite checks the real `findFiles` on the fixture.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { minimatch } from 'minimatch';
import { NodeWorkspaceAccess } from '../../../src/cli/nodeWorkspace';
import { EXCLUDED_FOLDER_NAMES, isExcludedFolder, isWalkedPath, WALK_EXCLUDE_GLOB, WALK_LIMITS } from '../../../src/core/detect/walkPolicy';

/** What the editor's side keeps of a file: not excluded by the glob, and within the depth limit. */
function editorKeeps(relative: string): boolean {
  return !minimatch(relative, WALK_EXCLUDE_GLOB, { dot: true }) && isWalkedPath(relative);
}

// Folder names: every excluded one, hidden ones, near misses (a name that only contains an excluded one) and plain ones.
const folderName = fc.constantFrom(...EXCLUDED_FOLDER_NAMES, '.git', '.venv', '.next', '.vscode-test', '.github', 'node_modules2', 'my-vendor', 'distribution', 'src', 'api', 'svc', 'lib', 'a', 'bin', 'Debug', 'Release');
// File names never equal a folder name, so a generated set always fits on disk.
const fileName = fc.constantFrom('package.json', 'go.mod', '.prodlens.json', '.env', 'index.ts', 'README.md', '.gitignore');
const filePath = fc.tuple(fc.array(folderName, { maxLength: WALK_LIMITS.maxDepth + 3 }), fileName).map(([folders, file]) => [...folders, file].join('/'));

describe('walk policy: the editor\'s exclude glob and the CLI\'s walk leave out the same files', function () {
  it('the glob alone excludes a path exactly when one of its folders is excluded by name', () => {
    fc.assert(fc.property(filePath, (file) => {
      const folders = file.split('/').slice(0, -1);
      const byName = folders.some((name, i) => isExcludedFolder(name, folders[i - 1]));
      assert.equal(minimatch(file, WALK_EXCLUDE_GLOB, { dot: true }), byName, file);
    }), { numRuns: 2000 });
  });

  it('for generated workspaces on disk, the Node walk lists exactly the files the editor\'s side keeps', async () => {
    await fc.assert(fc.asyncProperty(fc.uniqueArray(filePath, { minLength: 1, maxLength: 25 }), async (files) => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-walk-'));
      try {
        for (const file of files) {
          fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
          fs.writeFileSync(path.join(root, file), '{}');
        }
        const walked = await new NodeWorkspaceAccess(root).listFiles();
        assert.deepEqual([...walked].sort(), files.filter(editorKeeps).sort());
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    }), { numRuns: 60 });
  });

  it('named cases: dependencies, build output, hidden folders and depth', () => {
    const kept = ['package.json', '.env', 'api/package.json', 'src/my-vendor/x.ts', 'bin/run.sh', 'Debug/x.cs', 'tools/bin/Debug.cs', 'a/b/c/d/e/f/g/h/package.json'];
    const left = ['node_modules/x/package.json', 'api/vendor/go.mod', '.venv/lib/pyproject.toml', 'web/.next/package.json', '.vscode-test/code/package.json', 'dist/index.js', 'a/b/c/d/e/f/g/h/i/package.json', 'Api/bin/Debug/net8.0/appsettings.json', 'bin/Release/x.dll', 'coverage/lcov-report/index.js', 'lib/python3.12/site-packages/flask/app.py', 'Api/obj/project.assets.json'];
    for (const file of kept) assert.ok(editorKeeps(file), file);
    for (const file of left) assert.ok(!editorKeeps(file), file);
  });
});
