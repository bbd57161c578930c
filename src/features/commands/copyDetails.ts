import * as vscode from 'vscode';
import { groupMapping } from '../../core/mapping/groupMapping';
import { Commands } from '../../host/ids';
import type { CommandDeps } from './deps';
import { pickTarget, targetOf, type Target } from './targets';

export function detailsText(t: Target): string {
  if (t.kind === 'incident') {
    const i = t.incident;
    return [
      i.title,
      i.summary,
      `Severity: ${i.severity} · status: ${i.status} · since ${i.startedAt} · source: ${i.source}`,
      i.assignee ? `Assigned to: ${(i.assignees ?? [i.assignee]).join(', ')}` : undefined,
      i.location ? `Code: ${i.location.file}:${i.location.line}` : undefined,
      i.labels ? `Labels: ${Object.entries(i.labels).map(([k, v]) => `${k}=${v}`).join(', ')}` : undefined,
      i.url,
    ].filter(Boolean).join('\n');
  }
  const g = t.group;
  const frames = (g.frames ?? []).slice().reverse().slice(0, 30).map((f, i) => {
    const m = g.frameMappings?.[(g.frames?.length ?? 0) - 1 - i];
    return `  at ${f.function ?? '?'} (${f.deployedPath ?? f.module ?? '?'}:${f.line ?? '?'})${m?.location ? ` → ${m.location.file}:${m.location.line}` : ''}`;
  });
  return [
    g.title,
    g.message && !g.title.includes(g.message) ? g.message : undefined,
    `${g.count} events${g.userCount !== undefined ? `, ${g.userCount} users` : ''} · first seen ${g.firstSeen ?? '?'} · last seen ${g.lastSeen ?? '?'}${g.release ? ` · release ${g.release}` : ''}`,
    g.location ? `Code: ${g.location.file}:${g.location.line}` : `Not placed: ${groupMapping(g)?.explanation ?? 'unknown'}`,
    ...frames,
    g.permalink,
  ].filter(Boolean).join('\n');
}

export function registerCopyDetails(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.copyDetails, async (arg?: unknown) => {
    const target = targetOf(arg) ?? (await pickTarget(deps, 'Copy Details', () => true));
    if (!target) return undefined;
    const text = detailsText(target);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage('ProdLens: details copied', 3000);
    return text;
  });
}
