// The packaged .vsix, installed into code-server exactly as a user installs it, in a real workbench driven
// by headless Chromium. Screenshots go to test-results/screenshots/ (ignored by git; look at them);
// `npm run screenshots` runs this stage and copies them to docs/screenshots/ for the README.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
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
    // The fixture's Prometheus is dead and Sentry has no token: no data, and the item says a backend is not answering.
    const status = page.locator('.statusbar-item', { hasText: 'checkout-api · no data' });
    await status.waitFor({ timeout: 90_000 });
    assert.match(await status.innerText(), /checkout-api · no data · disconnected/);
    await openSidebar(page);
    await page.locator('.pane-body .monaco-list-row', { hasText: 'Prometheus' }).waitFor({ timeout: 30_000 });
    const rows = await page.locator('.pane-body .monaco-list-row').allInnerTexts();
    assert.ok(rows.some((r) => /Sentry/.test(r) && /no token/.test(r)), `Backends view rows: ${rows.join(' | ')}`);
    // The Health webview renders inside nested iframes; its text proves the CSP allowed our script.
    const health = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await health.locator('h2', { hasText: 'checkout-api' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'sidebar-monorepo.png') });
  });

  it('shows the demo production: critical status bar, all four views, an annotated line and its hover', async function () {
    const demoLib = await import(path.join(ROOT, 'scripts', 'lib', 'demo-production.mjs'));
    const ports = await demoLib.freePorts();
    const production = await demoLib.startDemoProduction({ ports, stdio: 'ignore' });
    // demo/ with its git history: the failing line moved from 19 (in the deployed 2.14.0) to 24 since.
    const workspace: string = demoLib.demoWorkspaceFor(ports, production.historyDir);
    scratch.push(workspace);
    // A server of its own: the demo token reaches the extension host through its environment.
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-ui-user-'));
    const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prodlens-ui-ext-'));
    scratch.push(userDataDir, extensionsDir);
    await harness.installExtension({ vsix: VSIX, userDataDir, extensionsDir, log: () => undefined });
    const demoServer = await harness.startCodeServer({
      userDataDir,
      extensionsDir,
      log: () => undefined,
      env: { PRODLENS_DEMO_TOKENS: demoLib.demoTokensEnv(production) },
      settings: { 'workbench.colorTheme': 'Default Dark Modern', 'git.openRepositoryInParentFolders': 'never' },
    });
    try {
      await workbench?.close();
      workbench = await harness.openWorkbench({ url: demoServer.url, folder: workspace, log: () => undefined });
      const page = workbench.page;
      await openSidebar(page);
      // Open the file where production breaks the way a user would: from the top error in the Errors view.
      // Once git has translated production's line 19 to the working copy, the Errors view says line 24.
      const topError = page.locator('.pane-body .monaco-list-row', { hasText: 'orders.ts:24' }).first();
      await topError.waitFor({ timeout: 60_000 });
      assert.match(await topError.innerText(), /TypeError/);
      await topError.click();
      await page.locator('.tab', { hasText: 'orders.ts' }).waitFor({ timeout: 30_000 });
      const status = page.locator('.statusbar-item', { hasText: 'checkout-api ·' });
      await page.locator('.statusbar-item', { hasText: 'incidents' }).waitFor({ timeout: 60_000 });
      assert.match(await status.first().innerText(), /checkout-api · \d+(\.\d)?% err · 3 incidents/);
      // The four views, populated.
      await page.locator('.pane-body .monaco-list-row', { hasText: 'TypeError' }).first().waitFor({ timeout: 30_000 });
      await page.locator('.pane-body .monaco-list-row', { hasText: '5xx ratio above 5%' }).first().waitFor({ timeout: 30_000 });
      await page.locator('.pane-body .monaco-list-row', { hasText: 'PagerDuty' }).first().waitFor({ timeout: 30_000 });
      const health = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      await health.locator('.chart-title', { hasText: 'Error ratio' }).waitFor({ timeout: 30_000 });
      // The annotated line, then its hover.
      const note = page.locator('.view-line', { hasText: 'customer.loyalty.tier' });
      await note.waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(SHOTS, 'demo-sidebar-and-annotation.png') });
      await page.locator('.statusbar').screenshot({ path: path.join(SHOTS, 'statusbar-critical.png') });
      const box = await note.boundingBox();
      assert.ok(box, 'line 24 is on screen');
      await page.mouse.move(box.x + 120, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover', { hasText: 'Open in Sentry' });
      await hover.first().waitFor({ timeout: 30_000 });
      const hoverText = await hover.first().innerText();
      assert.match(hoverText, /TypeError: Cannot read properties of undefined/);
      assert.match(hoverText, /line 19 in 2\.14\.0, moved/);
      assert.match(hoverText, /suspect commit [0-9a-f]{7} "orders: guest checkout, no customer record required" by Sam Okafor/);
      // The events sparkline is an image in the hover: it must load and have a size, not be blocked or empty.
      const spark = hover.first().locator('img[alt="events over time"]');
      await spark.waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.monaco-hover img[alt="events over time"]')).some((i) => i.complete && i.naturalWidth > 0), undefined, { timeout: 30_000 });
      const sparkBox = await spark.boundingBox();
      assert.ok(sparkBox && sparkBox.width > 20 && sparkBox.height > 4, `the sparkline is drawn: ${JSON.stringify(sparkBox)} ${await spark.evaluate((i) => (i as HTMLImageElement).outerHTML.slice(0, 300))}`);
      await page.screenshot({ path: path.join(SHOTS, 'demo-hover.png') });
      // The Health view on its own: collapse the three trees below it.
      await page.mouse.move(5, 5);
      for (const title of ['Incidents & Alerts', 'Errors', 'Backends']) {
        await page.locator('.pane-header', { hasText: title }).first().click();
      }
      await health.locator('table').waitFor({ timeout: 30_000 });
      assert.ok(await health.locator('tbody tr', { hasText: '/api/orders' }).count() >= 2, 'the routes table lists the orders routes');
      await health.locator('.chart-title', { hasText: 'Throughput' }).waitFor({ timeout: 30_000 });
      // The collapsed panes settle at the bottom of the sidebar once the Health view has taken the room.
      await page.waitForFunction(() => {
        const headers = Array.from(document.querySelectorAll('.pane-header')).filter((h) => /Backends/i.test(h.textContent ?? ''));
        return headers.some((h) => h.getBoundingClientRect().top > window.innerHeight - 120);
      }, undefined, { timeout: 30_000 });
      await page.screenshot({ path: path.join(SHOTS, 'demo-health.png') });
    } finally {
      await demoServer.stop();
      await production.stop();
    }
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
