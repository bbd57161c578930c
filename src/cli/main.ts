// The `prodlens` command: the same core as the extension, from a terminal or a pipeline.
import * as path from 'path';
import { parseArgs } from 'util';
import { resolveBackends, TOKEN_OPTIONAL } from '../core/config/backends';
import { diagnose, renderDiagnosis, tokenEnvVar, type BackendFacts } from '../core/diagnostics/report';
import { createLogger } from '../core/log';
import { ServiceRegistry } from '../services/serviceRegistry';
import { NodeWorkspaceAccess } from './nodeWorkspace';

declare const PRODLENS_VERSION: string;
const VERSION = typeof PRODLENS_VERSION === 'string' ? PRODLENS_VERSION : '0.0.0-dev';

/** Version of the `--json` output. Bump it when a field changes meaning or disappears. */
export const JSON_SCHEMA_VERSION = 1;

const USAGE = `Usage: prodlens <command> [options]

Commands:
  status     services of the folder, their backends and health
  doctor     why nothing shows: config, detection, backends, tokens, each with a fix

Options:
  --cwd DIR        folder to inspect (default: current directory)
  --service NAME   only this service
  --json           machine-readable output ("schema": ${JSON_SCHEMA_VERSION})
  --version        print the version
  --help           this help

Tokens come from environment variables: PRODLENS_PROMETHEUS_TOKEN, PRODLENS_ALERTMANAGER_TOKEN,
PRODLENS_SENTRY_TOKEN, PRODLENS_PAGERDUTY_TOKEN. Exit codes: 0 ok, 2 usage or config error.`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        cwd: { type: 'string' },
        service: { type: 'string' },
        json: { type: 'boolean', default: false },
        version: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.out(VERSION);
    return 0;
  }
  const command = positionals[0];
  if (values.help || !command) {
    (command || values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  if (command !== 'status' && command !== 'doctor') {
    io.err(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const root = path.resolve(io.cwd, values.cwd ?? '.');
  const log = createLogger((level, line) => level !== 'debug' && level !== 'info' && io.err(`prodlens: ${line}`));
  const registry = new ServiceRegistry(new NodeWorkspaceAccess(root), log);
  const detection = await registry.detect();
  const services = values.service ? detection.services.filter((s) => s.name === values.service) : detection.services;
  if (values.service && services.length === 0) {
    io.err(`No service named "${values.service}" in ${root}. Known: ${detection.services.map((s) => s.name).join(', ') || 'none'}.`);
    return 2;
  }
  const defaults = { prometheusUrl: io.env.PRODLENS_PROMETHEUS_URL, alertmanagerUrl: io.env.PRODLENS_ALERTMANAGER_URL };
  const backendsByService: Record<string, BackendFacts[]> = {};
  for (const s of services) {
    backendsByService[s.name] = resolveBackends(s, defaults).map((b) => ({
      ...b,
      hasToken: Boolean(io.env[tokenEnvVar(b.kind)]),
      tokenOptional: TOKEN_OPTIONAL[b.kind],
    }));
  }
  const configErrors = detection.configFiles.some((f) => f.problems.some((p) => p.severity === 'error'));

  if (command === 'doctor') {
    const diagnosis = diagnose({ workspaceFolders: [root], detection: { ...detection, services }, backendsByService });
    if (values.json) io.out(JSON.stringify({ schema: JSON_SCHEMA_VERSION, root, ...diagnosis }, null, 2));
    else io.out(renderDiagnosis(diagnosis));
    return configErrors ? 2 : 0;
  }

  const status = services.map((s) => ({
    name: s.name,
    folders: s.folders,
    environments: s.environments,
    evidence: s.evidence,
    backends: backendsByService[s.name].map(({ kind, url, from, hasToken }) => ({ kind, url, from, hasToken })),
  }));
  if (values.json) {
    io.out(JSON.stringify({ schema: JSON_SCHEMA_VERSION, root, services: status }, null, 2));
  } else if (status.length === 0) {
    io.out(`No service found in ${root}. Run "prodlens doctor" to see why.`);
  } else {
    for (const s of status) {
      io.out(`${s.name}  (${s.folders.map((f) => f || '.').join(', ')})`);
      if (s.backends.length === 0) io.out('  no backend configured: run "prodlens doctor"');
      for (const b of s.backends) io.out(`  ${b.kind.padEnd(12)} ${b.url}${b.hasToken ? '  (token from env)' : ''}`);
    }
  }
  return configErrors ? 2 : 0;
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
    cwd: process.cwd(),
  }).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`prodlens: ${(err as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
