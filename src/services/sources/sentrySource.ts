// Sentry for one service: unresolved issues of the project and environment in the window (most frequent
// first), the frames of the top few issues' latest events (cached by the client while the issue is
// unchanged), and releases as deploy markers.
import type { SentryClient } from '../../backends/sentry/sentryClient';
import { isBackendError } from '../../backends/errors';
import { causeFramesOf } from '../../core/mapping';
import type { ErrorGroup } from '../../core/model';
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
    const [groups, deploys] = await Promise.all([
      this.client.issues({ environment: ctx.environment, statsPeriod: ctx.window.label, limit: this.limit }, ctx.signal),
      // Releases only decorate charts: their failure must not hide the errors.
      this.client.releases(ctx.signal).catch(() => []),
    ]);
    const notes: string[] = [];
    // Only the top few wait for an event: a list can hold 10,000 groups, which are passed on as they are.
    const top = await Promise.all(groups.slice(0, FRAMES_FOR_TOP_ISSUES).map(async (group): Promise<ErrorGroup> => {
      try {
        const event = await this.client.latestEvent(group.id, ctx.signal, { lastSeen: group.lastSeen });
        const causeFrames = causeFramesOf(event.exceptions);
        return { ...group, frames: event.frames, ...(causeFrames ? { causeFrames } : {}), release: group.release ?? event.release, message: group.message ?? event.exceptionValue };
      } catch (err) {
        if (isBackendError(err) && err.kind === 'cancelled') throw err;
        notes.push(`The latest event of ${group.id} could not be read: ${err instanceof Error ? err.message : String(err)}`);
        return group;
      }
    }));
    const errors = top.length < groups.length ? top.concat(groups.slice(FRAMES_FOR_TOP_ISSUES)) : top;
    return { errors, deploys, notes: notes.slice(0, 3) };
  }
}
