// package.json and the code declare the same ids, and the pure layers stay free of VS Code.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, ContextKeys, Settings, ViewContainer, Views } from '../../../src/host/ids';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('package.json contributions match the code', () => {
  it('declares exactly the commands the code registers, each titled under the ProdLens category', () => {
    const declared = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, Object.values(Commands).sort());
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'ProdLens');
  });

  it('declares the container and its four views', () => {
    assert.equal(pkg.contributes.viewsContainers.activitybar[0].id, ViewContainer);
    assert.deepEqual(pkg.contributes.views[ViewContainer].map((v: { id: string }) => v.id), Object.values(Views));
  });

  it('declares every setting the code reads, with a description', () => {
    const props = pkg.contributes.configuration.properties;
    for (const [name, key] of Object.entries(Settings)) {
      if (name === 'section') continue;
      const decl = props[`prodlens.${key}`];
      assert.ok(decl, `prodlens.${key} is not declared`);
      assert.ok(decl.description || decl.markdownDescription, `prodlens.${key} has no description`);
    }
  });

  it('uses only declared context keys in when clauses', () => {
    const known = new Set<string>(Object.values(ContextKeys));
    const menus = Object.values(pkg.contributes.menus as Record<string, { when?: string }[]>).flat();
    const whens = [...pkg.contributes.viewsWelcome, ...menus].map((w: { when?: string }) => w.when ?? '');
    for (const when of whens) {
      // View ids and tree item context values are compared with `view`/`viewItem`; what remains are context keys.
      const keys = when.replace(/\b(view|viewItem)\s*(==|=~)\s*(\/(\\.|[^/])*\/|\S+)/g, '').match(/prodlens\.[A-Za-z.]+/g) ?? [];
      for (const key of keys) assert.ok(known.has(key), `${key} in "${when}" is not a declared context key`);
    }
  });

  it('offers each command menu only on tree items that carry the matching context value', () => {
    const itemMenus: { command: string; when: string }[] = pkg.contributes.menus['view/item/context'];
    for (const m of itemMenus) assert.match(m.when, /^view == prodlens\.(incidents|errors|backends) && viewItem/, m.command);
  });

  it('targets VS Code 1.100 with matching types, and activates narrowly', () => {
    assert.equal(pkg.engines.vscode, '^1.100.0');
    assert.match(pkg.devDependencies['@types/vscode'], /^1\.100\./);
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(!pkg.activationEvents.includes('onStartupFinished'));
    assert.ok(pkg.activationEvents.includes('workspaceContains:.prodlens.json'));
  });

  it('keeps restricted (token-bearing) URL settings out of untrusted workspaces', () => {
    const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of Object.keys(pkg.contributes.configuration.properties).filter((k) => k.endsWith('.url'))) {
      assert.ok(restricted.includes(key), `${key} is not restricted`);
    }
  });
});

describe('layering', () => {
  for (const layer of ['core', 'backends', 'services', 'cli']) {
    it(`src/${layer} imports neither vscode nor the VS Code layer`, () => {
      const dir = path.join(root, 'src', layer);
      if (!fs.existsSync(dir)) return;
      for (const file of sourceFiles(dir)) {
        const text = fs.readFileSync(file, 'utf8');
        assert.doesNotMatch(text, /from ['"]vscode['"]|require\(['"]vscode['"]\)/, file);
        assert.doesNotMatch(text, /from ['"](\.\.\/)+(host|features)\//, file);
      }
    });
  }
});
