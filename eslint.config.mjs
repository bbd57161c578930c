import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers and what each may import: docs/ARCHITECTURE.md. These rules enforce it.
// Each folder of src/features/ is one feature, read from disk so a new feature is covered the day it is added.
// `shared` is the small folder of VS Code glue several features need: every feature may import it.
const SHARED_FEATURE = 'shared';
const featureFolders = readdirSync(new URL('./src/features/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** Import specifiers that reach into feature folder `name`, from a sibling feature or by a longer path. */
const featureImports = (name) => [`../${name}`, `../${name}/**`, `**/features/${name}`, `**/features/${name}/**`];

// A feature talks to the layers below it, never to another feature: shared vocabulary lives in core/, app
// state in app/. (Flat config does not merge a rule's options across objects: each feature gets one list.)
const noCrossFeatureImports = featureFolders.map((feature) => ({
  files: [`src/features/${feature}/**`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{
        group: featureFolders.filter((other) => other !== feature && other !== SHARED_FEATURE).flatMap(featureImports),
        message: 'A feature must not import another feature: shared vocabulary goes to src/core/, app state to src/app/, VS Code glue several features need to src/features/shared/.',
      }],
    }],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'demo/**', '.demo-workspace/**', 'test/fixtures/**'] },
  js.configs.recommended,
  // Type-aware rules (floating promises, unsafe any, misused promises) for every TypeScript file, tests included:
  // the project service reads tsconfig.json, which covers src/ and test/.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A caught reason passed on unchanged (`catch (err) { reject(err) }`) is typed unknown and is right as it
      // is; a literal that is not an Error (`reject('timeout')`) is still refused.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // No promise is dropped unseen: `void` no longer silences the rule (ignoreVoid: false), VS Code's Thenables
      // count (checkThenables), and work nobody awaits goes through fireAndLog (src/core/async.ts). The only
      // calls allowed to float are VS Code's plain notifications: they resolve (to undefined when dismissed) and
      // reject only while the extension host shuts down, when there is no log left to write to.
      '@typescript-eslint/no-floating-promises': ['error', {
        ignoreVoid: false,
        checkThenables: true,
        allowForKnownSafeCalls: [{ from: 'package', package: 'vscode', name: ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'] }],
      }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'smart'],
    },
  },
  // The pure layers run in plain Node (CLI, unit tests): VS Code must never leak into them, and each imports
  // only the pure layers below it (core <- backends <- services <- cli).
  ...[
    ['src/core/**', ['**/backends/**', '**/services/**', '**/cli/**']],
    ['src/backends/**', ['**/services/**', '**/cli/**']],
    ['src/services/**', ['**/cli/**']],
    ['src/cli/**', []],
  ].map(([files, above]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'core/, backends/, services/ and cli/ are pure: no vscode import.' }],
        patterns: [
          { group: ['**/host/**', '**/app/**', '**/features/**', '**/extension', '**/container'], message: 'Pure layers must not depend on the VS Code layer.' },
          ...(above.length ? [{ group: above, message: 'A pure layer imports only the layers below it: core <- backends <- services <- cli.' }] : []),
        ],
      }],
    },
  })),
  {
    // host/ is the general VS Code glue under everything else: it must not reach up into app state, the
    // features or the composition root.
    files: ['src/host/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/app/**', '**/features/**', '**/extension', '**/container'], message: 'host/ sits below app/, the features and the container: it must not import them.' }],
      }],
    },
  },
  {
    // app/ is app state the features read (ActiveService, BackendOverview, RefreshController); it may import
    // vscode, host/ and the pure layers, never a feature or the composition root.
    files: ['src/app/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/features/**', '**/extension', '**/container'], message: 'app/ sits below the features and the container: it must not import them.' }],
      }],
    },
  },
  {
    // src/webview/ runs in a webview's browser page, bundled on its own: no vscode, no Node, and of the extension
    // only the pure core it shares (the state contract in core/healthViewState.ts).
    files: ['src/webview/**'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'A webview script has no vscode module: it talks to the extension by messages.' }],
        patterns: [
          { group: ['node:*', ...builtinModules], message: 'A webview script runs in the browser: no Node modules.' },
          { group: ['**/backends/**', '**/services/**', '**/cli/**', '**/host/**', '**/app/**', '**/features/**', '**/extension', '**/container'], message: 'A webview script imports only src/webview/ and the pure core.' },
        ],
      }],
    },
  },
  ...noCrossFeatureImports,
  {
    // Tests parse what they check (the CLI's --json output, package.json, the workbench's DOM) with JSON.parse
    // or evaluate in a page, both typed `any`, then assert on it field by field: these rules would only ask
    // for casts there. src/ keeps all of them.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off', // `const out = JSON.parse(stdout)` of a command under test
      '@typescript-eslint/no-unsafe-member-access': 'off', // `out.services[0].name` on that parsed JSON
      '@typescript-eslint/no-unsafe-call': 'off', // `out.services.map(...)`, page.evaluate results in the UI test
      '@typescript-eslint/no-unsafe-argument': 'off', // parsed JSON handed to assert.deepEqual and helpers
      '@typescript-eslint/no-unsafe-return': 'off', // fast-check arbitraries that return parsed JSON
      // Test doubles implement async interfaces (`async load() { return saved; }`): no await is the point.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', fetch: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
