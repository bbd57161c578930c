// `node dist/demo.js`: runs the demo production until Ctrl+C (scripts/demo.mjs starts it with the editor).
import { DEMO_TOKEN } from './fixtures';
import { startDemoProduction } from './production';

async function main(): Promise<void> {
  const demo = await startDemoProduction({ log: (line) => process.stderr.write(`[demo] ${line}\n`) });
  process.stdout.write(`${JSON.stringify({ ready: true, urls: demo.urls, token: DEMO_TOKEN })}\n`);
  const stop = async () => {
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`[demo] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
