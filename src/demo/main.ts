// `node dist/demo.js`: runs the demo production until Ctrl+C (scripts/demo.mjs starts it with the editor).
import { DEMO_TOKEN } from './fixtures';
import { startDemoProduction } from './production';
import { ensureDemoHistory } from './history';
import * as path from 'node:path';

async function main(): Promise<void> {
  // Tests run the demo on free ports (PRODLENS_DEMO_PORTS='{"prometheus":1234,...}'); people use the defaults.
  const ports = process.env.PRODLENS_DEMO_PORTS ? (JSON.parse(process.env.PRODLENS_DEMO_PORTS) as Record<string, number>) : undefined;
  const demo = await startDemoProduction({ log: (line) => process.stderr.write(`[demo] ${line}\n`), ports });
  const historyDir = demoHistory();
  process.stdout.write(`${JSON.stringify({ ready: true, urls: demo.urls, token: DEMO_TOKEN, ...(historyDir ? { historyDir } : {}) })}\n`);
  const stop = () => {
    demo.stop().then(() => process.exit(0), (err: unknown) => {
      process.stderr.write(`[demo] stopping failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * The demo workspace with its git history (.demo-workspace/, ignored), next to the demo/ this build came from;
 * fast when up to date. Nothing opens it yet: the editor still opens demo/. Without git, the demo runs as before.
 */
function demoHistory(): string | undefined {
  const root = path.join(__dirname, '..');
  try {
    return ensureDemoHistory(path.join(root, 'demo'), path.join(root, '.demo-workspace')).dir;
  } catch (err) {
    process.stderr.write(`[demo] no demo git history: ${err instanceof Error ? err.message : String(err)}\n`);
    return undefined;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[demo] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
