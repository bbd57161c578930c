// The packaged .vsix, installed into code-server exactly as a user installs it, in a real workbench driven
// by headless Chromium. Screenshots go to docs/screenshots/ for the README (look at them).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SHOTS = path.join(ROOT, 'docs', 'screenshots');
const VSIX = path.join(ROOT, 'prodlens.vsix');

import type * as HarnessModule from '../../scripts/lib/code-server.mjs' with { 'resolution-mode': 'import' };

type Harness = typeof HarnessModule;

function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `prodlens-ui-${name}-`));
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'workspaces', name), dir, { recursive: true });
  return dir;
}

async function openSidebar(page: Page): Promise<void> {
  await page.locator('.activitybar a.action-label[aria-label^="ProdLens"]').click();
  await page.locator('.pane-header', { hasText: 'Backends' }).first().waitFor({ timeout: 60_000 });
}

describe('ui: the packaged extension in a real workbench', function () {
  let harness: Harness;
  let server: Awaited<ReturnType<Harness['startCodeServer']>> | undefined;
  let workbench: Awaited<ReturnType<Harness['openWorkbench']>> | undefined;
  const scratch: string[] = [];

  before(async function () {
    assert.ok(fs.existsSync(VSIX), 'prodlens.vsix is missing: the runner packages it before this stage');
    harness = await import(path.join(ROOT, 'scripts', 'lib', 'code-server.mjs'));
    await harness.ensureCodeServer({ log: () => undefined });
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-ui-user-'));
    const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-ui-ext-'));
    scratch.push(userDataDir, extensionsDir);
    await harness.installExtension({ vsix: VSIX, userDataDir, extensionsDir, log: () => undefined });
    assert.ok(fs.readdirSync(extensionsDir).some((d) => d.startsWith('prodlens.prodlens-')), 'the .vsix did not install');
    server = await harness.startCodeServer({ userDataDir, extensionsDir, log: () => undefined, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async function () {
    await workbench?.close();
    await server?.stop();
    for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('activates from the .vsix: status bar and sidebar show the detected service', async function () {
    const workspace = copyFixture('monorepo');
    scratch.push(workspace);
    workbench = await harness.openWorkbench({ url: server!.url, folder: workspace, log: () => undefined });
    const page = workbench.page;
    // The status item exists only when the installed extension activated and detected the service.
    const status = page.locator('.statusbar-item', { hasText: 'checkout-api' });
    await status.waitFor({ timeout: 90_000 });
    assert.match(await status.innerText(), /checkout-api · 1h · waiting for data/);
    await openSidebar(page);
    await page.locator('.pane-body .monaco-list-row', { hasText: 'Prometheus' }).waitFor({ timeout: 30_000 });
    const rows = await page.locator('.pane-body .monaco-list-row').allInnerTexts();
    assert.ok(rows.some((r) => /Sentry/.test(r) && /no token/.test(r)), `Backends view rows: ${rows.join(' | ')}`);
    // The Health webview renders inside nested iframes; its text proves the CSP allowed our script.
    const health = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await health.locator('h2', { hasText: 'checkout-api' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'sidebar-monorepo.png') });
  });

  it('shows welcome content in a workspace without a service', async function () {
    const workspace = copyFixture('empty');
    scratch.push(workspace);
    await workbench!.close();
    workbench = await harness.openWorkbench({ url: server!.url, folder: workspace, log: () => undefined });
    const page = workbench.page;
    await openSidebar(page);
    await page.getByText('No service found in this workspace yet', { exact: false }).first().waitFor({ timeout: 30_000 });
    // Opening the Health view activates the extension, whose webview then explains the empty state.
    const health = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await health.locator('h2', { hasText: 'No service found' }).waitFor({ timeout: 30_000 });
    assert.ok(await page.getByRole('button', { name: 'Create .prodlens.json' }).first().isVisible());
    assert.equal(await page.locator('.statusbar-item', { hasText: 'ProdLens' }).count(), 0);
    await page.screenshot({ path: path.join(SHOTS, 'welcome.png') });
  });
});
