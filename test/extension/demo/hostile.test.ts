// Hostile production data through the real extension: a Sentry and PagerDuty stand-in started by this test
// serves error titles, messages, culprits, frames, releases and permalinks from the hostile corpus for a
// service written into the demo workspace (services/hostile), whose Prometheus and Alertmanager live on a
// second local server. Asserts what reaches hovers, trees, the status bar and the Health view stays inert and
// bounded, and that no token leaves SecretStorage: not into the log, settings, state or the snapshot cache,
// and not to an origin it was not saved for. Cleans up the files and tokens it creates.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProdlensTestApi } from '../../../src/testApi';
import type { HealthSnapshot } from '../../../src/core/model';
import { PdIncidentBuilder, pagerDutyFixture } from '../../../src/demo/replay/pagerDutyBuilders';
import { startReplayServer, type ReplayServer } from '../../../src/demo/replay/replayServer';
import { SentryIssueBuilder, sentryFixture, sentryFrame } from '../../../src/demo/replay/sentryBuilders';
import { healthScriptUri, healthViewHtml } from '../../../src/features/sidebar/healthView';
import { HOSTILE, INVISIBLE_OR_CONTROL } from '../../unit/hardening/hostile';
import { EXTENSION_ID, activateExtension, until, workspaceUri } from '../util';

const SERVICE = 'hostile';
const FOLDER = 'services/hostile';
const HANDLER = `${FOLDER}/src/handler.ts`;
const TOKENS = {
  sentry: 'sntrys_hostile-ext-secret-1f2e3d4c',
  pagerduty: 'pd-hostile-ext-secret-9z8y7x',
  prometheus: 'prom-hostile-ext-secret-77aa66bb',
  alertmanager: 'am-hostile-ext-secret-55cc44dd',
};
// The nastiest first: only the top issues get their frames (and so a line and a hover).
const PRIORITY = ['one megabyte', 'long line of specials', 'markdown command link', 'markdown image', 'script', 'html', 'bidi override', 'bidi marks', 'zero width', 'control characters', 'ansi', 'reference link', 'autolink', 'newlines and headings', 'backticks and fences'];
const CORPUS = [...HOSTILE].sort((a, b) => rank(a.name) - rank(b.name));
const PERMALINKS = ['https://sentry.example/x)[b](command:workbench.action.terminal.new)', 'javascript:alert(1)', 'command:workbench.action.terminal.new', 'https://sentry.example/issues/1/)![p](https://evil.example/p.png'];

function rank(name: string): number {
  const i = PRIORITY.indexOf(name);
  return i < 0 ? PRIORITY.length : i;
}

/** Prometheus and Alertmanager for the hostile service: empty but valid answers, and every request recorded. */
async function startOtherOrigin(): Promise<{ url: string; requests: http.IncomingHttpHeaders[]; stop(): Promise<void> }> {
  const requests: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.headers);
    const url = req.url ?? '';
    const body = url.startsWith('/api/v2/') ? []
      : url.includes('query_range') ? { status: 'success', data: { resultType: 'matrix', result: [] } }
        : url.includes('/api/v1/query') ? { status: 'success', data: { resultType: 'vector', result: [] } }
          : url.includes('/api/v1/alerts') ? { status: 'success', data: { alerts: [] } }
            : { status: 'success', data: [] };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

interface MdToken {
  type: string;
  children: MdToken[] | null;
  attrGet(name: string): string | null;
}

/** markdown-it, when the checkout has it (it comes with the packaging tools): the hover is then also rendered. */
function markdownParser(): { parse(src: string, env: object): MdToken[] } | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional, untyped test dependency
    const MarkdownIt = require('markdown-it') as new (options: object) => { parse(src: string, env: object): MdToken[] };
    return new MarkdownIt({ html: true });
  } catch {
    return undefined;
  }
}

/** Every string in a JSON-like value. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Every token value the host knows: ours, and the demo production's (handed over in PRODLENS_DEMO_TOKENS). */
function allTokens(): string[] {
  const demo = JSON.parse(process.env.PRODLENS_DEMO_TOKENS || '[]') as { token?: string }[];
  return [...Object.values(TOKENS), ...demo.map((d) => d.token).filter((t): t is string => typeof t === 'string' && t.length >= 8)];
}

function assertNoToken(text: string, where: string): void {
  for (const token of allTokens()) assert.ok(!text.includes(token), `a token (${token.slice(0, 6)}…) appears in ${where}`);
}

