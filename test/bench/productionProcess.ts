// The bench production in a process of its own, as real backends are: their work (building and sending
// answers) must not share the event loop of the ProdLens being timed, which in the editor it never does.
// Run by `startProductionProcess`; as a script it starts `startBenchProduction` and reports its URLs and
// routes over IPC, and exits when its parent disconnects.
import { fork } from 'node:child_process';
import { startBenchProduction, type BenchProduction, type ProductionSize, type RouteSpec } from './production';

interface Started {
  urls: BenchProduction['urls'];
  routes: RouteSpec[];
}

export interface ProductionProcess extends Started {
  stop(): Promise<void>;
}

/** Forks this module with the size and seed; resolves once its servers listen. */
export function startProductionProcess(size: ProductionSize, seed = 1): Promise<ProductionProcess> {
  const child = fork(__filename, [JSON.stringify({ size, seed })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`the bench production exited (${code ?? signal}) before it listened`)));
    child.once('message', (message: Started) => {
      resolve({
        ...message,
        stop: async () => {
          if (child.connected) child.disconnect();
          await exited;
        },
      });
    });
  });
}

async function main(): Promise<void> {
  const { size, seed } = JSON.parse(process.argv[2]) as { size: ProductionSize; seed: number };
  const production = await startBenchProduction(size, seed);
  process.once('disconnect', () => {
    production.stop().then(() => process.exit(0), () => process.exit(1));
  });
  process.send!({ urls: production.urls, routes: production.routes } satisfies Started);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
