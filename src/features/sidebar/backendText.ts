// The text of a Backends view item, apart from VS Code: its description and tooltip lines, built from the backend's
// facts and last status. Pure, so what a user reads there is tested in plain mocha; every line is plain text
// (the tree escapes it), since URLs, errors, notes and convention labels come from configuration and production.
import { BACKEND_LABEL } from '../../core/labels';
import type { BackendFacts } from '../../core/diagnostics/types';
import { conventionLines, conventionName, conventionSummary } from '../../core/diagnostics/metricFindings';
import { formatAge, formatAgo } from '../../core/format';
import type { BackendStatus } from '../../core/model';
import { oneLine } from '../../core/text';

export interface BackendItemText {
  description: string;
  tooltip: string[];
  /** A required token is missing: the actionable fact, which the item's click sets. */
  needsToken: boolean;
}

export function backendItemText(backend: BackendFacts, status: BackendStatus | undefined, now: number): BackendItemText {
  const tokenText = backend.hasToken ? 'token set' : backend.tokenOptional ? 'no token (optional)' : 'no token';
  const needsToken = !backend.hasToken && !backend.tokenOptional;
  // A missing token is the actionable fact: say it rather than the error it causes.
  const stateText = needsToken ? 'no token: click to set one'
    : !status ? 'not refreshed yet'
    : status.state === 'ok' ? `ok · ${status.latencyMs ?? '?'} ms · ${formatAgo(now - (status.lastSuccess ?? now))}`
    : `${status.errorKind ?? 'error'}${status.lastSuccess ? ` · last ok ${formatAgo(now - status.lastSuccess)}` : ''}`;
  const convention = backend.kind === 'prometheus' ? status?.convention : undefined;
  const description = [safeOrigin(backend.url), stateText, convention && conventionSummary(convention)].filter(Boolean).join(' · ');
  const tooltip = [`${BACKEND_LABEL[backend.kind]}: ${backend.url}`, `From: ${backend.from}`, tokenText];
  if (status?.error) tooltip.push(status.error);
  if (status?.state === 'error') {
    tooltip.push(status.dataAt !== undefined ? `Showing its last answer, from ${formatAgo(Math.max(0, now - status.dataAt))} (stale).` : 'Nothing of it to show yet.');
  }
  if (status?.partial) tooltip.push(`Partial answer: ${status.partial}`);
  if (status?.retryAt && status.state === 'error') tooltip.push(backoffLine(status, status.retryAt, now));
  for (const note of status?.notes ?? []) tooltip.push(note);
  if (convention) tooltip.push(`Figures from ${conventionName(convention)} (${conventionSummary(convention)})`, ...conventionLines(convention));
  return { description: oneLine(description, 300), tooltip, needsToken };
}

function backoffLine(status: BackendStatus, retryAt: number, now: number): string {
  const full = formatAge(Math.max(0, retryAt - now));
  if (!status.probing) return `Next attempt in ${full} (backing off); Refresh retries now.`;
  const checked = status.lastProbe ? ` (last check ${formatAgo(Math.max(0, now - status.lastProbe))}: still down)` : '';
  return `Checking every poll${checked}; full retry in ${full} (backing off); Refresh retries now.`;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