describe('hardening: hostile production data through the real extension', function () {
  this.timeout(60_000);
  let api: ProdlensTestApi;
  let replay: ReplayServer;
  let other: Awaited<ReturnType<typeof startOtherOrigin>>;
  let editor: vscode.TextEditor;

  before(async function () {
    this.timeout(120_000);
    api = await activateExtension();
    const issues = CORPUS.map((h, i) => {
      const colon = h.text.indexOf(': ');
      return new SentryIssueBuilder(h.text)
        .exception(colon > 0 ? h.text.slice(0, colon) : h.name, `${h.text} (message)`)
        .culprit(h.text)
        .count(10_000 - i)
        .release(`${h.text.slice(0, 200)} [r](command:x)`)
        .permalink(PERMALINKS[i % PERMALINKS.length] ?? `https://sentry.example/issues/${i}/`)
        .stats(Array.from({ length: i === 0 ? 20_000 : 24 }, (_, k): [number, number] => [1_767_225_600 + k * 60, (k * 7 + i) % 13]))
        .frames(
          sentryFrame({ filename: '/usr/lib/node_modules/express/lib/router.js', function: h.text.slice(0, 500), lineNo: 10 }),
          sentryFrame({ filename: '/app/src/handler.ts', function: `handle${i} ${h.text.slice(0, 300)}`, lineNo: i + 1, contextLine: h.text.slice(0, 300) }),
        );
    });
    replay = await startReplayServer({
      sentry: sentryFixture({ token: TOKENS.sentry, project: { id: '77', slug: SERVICE }, issues }),
      pagerduty: pagerDutyFixture({
        token: TOKENS.pagerduty,
        incidents: CORPUS.slice(0, 6).map((h, i) => new PdIncidentBuilder(h.text).service('PHOSTILE').description(`${h.text} (description)`).htmlUrl(PERMALINKS[i % PERMALINKS.length])),
      }),
    });
    other = await startOtherOrigin();
    // Every token is saved for the replay server's origin only; Prometheus and Alertmanager are elsewhere.
    for (const [kind, token] of Object.entries(TOKENS)) await api.tokens().set(kind, replay.url, token);

    const source = Array.from({ length: 40 }, (_, i) => `export const line${i + 1} = ${i + 1};`).join('\n') + '\n';
    await vscode.workspace.fs.writeFile(workspaceUri(HANDLER), new TextEncoder().encode(source));
    await vscode.workspace.fs.writeFile(workspaceUri(`${FOLDER}/.prodlens.json`), new TextEncoder().encode(JSON.stringify({
      services: [{
        name: SERVICE,
        pathMappings: [{ from: '/app/', to: '' }],
        backends: {
          prometheus: { url: other.url, selector: { job: SERVICE } },
          alertmanager: { url: other.url },
          sentry: { url: replay.url, organization: 'acme', project: SERVICE },
          pagerduty: { url: replay.url, serviceIds: ['PHOSTILE'] },
        },
      }],
    }, null, 2)));
    await api.detect();
    await until(() => api.services().some((s) => s.name === SERVICE), 'the hostile service to be detected');
    editor = await vscode.window.showTextDocument(workspaceUri(HANDLER));
    // Refresh until the top issues sit on their lines (the file index may learn of handler.ts after the first refresh).
    const settled = (s: HealthSnapshot) => s.errors.filter((e) => e.location?.file === HANDLER).length >= 10 && s.incidents.length > 0;
    await until(async () => settled(await api.refreshNow(SERVICE)), 'hostile errors mapped to handler.ts', 60_000)
      .catch((err: Error) => assert.fail(`${err.message}: ${JSON.stringify(api.snapshot(SERVICE)?.backends ?? 'no snapshot').slice(0, 500)}`));
    await until(() => (api.decorationsOf(editor.document.uri)?.length ?? 0) >= 10, 'decorations on handler.ts');
  });

  after(async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri(FOLDER), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    if (api && replay) for (const kind of Object.keys(TOKENS)) await api.tokens().delete(kind, replay.url);
    if (api) {
      await api.detect();
      await until(() => !api.services().some((s) => s.name === SERVICE), 'the hostile service to be gone');
    }
    await replay?.stop();
    await other?.stop();
  });

  describe('hostile text stays inert and bounded', () => {
    it('hovers are untrusted, link only to files and web pages, and carry no HTML, command or script', async () => {
      const md = markdownParser();
      const lines = api.decorationsOf(editor.document.uri) ?? [];
      let ours = 0;
      const shown: string[] = [];
      for (const { line } of lines) {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line - 1, 3));
        for (const content of hovers.flatMap((h) => h.contents)) {
          if (!(content instanceof vscode.MarkdownString) || !/ events · /.test(content.value)) continue;
          ours++;
          const value = content.value;
          shown.push(value);
          assert.ok(!content.isTrusted, `the hover on line ${line} is trusted`);
          assert.ok(!content.supportHtml, `the hover on line ${line} supports HTML`);
          assert.ok(value.length < 30_000, `a hover of ${value.length} characters`);
          assert.ok(!INVISIBLE_OR_CONTROL.test(value.replace(/\n/g, '')), `line ${line}: a control, bidi or zero-width character in the hover`);
          assert.doesNotMatch(value, /(?<!\\)<\s*\/?\s*(script|img|iframe|b)\b/i, `line ${line}: raw HTML`);
          // Every link target ProdLens wrote; hostile brackets are all escaped (\[, \]), so they never open one.
          for (const m of value.matchAll(/(?<!\\)\]\(([^)]*)\)/g)) assert.match(m[1], /^(file:|https?:|data:image\/svg\+xml;base64,)/, `line ${line}: a link to ${m[1].slice(0, 80)}`);
          if (md) {
            const tokens = md.parse(value, {}).flatMap((t) => [t, ...(t.children ?? [])]);
            assert.ok(!tokens.some((t) => /html/.test(t.type)), `line ${line}: rendered HTML`);
            for (const t of tokens.filter((t) => t.type === 'link_open')) assert.match(t.attrGet('href') ?? '', /^(file:|https?:)/, `line ${line}: rendered a link to ${t.attrGet('href')}`);
            for (const t of tokens.filter((t) => t.type === 'image')) assert.match(t.attrGet('src') ?? '', /^data:image\/svg\+xml;base64,/, `line ${line}: rendered an image from ${t.attrGet('src')}`);
          }
          assert.doesNotMatch(value, /\]\(\s*<?\s*(command|javascript|vscode):/i, `line ${line}: a command or script link`);
        }
      }
      assert.ok(ours >= 10, `only ${ours} ProdLens hovers found on ${lines.length} hot lines`);
      // The hostile text did arrive, as escaped text.
      assert.ok(shown.some((v) => v.includes('\\[here\\]\\(command:workbench\\.action\\.terminal\\.new\\)')), 'the command link text is shown, escaped');
      assert.ok(shown.some((v) => v.includes('\\<script\\>')), 'the script tag is shown, escaped');
    });

    it('inline notes are one bounded line of plain text', () => {
      const lines = api.decorationsOf(editor.document.uri) ?? [];
      assert.ok(lines.length >= 10);
      for (const l of lines) {
        assert.ok(l.note.length <= 120, `a note of ${l.note.length}`);
        assert.ok(!INVISIBLE_OR_CONTROL.test(l.note), JSON.stringify(l.note.slice(0, 80)));
      }
    });

    it('tree labels are single-line, at most 200 characters, without control, bidi or zero-width characters; tooltips are untrusted', () => {
      const { errors, incidents } = api.trees();
      const errorNodes = errors.getChildren();
      assert.ok(errorNodes.length >= CORPUS.length, `${errorNodes.length} error groups`);
      const items = [
        ...errorNodes.flatMap((n) => [n, ...errors.getChildren(n)]).map((n) => errors.getTreeItem(n)),
        ...incidents.getChildren().map((i) => incidents.getTreeItem(i)),
      ];
      assert.ok(items.length > CORPUS.length + 6);
      // The hostile titles did arrive, as plain text.
      assert.ok(items.some((i) => labelOf(i).includes('<script>fetch(')), 'the script title is listed');
      assert.ok(items.some((i) => labelOf(i).includes('[here](command:workbench.action.terminal.new)')), 'the command link title is listed');
      for (const item of items) {
        const label = labelOf(item);
        for (const [what, text] of [['label', label], ['description', typeof item.description === 'string' ? item.description : '']] as const) {
          assert.ok(text.length <= 200, `a ${what} of ${text.length} characters`);
          assert.ok(!INVISIBLE_OR_CONTROL.test(text), `a ${what} with a control, bidi or zero-width character: ${JSON.stringify(text.slice(0, 60))}`);
        }
        if (item.tooltip instanceof vscode.MarkdownString) {
          assert.ok(!item.tooltip.isTrusted && !item.tooltip.supportHtml, `the tooltip of ${label.slice(0, 40)} is trusted`);
          assert.ok(item.tooltip.value.length < 20_000, `a tooltip of ${item.tooltip.value.length}`);
        }
        assert.ok(!item.command || item.command.command.startsWith('prodlens.') || item.command.command === 'vscode.open', `an item runs ${item.command?.command}`);
      }
    });

    it('the status bar text is one bounded line', async () => {
      const state = await until(() => api.statusBar().text.includes(SERVICE) && api.statusBar(), 'the status bar on the hostile service');
      assert.ok(state.text.length <= 200, state.text);
      assert.ok(!INVISIBLE_OR_CONTROL.test(state.text), state.text);
      assert.ok(state.tooltip.length < 10_000, `a tooltip of ${state.tooltip.length}`);
      assert.ok(!INVISIBLE_OR_CONTROL.test(state.tooltip.replace(/\n/g, '')), 'a control, bidi or zero-width character in the tooltip');
    });

    it('the Health view state holds only bounded strings; its page has a strict CSP, a script nonce and no inline code', () => {
      const state = api.healthState();
      assert.equal(state.service, SERVICE);
      for (const s of stringsIn(state)) {
        assert.ok(s.length <= 1_000, `a ${s.length}-character string in the Health view state`);
        assert.ok(!INVISIBLE_OR_CONTROL.test(s), `a control, bidi or zero-width character in the Health view state: ${JSON.stringify(s.slice(0, 60))}`);
      }
      const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
      const script = fs.readFileSync(healthScriptUri(extension.extensionUri).fsPath, 'utf8');
      assert.doesNotMatch(script, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\s*\(|new Function/);
      assert.match(script, /createTextNode/);
      const page = healthViewHtml({ cspSource: 'vscode-webview://test', asWebviewUri: (u: vscode.Uri) => u }, extension.extensionUri);
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1] ?? '';
      assert.match(csp, /(^|; )default-src 'none'(;|$)/);
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce && nonce.length >= 16, 'a script nonce');
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
      const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.ok(scripts.length >= 1);
      for (const [, attrs, body] of scripts) {
        assert.match(attrs, new RegExp(`nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}"`));
        assert.equal(body.trim(), '', 'an inline script');
      }
      assert.doesNotMatch(page, /\son\w+=/i, 'an inline event handler');
      assert.notEqual(/nonce-([^']+)/.exec(healthViewHtml({ cspSource: 'x', asWebviewUri: (u: vscode.Uri) => u }, extension.extensionUri))?.[1], nonce, 'a fresh nonce per page');
    });
  });

  describe('tokens never leave SecretStorage', () => {
    it('are sent only to the origin they were saved for: the other origin got requests, none with credentials', () => {
      assert.ok(replay.requests.some((r) => r.headers.authorization === `Bearer ${TOKENS.sentry}`), 'Sentry got its token');
      assert.ok(other.requests.length > 0, 'Prometheus and Alertmanager were asked');
      for (const headers of other.requests) {
        assert.equal(headers.authorization, undefined, 'a credential went to an origin no token was saved for');
        assertNoToken(JSON.stringify(headers), 'a request to the other origin');
      }
    });

    it('are not in the ProdLens log, even when a message carries one', async () => {
      const marker = `hardening-log-marker-${Date.now()}`;
      api.logWarning(`${marker} Authorization: Bearer ${TOKENS.sentry} token=${TOKENS.prometheus} https://u:${TOKENS.alertmanager}@h.example/`);
      const logDir = api.storage().logUri.fsPath;
      const text = await until(() => {
        const all = filesUnder(logDir).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
        return all.includes(marker) ? all : undefined;
      }, `the marker in the log files under ${logDir}`);
      assert.match(text, /Detected \d+ service/, 'the log holds the session');
      assertNoToken(text, 'the ProdLens log');
    });

    it('are not in settings, global or workspace state, or the snapshot cache', () => {
      assertNoToken(JSON.stringify(vscode.workspace.getConfiguration().get('prodlens') ?? {}), 'the prodlens settings');
      const { globalState, workspaceState, globalStorageUri } = api.storage();
      for (const [name, memento] of [['globalState', globalState], ['workspaceState', workspaceState]] as const) {
        for (const key of memento.keys()) assertNoToken(`${key}=${JSON.stringify(memento.get(key))}`, `${name}.${key}`);
      }
      // The index of where tokens are saved is state, and names the origin only.
      assert.ok(JSON.stringify(globalState.get('prodlens.tokenOrigins') ?? workspaceState.get('prodlens.tokenOrigins') ?? []).includes(new URL(replay.url).origin));
      const settingsFiles = [path.resolve(globalStorageUri.fsPath, '..', '..', 'settings.json'), workspaceUri('.vscode/settings.json').fsPath];
      const cacheFiles = filesUnder(globalStorageUri.fsPath);
      assert.ok(cacheFiles.length > 0, 'the snapshot cache was written');
      for (const file of [...settingsFiles.filter((f) => fs.existsSync(f)), ...cacheFiles]) assertNoToken(fs.readFileSync(file, 'utf8'), file);
    });
  });
});
