// What a command was invoked on: a tree item's element, or (from the palette) something the user picks
// among the active service's incidents, alerts and error groups.
import * as vscode from 'vscode';
import type { ErrorGroup, Incident } from '../../core/model';
import { oneLine } from '../../core/text';
import type { CommandDeps } from './deps';

export type Target = { kind: 'incident'; incident: Incident } | { kind: 'error'; group: ErrorGroup };

function isIncident(value: unknown): value is Incident {
  return typeof value === 'object' && value !== null && 'kind' in value && 'startedAt' in value && 'source' in value;
}

/** Accepts an Incident, an Errors-view node, or nothing. */
export function targetOf(arg: unknown): Target | undefined {
  if (isIncident(arg)) return { kind: 'incident', incident: arg };
  if (typeof arg === 'object' && arg !== null && 'group' in arg) return { kind: 'error', group: (arg as { group: ErrorGroup }).group };
  return undefined;
}

export async function pickTarget(deps: CommandDeps, title: string, filter: (t: Target) => boolean): Promise<Target | undefined> {
  const snapshot = deps.activeSnapshot();
  const candidates: Target[] = [
    ...(snapshot?.incidents ?? []).map((incident): Target => ({ kind: 'incident', incident })),
    ...(snapshot?.errors ?? []).map((group): Target => ({ kind: 'error', group })),
  ].filter(filter);
  if (candidates.length === 0) {
    vscode.window.showInformationMessage(`ProdLens: nothing to choose from for "${title}" in ${deps.active.current?.name ?? 'this workspace'}.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(candidates.map((t) => ({
    label: oneLine(t.kind === 'incident' ? t.incident.title : t.group.title, 120),
    description: t.kind === 'incident' ? `${t.incident.source} · ${t.incident.status}` : `${t.group.source} · ${t.group.count}×`,
    target: t,
  })), { title: `ProdLens: ${title}` });
  return picked?.target;
}
