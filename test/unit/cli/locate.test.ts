// `prodlens locate`: reads a trace from a file or stdin, prints each frame's workspace location relative to the
// current directory (or the schema-1 JSON document), and says with its exit code whether anything mapped.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, type CliIo } from '../../../src/cli/main';
import { readStdin } from '../../../src/cli/locate';
import { Readable } from 'node:stream';
import { readTrace } from '../mapping/workspaces';

const NODE_TRACE = [
  '2024-05-01T10:22:03.123Z [checkout-api] error: unhandled rejection',
  "TypeError: Cannot read properties of undefined (reading 'tier')",
  '    at ordersRouter.post (/usr/src/app/src/routes/orders.ts:19:29)',
  '    at Layer.handle [as handle_request] (/usr/src/app/node_modules/express/lib/router/layer.js:95:5)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  '2024-05-01T10:22:03.125Z [checkout-api] info: request finished',
].join('\r\n');

let workspace: string;

/** A small monorepo on disk: a Node service deployed from /usr/src/app/, a Python one from /srv/billing/. */
function makeWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-locate-'));
  const files: Record<string, string> = {
    '.prodlens.json': JSON.stringify({ services: [
      { name: 'checkout-api', folders: ['services/checkout-api'], pathMappings: [{ from: '/usr/src/app/', to: 'services/checkout-api/' }] },
      { name: 'billing', folders: ['services/billing'], pathMappings: [{ from: '/srv/billing/', to: 'services/billing/' }] },
    ] }),
    'services/checkout-api/package.json': '{"name":"checkout-api"}',
    'services/checkout-api/src/routes/orders.ts': 'export {};\n',
    'services/checkout-api/src/lib/logger.ts': '',
    'services/billing/pyproject.toml': '[project]\nname = "billing"\n',
    'services/billing/billing/invoices.py': '',
    'services/billing/src/lib/logger.ts': '',
    'services/checkout-api/node_modules/express/lib/router/layer.js': '',
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

async function locate(args: string[], options: { cwd?: string; stdin?: string | null } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd: options.cwd ?? workspace };
  // null: stdin is a terminal; a string: that text is piped in; absent: no stdin at all.
  if (options.stdin !== undefined) io.stdin = { isTTY: options.stdin === null, read: async () => options.stdin ?? '' };
  const code = await runCli(['locate', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli: prodlens locate', () => {
  before(() => {
    workspace = makeWorkspace();
    fs.writeFileSync(path.join(workspace, 'trace.txt'), NODE_TRACE);
  });
  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('prints each frame with its clickable path:line:col, library frames as such, and exits 0', async () => {
    const { code, out } = await locate(['trace.txt']);
    assert.equal(code, 0);
    const lines = out.split('\n');
    assert.equal(lines[0], "TypeError: Cannot read properties of undefined (reading 'tier')");
    assert.equal(lines[1], '  #0  services/checkout-api/src/routes/orders.ts:19:29  ordersRouter.post  ← crash');
    assert.equal(lines[2], '  #1  [library] /usr/src/app/node_modules/express/lib/router/layer.js:95:5  Layer.handle [as handle_request]');
    assert.equal(lines[3], '  #2  [library] node:internal/process/task_queues:95:5  process.processTicksAndRejections');
    assert.match(out, /1 of 3 frames in this workspace; the crash is #0 at services\/checkout-api\/src\/routes\/orders\.ts:19:29\./);
  });

  it('makes paths relative to the current directory when --cwd points elsewhere', async () => {
    const sub = path.join(workspace, 'services', 'billing');
    const { code, out } = await locate(['--cwd', '../..', '../../trace.txt'], { cwd: sub });
    assert.equal(code, 0);
    assert.match(out, /#0 {2}\.\.\/checkout-api\/src\/routes\/orders\.ts:19:29 {2}ordersRouter\.post/);
  });

  it('--json prints the schema-1 document', async () => {
    const { code, out } = await locate(['--json', 'trace.txt']);
    assert.equal(code, 0);
    const doc = JSON.parse(out);
    assert.equal(doc.schema, 1);
    assert.equal(doc.crashFrame, 0);
    assert.deepEqual(doc.frames[0], {
      index: 0,
      raw: '    at ordersRouter.post (/usr/src/app/src/routes/orders.ts:19:29)',
      function: 'ordersRouter.post',
      deployedPath: '/usr/src/app/src/routes/orders.ts',
      line: 19,
      column: 29,
      location: { file: 'services/checkout-api/src/routes/orders.ts', line: 19, column: 29 },
      unmapped: null,
      candidates: [],
      group: 0,
      explanation: null,
    });
    assert.deepEqual(doc.frames.map((f: { index: number; unmapped: string | null }) => [f.index, f.unmapped]), [[0, null], [1, 'library'], [2, 'library']]);
    assert.match(doc.frames[1].explanation, /library and runtime frames are not mapped/);
  });

  it('reads a piped trace from stdin, with "-" or without an argument', async () => {
    const python = 'Traceback (most recent call last):\n  File "/srv/billing/billing/invoices.py", line 10, in build_invoice\n    tax = net * TAX_RATES[country]\nKeyError: \'PL\'\n';
    for (const args of [['-'], []]) {
      const { code, out } = await locate(['--json', ...args], { stdin: python });
      assert.equal(code, 0, `locate ${args.join(' ')}`);
      const doc = JSON.parse(out);
      assert.equal(doc.language, 'python');
      assert.deepEqual(doc.frames[0].location, { file: 'services/billing/billing/invoices.py', line: 10, column: null });
    }
  });

  it('reads Sentry event JSON from stdin', async () => {
    const event = readTrace('node/sentry-rest-event.json');
    const { code, out } = await locate(['--json', '-'], { stdin: event });
    const doc = JSON.parse(out);
    assert.equal(doc.source, 'sentry');
    assert.ok(doc.frames.length > 0);
    assert.equal(code, doc.crashFrame === null ? 1 : 0);
  });

  it('exits 1 when no frame of the user\'s code maps, and says why for each', async () => {
    const libraryOnly = 'Error: boom\n    at next (/usr/src/app/node_modules/express/lib/router/route.js:149:13)\n    at Cache.get (/usr/src/app/src/lib/cache.ts:4:2)\n    at log (/opt/x/src/lib/logger.ts:1:1)\n';
    const { code, out } = await locate(['-'], { stdin: libraryOnly });
    assert.equal(code, 1);
    assert.match(out, /#0 {2}\[library\] \/usr\/src\/app\/node_modules\/express\/lib\/router\/route\.js:149:13/);
    assert.match(out, /#1 {2}\[nomatch\] \/usr\/src\/app\/src\/lib\/cache\.ts:4:2 {2}Cache\.get\n {6}.*cache\.ts/);
    assert.match(out, /#2 {2}\[ambiguous\] \/opt\/x\/src\/lib\/logger\.ts:1:1/);
    assert.match(out, /\n {8}services\/billing\/src\/lib\/logger\.ts:1\n {8}services\/checkout-api\/src\/lib\/logger\.ts:1\n/, 'each candidate on its own line, clickable');
    assert.match(out, /None of the 3 frames is in this workspace\./);
    const { code: none, out: noFrames } = await locate(['--json', '-'], { stdin: 'just a log line\n' });
    assert.equal(none, 1);
    assert.deepEqual(JSON.parse(noFrames).frames, []);
    assert.match(JSON.parse(noFrames).reason, /no line looks like a stack frame/);
  });

  it('exits 2 for unreadable input and usage errors', async () => {
    const missing = await locate(['nope.txt']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read nope\.txt: ENOENT/);
    assert.equal((await locate(['services'])).code, 2, 'a folder is not a trace');
    assert.equal((await locate(['-'], { stdin: '   \n' })).code, 2, 'empty input');
    fs.writeFileSync(path.join(workspace, 'core.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
    assert.equal((await locate(['core.bin'])).code, 2, 'binary input');
    const tty = await locate([], { stdin: null });
    assert.equal(tty.code, 2, 'nothing piped and no file');
    assert.match(tty.err, /give a FILE, or pipe a trace in/);
    assert.equal((await locate(['a.txt', 'b.txt'])).code, 2);
    assert.equal((await locate(['--cwd', 'no/such/dir', 'trace.txt'])).code, 2);
  });

  it('reads a whole stream', async () => {
    assert.equal(await readStdin(Readable.from([Buffer.from('Error: x\n'), Buffer.from('    at a (/b/c.ts:1:2)\n')])), 'Error: x\n    at a (/b/c.ts:1:2)\n');
  });
});
