// The `prodlens` command: the same core as the extension, from a terminal or a pipeline.
import * as path from 'path';
import { parseArgs } from 'util';
import { resolveBackends, TOKEN_OPTIONAL } from '../core/config/backends';
import { renderDiagnosis, tokenEnvVar, type BackendFacts, type ServiceRuntimeFacts } from '../core/diagnostics/report';
import { createLogger } from '../core/log';
import { VERSION } from '../core/version';
import { ServiceRegistry } from '../services/serviceRegistry';
import { NodeWorkspaceAccess } from './nodeWorkspace';
import { envTokenAllowed, withheldReason } from './envTokens';
import { CodeIndex } from '../services/codeIndex';
import { cacheDir } from './nodeSnapshotStore';
import { collectStatus, failsThreshold, renderStatusText } from './status';
import { runDoctor } from './doctor';
import { readStdin, runLocate, type LocateStdin } from './locate';
import { parseTimeWindow, TIME_WINDOWS } from '../core/timeWindow';
import type { DetectedService } from '../core/detect/services';
import type { HealthSnapshot } from '../core/model';


/** Version of the `--json` output. Bump it when a field changes meaning or disappears. */
export const JSON_SCHEMA_VERSION = 1;

const USAGE = `Usage: prodlens <command> [options]

Commands:
  status     health, open incidents and alerts, top errors of the folder's services
  doctor     why nothing shows: config, detection, each backend's answer, mapping to
             code, each problem with a fix (refreshes like status)
  locate     [FILE|-] the workspace file:line of each frame of a stack trace (or
             Sentry/OpenTelemetry JSON) from FILE or stdin; exit 1 when none maps

Options:
  --cwd DIR        folder to inspect (default: current directory)
  --service NAME   only this service
  --window W       15m, 1h (default), 6h, 24h or 7d
  --env E          environment (default: production)
  --fail-on LEVEL  status: exit 1 when a service is "critical" (or "degraded" or worse)
  --json           machine-readable output ("schema": ${JSON_SCHEMA_VERSION})
  --version        print the version
  --help           this help

Tokens come from environment variables: PRODLENS_PROMETHEUS_TOKEN, PRODLENS_ALERTMANAGER_TOKEN,
PRODLENS_SENTRY_TOKEN, PRODLENS_PAGERDUTY_TOKEN. Default URLs: PRODLENS_PROMETHEUS_URL,
PRODLENS_ALERTMANAGER_URL. Proxy: HTTPS_PROXY / NO_PROXY.
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

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        cwd: { type: 'string' },
        service: { type: 'string' },
        window: { type: 'string', default: '1h' },
        env: { type: 'string', default: 'production' },
        'fail-on': { type: 'string' },
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
    if (command || values.help) io.out(USAGE); else io.err(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === 'locate') {
    if (positionals.length > 2) {
      io.err(`locate takes one FILE (or -), not ${positionals.length - 1}.\n\n${USAGE}`);
      return 2;
    }
    return runLocate({ input: positionals[1], json: values.json ?? false, root: values.cwd }, io);
  }
  if (command !== 'status' && command !== 'doctor') {
    io.err(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const window = parseTimeWindow(values.window ?? '1h');
  if (!window) {
    io.err(`--window must be one of ${TIME_WINDOWS.join(', ')}.`);
    return 2;
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'critical' && failOn !== 'degraded') {
    io.err('--fail-on must be "critical" or "degraded".');
    return 2;
  }
  const root = path.resolve(io.cwd, values.cwd ?? '.');
  const log = createLogger((level, line) => level !== 'debug' && level !== 'info' && io.err(`prodlens: ${line}`));
  const access = new NodeWorkspaceAccess(root);
  const registry = new ServiceRegistry(access, log);
  const detection = await registry.detect();
  // Services of a refused .prodlens.json never reach here (detection leaves them out), so nothing is sent for them.
  const refused = detection.configFiles.filter((f) => f.refused).map((f) => f.path);
  const refusedNote = refused.length ? ` (${refused.join(', ')} refused: see above)` : '';
  const services = values.service ? detection.services.filter((s) => s.name === values.service) : detection.services;
  if (values.service && services.length === 0) {
    io.err(`No service named "${values.service}" in ${root}. Known: ${detection.services.map((s) => s.name).join(', ') || 'none'}${refusedNote}.`);
    return 2;
  }
  const defaults = { prometheusUrl: io.env.PRODLENS_PROMETHEUS_URL, alertmanagerUrl: io.env.PRODLENS_ALERTMANAGER_URL };
  const backendsByService: Record<string, BackendFacts[]> = {};
  for (const s of services) {
    backendsByService[s.name] = resolveBackends(s, defaults).map((b) => ({
      ...b,
      hasToken: Boolean(io.env[tokenEnvVar(b.kind)]) && envTokenAllowed(io.env, b.kind, b.url),
      tokenOptional: TOKEN_OPTIONAL[b.kind],
      tokenWithheld: withheldReason(io.env, b.kind, b.url),
    }));
  }
  const configErrors = refused.length > 0;

  if (command === 'doctor') {
    const doctor = await runDoctor({
      root,
      detection,
      services,
      backendsByService,
      window,
      environment: values.env ?? 'production',
      env: io.env,
      cacheDir: cacheDir(io.env, root),
      log,
      access,
    });
    const { diagnosis } = doctor;
    if (values.json) {
      io.out(JSON.stringify({
        schema: JSON_SCHEMA_VERSION,
        root,
        window: window.label,
        environment: values.env,
        ...diagnosis,
        services: services.map((s, i) => doctorJson(s, doctor.snapshots[i], backendsByService[s.name], doctor.runtime[s.name])),
      }, null, 2));
    } else {
      io.out(renderDiagnosis(diagnosis));
    }
    return configErrors ? 2 : 0;
  }

  const snapshots = await collectStatus({
    services,
    window,
    environment: values.env ?? 'production',
    env: io.env,
    cacheDir: cacheDir(io.env, root),
    log,
    code: new CodeIndex(access, log),
    root,
  });
  if (values.json) {
    // A refused file is said here too, not only on stderr: a script reading the JSON learns why services are missing.
    const refusedConfigs = detection.configFiles
      .filter((f) => f.refused)
      .map((f) => ({ file: f.path, problems: f.problems.filter((p) => p.severity === 'error').map((p) => ({ line: p.line, column: p.column, path: p.path, message: p.message })) }));
    io.out(JSON.stringify({ schema: JSON_SCHEMA_VERSION, root, window: window.label, environment: values.env, refusedConfigs, services: services.map((s, i) => statusJson(s, snapshots[i], backendsByService[s.name])) }, null, 2));
  } else if (services.length === 0) {
    io.out(refused.length ? `No service to show in ${root}${refusedNote}.` : `No service found in ${root}. Run "prodlens doctor" to see why.`);
  } else {
    io.out(renderStatusText(snapshots, Date.now()));
  }
  if (configErrors) return 2;
  return failsThreshold(snapshots, failOn) ? 1 : 0;
}

/** One service in `status --json` (schema 1): a documented, stable shape; see the README. */
function statusJson(service: DetectedService, snapshot: HealthSnapshot, backends: BackendFacts[]) {
  return {
    name: service.name,
    folders: service.folders,
    environments: service.environments,
    evidence: service.evidence,
    status: snapshot.status,
    statusReasons: snapshot.statusReasons,
    stale: snapshot.stale,
    fetchedAt: new Date(snapshot.fetchedAt).toISOString(),
    coverage: snapshot.coverage ? { since: new Date(snapshot.coverage.since).toISOString(), fraction: snapshot.coverage.fraction } : null,
    recent: snapshot.recent ? { ...snapshot.recent, since: new Date(snapshot.recent.since).toISOString(), lastTrafficAt: snapshot.recent.lastTrafficAt !== undefined ? new Date(snapshot.recent.lastTrafficAt).toISOString() : undefined } : null,
    current: snapshot.current,
    previous: snapshot.previous ?? null,
    routes: snapshot.routes,
    incidents: snapshot.incidents,
    errors: snapshot.errors.map((e) => ({ ...e, frames: undefined, causeFrames: undefined })),
    deploys: snapshot.deploys,
    backends: backendsJson(backends, snapshot),
  };
}

function backendsJson(backends: BackendFacts[], snapshot: HealthSnapshot | undefined) {
  return backends.map(({ kind, url, from, hasToken }) => {
    const status = snapshot?.backends.find((b) => b.kind === kind && b.url === url);
    return {
      kind,
      url,
      from,
      hasToken,
      state: status?.state ?? 'unconfigured',
      latencyMs: status?.latencyMs ?? null,
      error: status?.error ?? null,
      errorKind: status?.errorKind ?? null,
      notes: status?.notes ?? [],
      lastSuccess: status?.lastSuccess !== undefined ? new Date(status.lastSuccess).toISOString() : null,
      // The answer shown for this backend; with state "error" it is the last good one, kept (stale).
      dataAt: status?.dataAt !== undefined ? new Date(status.dataAt).toISOString() : null,
      stale: status?.state === 'error' && status.dataAt !== undefined,
      partial: status?.partial ?? null,
      convention: status?.convention ?? null,
    };
  });
}

/** One service in `doctor --json` (schema 1): detection, each backend's answer, mapping statistics and derived fixes. */
function doctorJson(service: DetectedService, snapshot: HealthSnapshot | undefined, backends: BackendFacts[], runtime: ServiceRuntimeFacts | undefined) {
  return {
    name: service.name,
    folders: service.folders,
    nameSource: service.nameSource ?? null,
    evidence: service.evidence,
    otherNames: service.otherNames ?? [],
    backends: backendsJson(backends, snapshot),
    mapping: runtime?.mapping ?? null,
    pathMappingFixes: (runtime?.pathFixes ?? []).map((f) => ({ from: f.from, to: f.to, frames: f.frames, example: f.example, replaces: f.replaces ?? null })),
    ambiguousPaths: runtime?.ambiguousPaths ?? [],
    prometheusIdentities: runtime?.prometheusIdentities ?? null,
  };
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
