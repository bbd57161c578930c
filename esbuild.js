// Builds the bundles in dist/ (the extension, the vendor modules it loads on first use, the CLI, the demo
// production, the Health webview's browser script) and, with --tests, transpiles src/ and test/ file by file
// into out/ so mocha can run them (the extension host suite loads out/test/extension/index.js).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Logs build problems in the `$esbuild-watch` problem-matcher format, so F5 shows them. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * Keeps `yaml` and `axios` out of dist/extension.js: they are required at run time from dist/vendor/, on first
 * use (a YAML file to read, a first backend request), so activation never loads them.
 */
const lazyVendor = {
  name: 'lazy-vendor',
  setup(build) {
    build.onResolve({ filter: /^(yaml|axios)$/ }, (args) => ({ path: `./vendor/${args.path}.js`, external: true }));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  define: { PRODLENS_VERSION: JSON.stringify(require('./package.json').version) },
  // jsonc-parser's UMD entry requires files dynamically; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // axios pulls in form-data -> mime-types -> mime-db (137 KB of MIME types) for multipart uploads, which
  // ProdLens never sends: an empty table keeps the bundle small without touching the HTTP path we use.
  // follow-redirects is axios's redirect transport, unused since ProdLens follows redirects itself (see the shim).
  alias: { 'mime-db': './scripts/shims/mime-db.json', 'follow-redirects': './scripts/shims/follow-redirects.cjs' },
  plugins: watch ? [problemMatcher] : [],
};

function listTs(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // Fixture workspaces are test data (sample user code), not part of the build.
    if (entry.isDirectory()) { if (entry.name !== 'fixtures') out.push(...listTs(full)); }
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/**
 * Every build starts from an empty dist/ (and out/ with --tests): files of an earlier build (source maps of a
 * development build, a removed entry point) would otherwise linger and ship in the .vsix. Watch mode keeps
 * them, as its first build rewrites every output anyway.
 */
function clean() {
  fs.rmSync('dist', { recursive: true, force: true });
  if (tests) fs.rmSync('out', { recursive: true, force: true });
}

async function main() {
  if (!watch) clean();
  const builds = [
    { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [...common.plugins, lazyVendor] },
    // Loaded by the extension only when a YAML file is read (see src/core/detect/yamlParser.ts).
    { ...common, entryPoints: ['node_modules/yaml/dist/index.js'], outfile: 'dist/vendor/yaml.js', mainFields: ['main'] },
    { ...common, entryPoints: { axios: 'axios' }, outdir: 'dist/vendor' },
    { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
    // The demo production: shipped in the .vsix for Open Demo (src/features/commands/openDemo.ts), and run by `npm run demo`.
    { ...common, entryPoints: ['src/demo/main.ts'], outfile: 'dist/demo.js' },
    // The Health view's script runs in the webview (a browser page with a strict CSP), not in Node: one
    // self-contained iife, loaded by src/features/sidebar/healthView.ts from dist/webview/.
    { entryPoints: ['src/webview/health/main.ts'], outfile: 'dist/webview/health.js', bundle: true, format: 'iife', platform: 'browser', target: 'es2022', minify: production, sourcemap: !production, sourcesContent: false, logLevel: 'warning', plugins: common.plugins },
  ];
  if (tests) {
    builds.push({
      entryPoints: [...listTs('src'), ...listTs('test')],
      outdir: 'out',
      outbase: '.',
      bundle: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'warning',
      define: common.define,
    });
  }
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
  fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
