// What the .vsix carries: exactly what the installed extension needs (its bundles, the demo it can start, media,
// the manifest and the docs a marketplace page shows), nothing of the sources, tests, source maps or the CLI
// (which ships through npm). Asked of vsce itself, with the same selection `vsce package` makes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Every file under `dir` (relative to ROOT, forward slashes). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(rel));
    else out.push(rel);
  }
  return out;
}

describe('package: the .vsix file list', function () {
  this.timeout(120_000);

  it('holds the bundles, the demo, media and the manifest, and nothing else', async () => {
    const { listFiles } = (await import('@vscode/vsce')) as { listFiles: (options: { cwd: string; dependencies: boolean }) => Promise<string[]> };
    const files = (await listFiles({ cwd: ROOT, dependencies: false })).map((f) => f.replace(/\\/g, '/')).sort();
    const expected = [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'package.json',
      // The extension, its lazily loaded vendor bundles, and the demo production that "Open Demo" starts.
      'dist/extension.js',
      'dist/vendor/axios.js',
      'dist/vendor/yaml.js',
      'dist/demo.js',
      // The Health webview's script, bundled from src/webview/health/.
      'dist/webview/health.js',
      ...filesUnder('demo'),
      ...filesUnder('media'),
    ].sort();
    assert.deepEqual(files, expected);
    assert.ok(!files.some((f) => f.endsWith('.map')), 'no source map ships');
  });
});
