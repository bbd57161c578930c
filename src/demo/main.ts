// `node dist/demo.js`: runs the demo production until Ctrl+C (scripts/demo.mjs starts it with the editor).
import { DEMO_TOKEN } from './fixtures';
import { startDemoProduction } from './production';

async function main(): Promise<void> {
  // Tests run the demo on free ports (PRODLENS_DEMO_PORTS='{"prometheus":1234,...}'); people use the defaults.
  const ports = process.env.PRODLENS_DEMO_PORTS ? (JSON.parse(process.env.PRODLENS_DEMO_PORTS) as Record<string, number>) : undefined;
  const demo = await startDemoProduction({ log: (line) => process.stderr.write(`[demo] ${line}\n`), ports });
  process.stdout.write(`${JSON.stringify({ ready: true, urls: demo.urls, token: DEMO_TOKEN })}\n`);
  const stop = () => {
    demo.stop().then(() => process.exit(0), (err: unknown) => {
      process.stderr.write(`[demo] stopping failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`[demo] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
