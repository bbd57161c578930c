// The `prodlens` command: the same core as the extension, from a terminal or a pipeline.
import * as path from 'path';
import { parseArgs } from 'util';
import { resolveBackends, TOKEN_OPTIONAL } from '../core/config/backends';
import { renderDiagnosis, tokenEnvVar, type BackendFacts } from '../core/diagnostics/report';
import { createLogger, type Logger } from '../core/log';
import { VERSION } from '../core/version';
import { ServiceRegistry } from '../services/serviceRegistry';
import { NodeWorkspaceAccess } from './nodeWorkspace';
import { envTokenAllowed, withheldReason } from './envTokens';
import { CodeIndex } from '../services/codeIndex';
import { cacheDir } from './nodeSnapshotStore';
import { collectStatus, failsThreshold, renderStatusText } from './status';
import { runDoctor } from './doctor';
import { envBackendDefaults, workspaceVersions } from './cliPipeline';
import { doctorJson, JSON_SCHEMA_VERSION, statusJson } from './json';
import { readStdin, runLocate, type LocateStdin } from './locate';
import { parseTimeWindow, TIME_WINDOWS, type TimeWindow } from '../core/timeWindow';
import type { DetectedService, DetectionResult } from '../core/detect/services';
import type * as McpCommand from './mcp/command';

type McpModule = typeof McpCommand;

export { JSON_SCHEMA_VERSION } from './json';

const USAGE = `Usage: prodlens <command> [options]

Commands:
  status     health, open incidents and alerts, top errors of the folder's services
  doctor     why nothing shows: config, detection, each backend's answer, mapping to
             code, each problem with a fix (refreshes like status)
  locate     [FILE|-] the workspace file:line of each frame of a stack trace (or
             Sentry/OpenTelemetry JSON) from FILE or stdin; exit 1 when none maps
             --rev REF: the trace came from version REF (a tag or commit): its
             lines are translated to the working copy through local git
  mcp        the agent tools (health, errors, routes, locate, incidents, diagnose) as
             an MCP server over stdio, read-only unless --allow-actions

Options:
  --cwd DIR        folder to inspect (default: current directory)
  --service NAME   only this service
  --window W       15m, 1h (default), 6h, 24h or 7d
  --env E          environment (default: production)
  --fail-on LEVEL  status: exit 1 when a service is "critical" (or "degraded" or worse)
  --json           machine-readable output ("schema": ${JSON_SCHEMA_VERSION})
  --allow-actions  mcp: also serve acknowledge_incident and create_silence
  --version        print the version
  --help           this help

Tokens come from environment variables: PRODLENS_PROMETHEUS_TOKEN, PRODLENS_ALERTMANAGER_TOKEN,
PRODLENS_SENTRY_TOKEN, PRODLENS_PAGERDUTY_TOKEN. Default URLs: PRODLENS_PROMETHEUS_URL,
PRODLENS_ALERTMANAGER_URL. Proxy: HTTPS_PROXY / NO_PROXY. mcp --allow-actions acknowledges as
PRODLENS_PAGERDUTY_FROM (the email of your PagerDuty user).
Exit codes: 0 ok (doctor: also when it reports problems), 1 unhealthy service (status
--fail-on only), 2 usage error or invalid .prodlens.json.`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** For `locate`: the trace when it is piped in. */
  stdin?: LocateStdin;
}

type ParsedArgs = ReturnType<typeof parseCliArgs>;
type Values = ParsedArgs['values'];
type FailOn = 'critical' | 'degraded';

function parseCliArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      cwd: { type: 'string' },
      service: { type: 'string' },
      window: { type: 'string', default: '1h' },
      env: { type: 'string', default: 'production' },
      'fail-on': { type: 'string' },
      rev: { type: 'string' },
      json: { type: 'boolean', default: false },
      'allow-actions': { type: 'boolean', default: false },
      version: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parseCliArgs(argv);
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
    if (command || values.help) io.out(USAGE); else io.err(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === 'locate') {
    if (positionals.length > 2) {
      io.err(`locate takes one FILE (or -), not ${positionals.length - 1}.\n\n${USAGE}`);
      return 2;
    }
    return runLocate({ input: positionals[1], json: values.json ?? false, root: values.cwd, rev: values.rev }, io);
  }
  if (values.rev !== undefined) {
    io.err(`--rev applies to locate only.\n\n${USAGE}`);
    return 2;
  }
  if (command === 'mcp') {
    const refresh = refreshOptions(values, io);
    if (!refresh) return 2;
    // Loaded only for this command: the MCP SDK and its schemas would add to every other command's start.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    const { runMcp } = require('./mcp/command') as McpModule;
    return runMcp({ root: path.resolve(io.cwd, values.cwd ?? '.'), allowActions: values['allow-actions'] ?? false, window: refresh.window, environment: refresh.environment }, { err: (t) => io.err(t), env: io.env });
  }
  if (command !== 'status' && command !== 'doctor') {
    io.err(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const refresh = refreshOptions(values, io);
  if (!refresh) return 2;
  const workspace = await inspectWorkspace(values, io);
  if (!workspace) return 2;
  return command === 'doctor' ? doctorCommand(workspace, refresh, values, io) : statusCommand(workspace, refresh, values, io);
}

interface RefreshOptions {
  window: TimeWindow;
  environment: string;
  failOn?: FailOn;
}

/** `--window`, `--env` and `--fail-on`, checked; undefined (and the reason on stderr) when one is wrong. */
export function refreshOptions(values: Pick<Values, 'window' | 'env' | 'fail-on'>, io: Pick<CliIo, 'err'>): RefreshOptions | undefined {
  const window = parseTimeWindow(values.window ?? '1h');
  if (!window) {
    io.err(`--window must be one of ${TIME_WINDOWS.join(', ')}.`);
    return undefined;
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'critical' && failOn !== 'degraded') {
    io.err('--fail-on must be "critical" or "degraded".');
    return undefined;
  }
  return { window, environment: values.env ?? 'production', failOn };
}

/** What `status` and `doctor` both start from: the folder's services, the backends of each, the refused config files. */
interface InspectedWorkspace {
  root: string;
  log: Logger;
  access: NodeWorkspaceAccess;
  detection: DetectionResult;
  /** All services, or the one of `--service`. */
  services: DetectedService[];
  backendsByService: Record<string, BackendFacts[]>;
  refused: string[];
  refusedNote: string;
}

async function inspectWorkspace(values: Values, io: CliIo): Promise<InspectedWorkspace | undefined> {
  const root = path.resolve(io.cwd, values.cwd ?? '.');
  const log = createLogger((level, line) => level !== 'debug' && level !== 'info' && io.err(`prodlens: ${line}`));
  const access = new NodeWorkspaceAccess(root);
  const detection = await new ServiceRegistry(access, log).detect();
  // Services of a refused .prodlens.json never reach here (detection leaves them out), so nothing is sent for them.
  const refused = detection.configFiles.filter((f) => f.refused).map((f) => f.path);
  const refusedNote = refused.length ? ` (${refused.join(', ')} refused: see above)` : '';
  const services = values.service ? detection.services.filter((s) => s.name === values.service) : detection.services;
  if (values.service && services.length === 0) {
    io.err(`No service named "${values.service}" in ${root}. Known: ${detection.services.map((s) => s.name).join(', ') || 'none'}${refusedNote}.`);
    return undefined;
  }
  return { root, log, access, detection, services, backendsByService: backendFacts(services, io.env), refused, refusedNote };
}

/** Each service's backends as configured, and whether the environment holds a token the CLI may send to each. */
export function backendFacts(services: readonly DetectedService[], env: NodeJS.ProcessEnv): Record<string, BackendFacts[]> {
  const defaults = envBackendDefaults(env);
  const facts: Record<string, BackendFacts[]> = {};
  for (const s of services) {
    facts[s.name] = resolveBackends(s, defaults).map((b) => ({
      ...b,
      hasToken: Boolean(env[tokenEnvVar(b.kind)]) && envTokenAllowed(env, b.kind, b.url),
      tokenOptional: TOKEN_OPTIONAL[b.kind],
      tokenWithheld: withheldReason(env, b.kind, b.url),
    }));
  }
  return facts;
}

async function doctorCommand(workspace: InspectedWorkspace, refresh: RefreshOptions, values: Values, io: CliIo): Promise<number> {
  const { root, services, backendsByService } = workspace;
  const doctor = await runDoctor({
    root,
    detection: workspace.detection,
    services,
    backendsByService,
    window: refresh.window,
    environment: refresh.environment,
    env: io.env,
    cacheDir: cacheDir(io.env, root),
    log: workspace.log,
    access: workspace.access,
  });
  const { diagnosis } = doctor;
  if (values.json) {
    io.out(JSON.stringify({
      schema: JSON_SCHEMA_VERSION,
      root,
      window: refresh.window.label,
      environment: values.env,
      ...diagnosis,
      services: services.map((s, i) => doctorJson(s, doctor.snapshots[i], backendsByService[s.name], doctor.runtime[s.name])),
    }, null, 2));
  } else {
    io.out(renderDiagnosis(diagnosis));
  }
  return workspace.refused.length > 0 ? 2 : 0;
}

async function statusCommand(workspace: InspectedWorkspace, refresh: RefreshOptions, values: Values, io: CliIo): Promise<number> {
  const { root, services, detection, refused, log } = workspace;
  const snapshots = await collectStatus({
    versions: workspaceVersions(root),
    services,
    window: refresh.window,
    environment: refresh.environment,
    env: io.env,
    cacheDir: cacheDir(io.env, root),
    log,
    code: new CodeIndex(workspace.access, log),
    root,
  });
  if (values.json) {
    // A refused file is said here too, not only on stderr: a script reading the JSON learns why services are missing.
    const refusedConfigs = detection.configFiles
      .filter((f) => f.refused)
      .map((f) => ({ file: f.path, problems: f.problems.filter((p) => p.severity === 'error').map((p) => ({ line: p.line, column: p.column, path: p.path, message: p.message })) }));
    io.out(JSON.stringify({ schema: JSON_SCHEMA_VERSION, root, window: refresh.window.label, environment: values.env, refusedConfigs, services: services.map((s, i) => statusJson(s, snapshots[i], workspace.backendsByService[s.name])) }, null, 2));
  } else if (services.length === 0) {
    io.out(refused.length ? `No service to show in ${root}${workspace.refusedNote}.` : `No service found in ${root}. Run "prodlens doctor" to see why.`);
  } else {
    io.out(renderStatusText(snapshots, Date.now()));
  }
  if (refused.length > 0) return 2;
  return failsThreshold(snapshots, refresh.failOn) ? 1 : 0;
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
    cwd: process.cwd(),
    stdin: { isTTY: Boolean(process.stdin.isTTY), read: () => readStdin(process.stdin) },
  }).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`prodlens: ${(err as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
