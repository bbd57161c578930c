// The lint rules the architecture relies on, run through ESLint's own API on snippets placed (in name only)
// inside src/: if eslint.config.mjs is weakened, these fail and so does the build.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

// out/test/unit/lint/ -> the repository root, where eslint.config.mjs and tsconfig.json are.
const ROOT = path.resolve(__dirname, '../../../..');

describe('lint: the rules that fail the build', function () {
  // The first type-aware lint builds the TypeScript program of the whole project.
  this.timeout(120_000);
  // The project's own config; only the parser is told that the probe files, which exist in name only, belong
  // to a program built with tsconfig.json's options.
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      files: ['src/features/*/lintProbe.ts'],
      languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['src/features/*/lintProbe.ts'], defaultProject: 'tsconfig.json' } } },
    },
  });

  async function ruleIds(relativePath: string, code: string): Promise<{ rule: string | null; line: number; severity: number }[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, relativePath) });
    return result.messages.map((m) => ({ rule: m.ruleId, line: m.line, severity: m.severity }));
  }

  it('a floating promise in a feature is an error, also behind `void` and for a VS Code Thenable', async () => {
    const messages = await ruleIds('src/features/statusBar/lintProbe.ts', [
      "import * as vscode from 'vscode';",
      "import { fireAndLog } from '../../core/async';",
      "import type { Logger } from '../../core/log';",
      'async function refresh(): Promise<number> { return Promise.resolve(1); }',
      'export function onClick(log: Logger): void {',
      '  refresh();', // line 6: dropped
      '  void refresh();', // line 7: `void` does not silence it
      "  vscode.commands.executeCommand('prodlens.refresh');", // line 8: a Thenable
      "  fireAndLog(refresh(), log, 'Refresh');", // line 9: handled
      "  vscode.window.showInformationMessage('done');", // line 10: the one kind allowed to float
      '}',
      '',
    ].join('\n'));
    const floating = messages.filter((m) => m.rule === '@typescript-eslint/no-floating-promises');
    assert.deepEqual(floating.map((m) => [m.line, m.severity]), [[6, 2], [7, 2], [8, 2]]);
    assert.deepEqual(messages.filter((m) => m.rule !== '@typescript-eslint/no-floating-promises'), [], 'nothing else in the snippet is wrong');
  });

  it('a feature importing another feature is an error; importing core/ and features/shared is not', async () => {
    const messages = await ruleIds('src/features/codeLens/lintProbe.ts', `import { HealthViewProvider } from '../sidebar/healthView';
import { openLocation } from '../shared/openLocation';
import { oneLine } from '../../core/text';
export const used = [HealthViewProvider, openLocation, oneLine];
`);
    assert.deepEqual(messages.map((m) => [m.rule, m.line, m.severity]), [['no-restricted-imports', 1, 2]]);
  });
});
