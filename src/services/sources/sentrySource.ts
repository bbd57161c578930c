// Sentry for one service: unresolved issues of the project and environment in the window (most frequent
// first), the frames of the top few issues' latest events (cached by the client while the issue is
// unchanged), and releases as deploy markers. Everything stops at the refresh's deadline and keeps what
// arrived, saying in `partial` what is missing.
import type { SentryClient } from '../../backends/sentry/sentryClient';
import { MAX_DEPLOYS } from '../../backends/sentry/sentryClient';
import { isBackendError } from '../../backends/errors';
import { causeFramesOf } from '../../core/mapping';
import type { Deploy, ErrorGroup } from '../../core/model';
import type { BackendSource, SourceContext, SourceResult } from './types';

/** Frames are fetched for this many top issues per refresh; the rest load when the user opens them. */
export const FRAMES_FOR_TOP_ISSUES = 15;

export class SentrySource implements BackendSource {
  readonly kind = 'sentry' as const;

  constructor(
    readonly url: string,
    private readonly client: SentryClient,
    private readonly limit = 100,
  ) {}

  probe(signal: AbortSignal): Promise<void> {
    return this.client.probe(signal);
  }

  async fetch(ctx: SourceContext): Promise<SourceResult> {
    const notes: string[] = [];
    const [issues, releases] = await Promise.all([
      this.client.listIssues({ environment: ctx.environment, statsPeriod: ctx.window.label, limit: this.limit }, ctx.signal, ctx.deadline),
      // Releases only decorate charts: their failure must not hide the errors.
      this.client.listReleases(ctx.signal, ctx.deadline).catch((): { items: Deploy[]; capped?: boolean; partial?: string } => ({ items: [] })),
    ]);
    const groups = issues.items;
    if (releases.capped) notes.push(`Only the ${MAX_DEPLOYS} newest releases are shown as deploy markers.`);
    let unread = 0;
    // Only the top few wait for an event: a list can hold 10,000 groups, which are passed on as they are.
    // The client bounds how many are in flight and keeps within Sentry's rate limits.
    const top = await Promise.all(groups.slice(0, FRAMES_FOR_TOP_ISSUES).map(async (group): Promise<ErrorGroup> => {
      try {
        const event = await this.client.latestEvent(group.id, ctx.signal, { lastSeen: group.lastSeen, deadline: ctx.deadline });
        const causeFrames = causeFramesOf(event.exceptions);
        return { ...group, frames: event.frames, ...(causeFrames ? { causeFrames } : {}), release: group.release ?? event.release, ...(event.versionEvidence ? { versionEvidence: event.versionEvidence } : {}), message: group.message ?? event.exceptionValue };
      } catch (err) {
        const late = Date.now() >= ctx.deadline || (isBackendError(err) && err.kind === 'rateLimited' && err.details.retryAt !== undefined && err.details.retryAt > ctx.deadline);
        if (isBackendError(err) && err.kind === 'cancelled' && !late) throw err;
        if (late) unread++;
        else notes.push(`The latest event of ${group.id} could not be read: ${err instanceof Error ? err.message : String(err)}`);
        return group;
      }
    }));
    const errors = top.length < groups.length ? top.concat(groups.slice(FRAMES_FOR_TOP_ISSUES)) : top;
    const partial = [
      issues.partial,
      releases.partial,
      unread ? `the stacks of ${unread} of the top ${top.length} issues were not read before the refresh deadline or Sentry's rate-limit reset` : undefined,
    ].filter(Boolean).join('; ');
    return { errors, deploys: releases.items, notes: notes.slice(0, 3), partial: partial ? capitalised(partial) : undefined };
  }
}

function capitalised(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1) + '.';
}
