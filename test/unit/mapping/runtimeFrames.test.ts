// Runtime-internal frames, as runtimes print them and as SDKs send them, are `library`: never `nomatch` (which
// would send the user looking for a missing file) and never a location. sentry-python runs `os.path.abspath` on
// `<frozen runpy>`, so its events say `/srv/app/<frozen runpy>`: the pseudo-file is read as the last segment.
import * as assert from 'node:assert/strict';
import { mapFrame } from '../../../src/core/mapping/mapFrame';
import { parseSentryEvent } from '../../../src/core/mapping/parse/sentry';
import { parseTrace } from '../../../src/core/mapping/parse/parseTrace';
import type { TraceFrame } from '../../../src/core/mapping/types';
import { contextFor } from './workspaces';

// [runtime as printed, workspace to map against]
const TEXTS: [string, string][] = [
  ['  File "<frozen runpy>", line 198, in _run_module_as_main', 'python-pkg'],
  ['  File "<frozen runpy>", line 88, in _run_code', 'python-pkg'],
  ['  File "<frozen importlib._bootstrap>", line 1387, in _gcd_import', 'python-pkg'],
  ['  File "<frozen importlib._bootstrap_external>", line 940, in exec_module', 'python-pkg'],
  ['  File "<frozen zipimport>", line 259, in load_module', 'python-pkg'],
  ['  File "<string>", line 1, in <module>', 'python-pkg'],
  ['  File "<stdin>", line 1, in <module>', 'python-pkg'],
  ['  File "<console>", line 1, in <module>', 'python-pkg'],
  ['  File "<decorator-gen-2>", line 2, in render', 'python-pkg'],
  ['    at Module._compile (node:internal/modules/cjs/loader:1256:14)', 'ts-monorepo'],
  ['    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)', 'ts-monorepo'],
  ['    at Module._compile (internal/modules/cjs/loader.js:999:30)', 'ts-monorepo'],
  ['    at listOnTimeout (node:internal/timers:573:17)', 'ts-monorepo'],
  ['    at new Promise (<anonymous>)', 'ts-monorepo'],
  ['    at Array.map (<anonymous>)', 'ts-monorepo'],
  ['    at JSON.parse (<anonymous>)', 'ts-monorepo'],
  ['    at Array.forEach (native)', 'ts-monorepo'],
  ['map@[native code]', 'ts-monorepo'],
  ['\tat java.base/java.lang.Thread.run(Thread.java:833)', 'maven'],
  ['\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)', 'maven'],
  ['\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)', 'maven'],
  ['\tat jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)', 'maven'],
];

// Frames as the SDKs send them (ingest shape), with the paths they really put in `abs_path`/`filename`.
const SDK_FRAMES: [string, Record<string, unknown>, string][] = [
  ['sentry-python, frozen runpy under the working directory', { filename: '<frozen runpy>', abs_path: '/srv/app/<frozen runpy>', module: 'runpy', function: '_run_code', lineno: 88, in_app: false }, 'python'],
  ['sentry-python, frozen importlib', { filename: '<frozen importlib._bootstrap>', abs_path: '/srv/app/<frozen importlib._bootstrap>', module: 'importlib._bootstrap', function: '_call_with_frames_removed', lineno: 241 }, 'python'],
  ['sentry-python, exec\'d code', { filename: '<string>', abs_path: '/srv/app/<string>', module: '__main__', function: '<module>', lineno: 1, in_app: true }, 'python'],
  ['sentry-python on Windows', { filename: '<frozen runpy>', abs_path: 'C:\\srv\\app\\<frozen runpy>', module: 'runpy', function: '_run_code', lineno: 88 }, 'python'],
  ['@sentry/node, a built-in', { filename: '<anonymous>', function: 'new Promise', in_app: true }, 'node'],
  ['@sentry/node, node:internal', { filename: 'node:internal/process/task_queues', module: 'task_queues', function: 'processTicksAndRejections', lineno: 95, colno: 5, in_app: false }, 'node'],
  ['@sentry/browser on Safari', { filename: '[native code]', function: 'forEach', in_app: true }, 'javascript'],
  ['sentry-java, a JDK class', { filename: 'Thread.java', module: 'java.lang.Thread', function: 'run', lineno: 833, in_app: false }, 'java'],
];

const WORKSPACE: Record<string, string> = { python: 'python-pkg', node: 'ts-monorepo', javascript: 'ts-monorepo', java: 'maven' };

function assertLibrary(frame: TraceFrame, workspace: string, what: string): void {
  const result = mapFrame(frame, contextFor(workspace));
  assert.equal(result.unmapped, 'library', `${what}: ${result.unmapped} (${result.explanation})`);
  assert.equal(result.location, null);
  assert.match(result.explanation ?? '', /library and runtime frames are not mapped/);
}

describe('mapping: runtime-internal frames are library code', () => {
  for (const [text, workspace] of TEXTS) {
    it(`as printed: ${text.trim()}`, () => {
      const parsed = parseTrace(text);
      assert.equal(parsed.frames.length, 1, `one frame from ${JSON.stringify(text)}`);
      assertLibrary(parsed.frames[0], workspace, text);
    });
  }

  for (const [name, raw, platform] of SDK_FRAMES) {
    it(`as sent: ${name}`, () => {
      const trace = parseSentryEvent({ platform, exception: { values: [{ type: 'Error', value: 'x', stacktrace: { frames: [raw] } }] } });
      assert.ok(trace && trace.frames.length === 1);
      assertLibrary(trace.frames[0], WORKSPACE[platform], name);
    });
  }

  it('a workspace file next to a pseudo-file name still maps, and <unknown> stays without a location', () => {
    const ctx = contextFor('python-pkg');
    assert.equal(mapFrame({ deployedPath: '/srv/app/shop/views.py', line: 17, language: 'python' }, ctx).location?.file, 'shop/views.py');
    assert.equal(mapFrame({ deployedPath: '<unknown>', line: 1 }, ctx).unmapped, 'nolocation');
  });
});
