// `prodlens status` detects a workspace's services and none of the manifests inside the folders the walk
// policy excludes (dependencies, build output, virtual environments, hidden folders, deeper than the limit),
// exactly as before the policy moved to core/ and became the editor's exclude glob too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { EXCLUDED_FOLDER_NAMES } from '../../../src/core/detect/walkPolicy';

describe('cli: services inside excluded folders are not detected', function () {
  let workspace: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.join(workspace, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(workspace, file), text);
  };
  const pkg = (name: string) => JSON.stringify({ name, scripts: { start: 'node index.js' } });

  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-walk-cli-'));
    write('services/api/package.json', pkg('api'));
    write('services/worker/package.json', pkg('worker'));
    write('services/worker/.env', 'OTEL_SERVICE_NAME=worker\n');
    // The listed folders (with "vendor" and "node_modules" inside a service too), hidden folders, and one too deep.
    for (const name of EXCLUDED_FOLDER_NAMES) write(`${name}/pkg/package.json`, pkg(`decoy-${name}`));
    write('services/api/node_modules/express/package.json', pkg('express'));
    write('services/worker/vendor/lib/package.json', pkg('decoy-vendored'));
    write('.venv/lib/python3.12/site/pyproject.toml', '[project]\nname = "decoy-venv"\n');
    write('web/.next/server/package.json', pkg('decoy-next'));
    write('.vscode-test/code/resources/app/package.json', pkg('code-oss-dev'));
    write('.devcontainer/.env', 'OTEL_SERVICE_NAME=decoy-devcontainer\n');
    write('.config/.prodlens.json', JSON.stringify({ services: [{ name: 'decoy-config', folders: [''] }] }));
    write('a/b/c/d/e/f/g/h/i/package.json', pkg('decoy-deep'));
  });

  afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('status --json lists only the two services', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['status', '--json', '--cwd', workspace], { out: (t) => out.push(t), err: (t) => err.push(t), env: { PRODLENS_CACHE_DIR: path.join(workspace, '.cache') }, cwd: workspace });
    assert.equal(code, 0, err.join('\n'));
    const json = JSON.parse(out.join('\n')) as { services: { name: string; folders: string[] }[] };
    assert.deepEqual(json.services.map((s) => [s.name, s.folders]), [['api', ['services/api']], ['worker', ['services/worker']]]);
  });
});
