// Hover on a hot line: what failed, how often, since when, a sparkline, the stack with workspace frames as
// links, the backend link and the release. The Markdown is never trusted and every production string is
// escaped, so a hostile error message cannot become a link, an image or a command.
import * as vscode from 'vscode';
import { formatAgo, formatCount } from '../../core/format';
import { escapeMarkdown, markdownLink, safeWebUrl, sparklineDataUri } from '../../core/markdown';
import type { ErrorGroup } from '../../core/model';
import { toUri } from '../../host/workspaceAccess';
import type { HotLine } from '../../core/hotLines';
import { backendLabel } from '../../core/labels';
import { locationVersionText, suspectTextLines } from '../../core/versions/versionText';

const MAX_GROUPS = 3;
const MAX_FRAMES = 12;

/** The annotation controller, which keeps each document's hot lines: the hover reads the same lines the decorations show. */
export interface HotLineSource {
  hotLines(document: vscode.TextDocument): readonly HotLine[];
}

export class ErrorHoverProvider implements vscode.HoverProvider {
  constructor(private readonly annotations: HotLineSource) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const hot = this.annotations.hotLines(document).find((l) => l.line === position.line + 1);
    if (!hot) return undefined;
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.supportThemeIcons = false;
    hot.groups.slice(0, MAX_GROUPS).forEach((group, i) => {
      if (i > 0) md.appendMarkdown('\n\n---\n\n');
      md.appendMarkdown(renderGroup(group, Date.now()));
    });
    if (hot.groups.length > MAX_GROUPS) md.appendMarkdown(`\n\n…and ${hot.groups.length - MAX_GROUPS} more error groups on this line.`);
    return new vscode.Hover(md, document.lineAt(position.line).range);
  }
}

function age(iso: string | undefined, now: number): string | undefined {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? `${formatAgo(now - t)}` : undefined;
}

export function renderGroup(group: ErrorGroup, now: number): string {
  const parts: string[] = [];
  parts.push(`**${escapeMarkdown(group.title.slice(0, 300))}**`);
  if (group.message && !group.title.includes(group.message)) parts.push(escapeMarkdown(group.message.slice(0, 500)));
  const facts = [
    `${formatCount(group.count)} events`,
    group.userCount !== undefined ? `${formatCount(group.userCount)} users` : undefined,
    age(group.firstSeen, now) ? `first seen ${age(group.firstSeen, now)}` : undefined,
    age(group.lastSeen, now) ? `last seen ${age(group.lastSeen, now)}` : undefined,
    group.release ? `release ${escapeMarkdown(group.release.slice(0, 100))}` : undefined,
  ].filter(Boolean);
  parts.push(facts.join(' · '));
  // Where production's line is in the working copy, and which commits changed it: commit text is untrusted.
  const versionNote = locationVersionText(group.location?.version);
  if (versionNote) parts.push(`_${escapeMarkdown(versionNote)}_`);
  if (group.suspects) for (const line of suspectTextLines(group.suspects)) parts.push(escapeMarkdown(line));
  const spark = sparklineDataUri(group.counts?.v ?? []);
  if (spark) parts.push(`![events over time](${spark})`);
  const frames = group.frames ?? [];
  if (frames.length) {
    const lines: string[] = ['Stack, crashing frame first:'];
    // Sentry orders frames oldest call first; a reader wants the crash first.
    for (let i = frames.length - 1, shown = 0; i >= 0 && shown < MAX_FRAMES; i--, shown++) {
      const frame = frames[i];
      const mapping = group.frameMappings?.[i];
      const fn = escapeMarkdown((frame.function ?? '(anonymous)').slice(0, 120));
      const where = `${frame.deployedPath ?? frame.module ?? '?'}${frame.line ? `:${frame.line}` : ''}`;
      const uri = mapping?.location ? toUri(mapping.location.file) : undefined;
      if (uri && mapping?.location) {
        const target = uri.with({ fragment: `L${mapping.location.line}` }).toString();
        lines.push(`- ${fn} ${markdownLink(`${mapping.location.file}:${mapping.location.line}`, target)}`);
      } else {
        const why = mapping?.unmapped === 'library' ? ' _(library)_' : mapping?.unmapped ? ` _(${escapeMarkdown(mapping.unmapped)})_` : '';
        lines.push(`- ${fn} ${escapeMarkdown(where.slice(0, 200))}${why}`);
      }
    }
    if (frames.length > MAX_FRAMES) lines.push(`- …${frames.length - MAX_FRAMES} more frames`);
    parts.push(lines.join('\n'));
  }
  const link = safeWebUrl(group.permalink);
  if (link) parts.push(markdownLink(`Open in ${backendLabel(group.source)}`, link));
  return parts.join('\n\n');
}
