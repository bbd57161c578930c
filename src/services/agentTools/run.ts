// One entry point for every front end: checks the arguments, runs the tool against the host, and returns the
// bounded result or an error that says what to do. Never throws: a tool failure must not take the host down.
import { explainBackendError, isBackendError } from '../../backends/errors';
import { BACKEND_LABEL } from '../../core/labels';
import { oneLine } from '../../core/text';
import type { DetectedService } from '../../core/detect/services';
import type { Incident } from '../../core/model';
import { checkArguments, existingFile, pickService } from './args';
import { decodeCursor, DEFAULT_LIMIT, pageWithin, safeId } from './budget';
import { toolDefinition } from './definitions';
import { findingItems, locateResult } from './otherResults';
import { errorItems, incidentItems, routeItems, serviceHealthResult, snapshotEnvelope } from './snapshotResults';
import { ToolInputError, type AgentToolHost, type ToolOutcome } from './types';

export interface RunOptions {
  allowActions: boolean;
  signal: AbortSignal;
}

export async function runAgentTool(host: AgentToolHost, name: string, rawArgs: unknown, options: RunOptions): Promise<ToolOutcome> {
  const definition = toolDefinition(name);
  if (!definition || (definition.write && !options.allowActions)) {
    return { ok: false, error: definition ? `${name} changes production state and is off: the user must allow actions (prodlens mcp --allow-actions).` : `Unknown tool "${oneLine(name, 60)}".` };
  }
  try {
    const args = checkArguments(definition.inputSchema, rawArgs);
    return { ok: true, result: await TOOLS[definition.name](host, args, options.signal) };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

function errorMessage(err: unknown): string {
  if (err instanceof ToolInputError) return err.message;
  if (err instanceof RangeError) return err.message;
  if (isBackendError(err)) return `${oneLine(explainBackendError(err, 'The backend'), 400)} Try again later, or call diagnose.`;
  if ((err as Error)?.name === 'AbortError') return 'The call was cancelled.';
  // An unexpected failure: its message only (a stack could hold paths, never a token: requests do not throw them).
  return `The tool failed: ${oneLine(err instanceof Error ? err.message : String(err), 300)}. Call diagnose to check the setup.`;
}

type Args = Record<string, unknown>;
type Tool = (host: AgentToolHost, args: Args, signal: AbortSignal) => Promise<Record<string, unknown>>;

const optString = (v: unknown) => (typeof v === 'string' ? v : undefined);
const optNumber = (v: unknown) => (typeof v === 'number' ? v : undefined);

async function target(host: AgentToolHost, args: Args): Promise<{ service: DetectedService; file?: string }> {
  const file = optString(args.file) !== undefined ? await existingFile(host, args.file as string) : undefined;
  return { service: pickService(await host.services(), optString(args.service), file), file };
}

function paging(args: Args): { offset: number; limit: number } {
  return { offset: decodeCursor(optString(args.cursor)), limit: optNumber(args.limit) ?? DEFAULT_LIMIT };
}

/** The snapshot, or an error when no backend has ever answered: an empty result would read as "all is well". */
async function snapshotOf(host: AgentToolHost, service: DetectedService, args: Args, signal: AbortSignal) {
  const snapshot = await host.snapshot(service, { refresh: args.refresh === true, signal });
  const failed = snapshot.backends.filter((b) => b.state === 'error');
  if (failed.length > 0 && failed.length === snapshot.backends.length && failed.every((b) => b.dataAt === undefined)) {
    const why = failed.map((b) => `${BACKEND_LABEL[b.kind]}: ${oneLine(b.error ?? 'no answer', 200)}`).join('; ');
    throw new ToolInputError(`No backend of ${service.name} answered (${why}). Check that they are up and the tokens are set, then call again with refresh: true, or call diagnose.`);
  }
  return snapshot;
}

const TOOLS: Record<string, Tool> = {
  async service_health(host, args, signal) {
    const { service } = await target(host, args);
    return serviceHealthResult(await snapshotOf(host, service, args, signal), host.now());
  },
  async production_errors(host, args, signal) {
    const { service, file } = await target(host, args);
    const startLine = optNumber(args.startLine);
    const endLine = optNumber(args.endLine);
    if ((startLine !== undefined || endLine !== undefined || args.function !== undefined) && file === undefined) throw new ToolInputError('startLine, endLine and function need a "file".');
    if (startLine !== undefined && endLine !== undefined && endLine < startLine) throw new ToolInputError('endLine is before startLine.');
    const snapshot = await snapshotOf(host, service, args, signal);
    const { offset, limit } = paging(args);
    const items = errorItems(snapshot, host.now(), { file, startLine, endLine, function: optString(args.function) });
    const note = snapshot.backends.some((b) => b.kind === 'sentry') ? undefined : 'No Sentry backend configured for this service: no error groups. Call diagnose.';
    return pageWithin({ ...snapshotEnvelope(snapshot, host.now()), ...(note ? { note } : {}) }, items, offset, limit);
  },
  async route_metrics(host, args, signal) {
    const { service, file } = await target(host, args);
    const snapshot = await snapshotOf(host, service, args, signal);
    const { offset, limit } = paging(args);
    return pageWithin(snapshotEnvelope(snapshot, host.now()), routeItems(snapshot, host.now(), file), offset, limit);
  },
  async incidents(host, args, signal) {
    const { service } = await target(host, args);
    const snapshot = await snapshotOf(host, service, args, signal);
    const { offset, limit } = paging(args);
    return pageWithin(snapshotEnvelope(snapshot, host.now()), incidentItems(snapshot, host.now()), offset, limit);
  },
  async locate_stack_trace(host, args) {
    const trace = args.trace as string;
    if (trace.includes('\u0000')) throw new ToolInputError('"trace" is binary, not a text trace or JSON event.');
    const name = optString(args.service);
    if (name !== undefined) pickService(await host.services(), name, undefined);
    const { envelope, items } = locateResult(await host.locate(trace, name));
    const { offset, limit } = paging(args);
    return pageWithin(envelope, items, offset, limit);
  },
  async diagnose(host, args, signal) {
    const name = optString(args.service);
    const service = name !== undefined ? pickService(await host.services(), name, undefined) : undefined;
    const { offset, limit } = paging(args);
    return pageWithin({}, findingItems(await host.diagnose(service, signal)), offset, limit);
  },
  async acknowledge_incident(host, args, signal) {
    const actions = requireActions(host);
    const { service, incident } = await findIncident(host, args, args.incidentId as string, signal, 'pagerduty');
    if (incident.status !== 'triggered') throw new ToolInputError(`Incident ${incident.id} is ${incident.status}: only triggered incidents can be acknowledged.`);
    const done = await actions.acknowledge(service, incident, signal);
    return { incidentId: incident.id, status: done.status, actor: done.actor };
  },
  async create_silence(host, args, signal) {
    const actions = requireActions(host);
    const { service, incident } = await findIncident(host, args, args.alertId as string, signal, 'alertmanager');
    if (incident.status === 'suppressed' || incident.status === 'resolved') throw new ToolInputError(`Alert ${incident.id} is already ${incident.status === 'suppressed' ? 'silenced or inhibited' : 'resolved'}.`);
    if (!incident.labels || Object.keys(incident.labels).length === 0) throw new ToolInputError('This alert has no labels to match, so it cannot be silenced safely.');
    const durationMinutes = args.durationMinutes as number;
    const done = await actions.silence(service, incident, { durationMinutes, comment: args.comment as string }, signal);
    return { silenceId: done.silenceId, alertId: incident.id, endsAt: new Date(host.now() + durationMinutes * 60_000).toISOString(), createdBy: done.createdBy, matchers: Object.keys(incident.labels).length };
  },
};

function requireActions(host: AgentToolHost) {
  if (!host.actions) throw new ToolInputError('Actions are off: the user must allow them (prodlens mcp --allow-actions).');
  return host.actions;
}

/** The incident as the latest refresh shows it: an id the model made up, or one of another backend, is refused. */
async function findIncident(host: AgentToolHost, args: Args, id: string, signal: AbortSignal, source: 'pagerduty' | 'alertmanager') {
  const kind = (i: Incident) => i.source === source && (source === 'pagerduty' || i.kind === 'alert');
  if (!safeId(id)) throw new ToolInputError('That is not an incident or alert id: pass the "id" of an item from the incidents tool.');
  const { service } = await target(host, args);
  const snapshot = await host.snapshot(service, { refresh: true, signal });
  const incident = snapshot.incidents.find((i) => i.id === id && kind(i));
  if (!incident) throw new ToolInputError(`${BACKEND_LABEL[source]} has no ${source === 'pagerduty' ? 'incident' : 'alert'} "${id}" for ${service.name} now. Call the incidents tool for current ids.`);
  return { service, incident };
}
