// Keeps each service's snapshot fresh without the editor ever waiting: one refresh per service at a time,
// backends fetched concurrently, per-backend exponential backoff, last good data kept (and marked stale)
// when a backend fails, and the last snapshot persisted so a restart shows it at once. While a backend that
// seemed down backs off, each refresh sends it one cheap readiness probe instead of nothing, so it recovers
// within one poll of coming back while a dead backend still costs one small request per poll.
import { setMaxListeners } from 'events';
import { BackendError, explainBackendError, isBackendError, type BackendErrorKind } from '../backends/errors';
import type { DetectedService } from '../core/detect/services';
import { safeOrigin } from '../backends/http/url';
import { Emitter } from '../core/events';
import type { HealthThresholds } from '../core/health';
import type { Logger } from '../core/log';
import { fireAndLog } from '../core/async';
import type { BackendStatus, HealthSnapshot } from '../core/model';
import { BACKEND_LABEL } from '../core/labels';
import type { TimeWindow } from '../core/timeWindow';
import { buildSnapshot, partKey, partsFromSnapshot, snapshotForStorage, type SourcePart } from './snapshot';
import type { BackendSource } from './sources/types';

export interface SnapshotStore {
  load(service: string): Promise<HealthSnapshot | undefined>;
  save(snapshot: HealthSnapshot): Promise<void>;
}

export interface RefreshSettings {
  window: TimeWindow;
  environment: string;
  thresholds?: HealthThresholds;
}

export interface RefreshDeps {
  /** The sources of a service; called on every refresh, so it may cache by configuration. */
  sourcesFor(service: DetectedService): BackendSource[];
  settings(): RefreshSettings;
  store?: SnapshotStore;
  log: Logger;
  now?: () => number;
  /** How long a readiness probe may take before the backend counts as still down. Default 5 000 ms. */
  probeTimeoutMs?: number;
  /**
   * How long one backend's part of a refresh may take, all its requests and pages together. Default 30 000 ms.
   * At the deadline the backend's signal is aborted with a `deadline` reason (see `isDeadline`); a source
   * that pages returns what it has, marked partial.
   */
  backendDeadlineMs?: number;
  /**
   * Puts the snapshot's signals on the workspace's code (file index, routes). A failure here is logged and
   * the unmapped snapshot is kept: mapping must never cost the user their production data.
   */
  mapToCode?(service: DetectedService, snapshot: HealthSnapshot, signal: AbortSignal): Promise<HealthSnapshot>;
  /**
   * Puts the mapped locations on the working copy's lines (local git, see VersionService). Never awaited by
   * the refresh: `fromCache` gives the snapshot handed over, and when git has more to say `translate` replaces
   * it afterwards (one more change event).
   */
  versions?: LineVersions;
}

export interface LineVersions {
  fromCache(service: DetectedService, snapshot: HealthSnapshot): { snapshot: HealthSnapshot; complete: boolean };
  translate(service: DetectedService, snapshot: HealthSnapshot, signal: AbortSignal): Promise<HealthSnapshot>;
}

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 10 * 60_000;
const PROBE_TIMEOUT_MS = 5_000;
const BACKEND_DEADLINE_MS = 30_000;
/**
 * Below the shortest poll interval (15 s), so every poll may probe; refreshes in a burst (service switches,
 * a second service on the same backend) share one probe instead of each sending one.
 */
const PROBE_MIN_GAP_MS = 10_000;
/**
 * Failures that say "not answering", which one cheap request can disprove. The others wait for retryAt:
 * a refused token or a wrong path does not mend itself, a rate limit's Retry-After is honoured to the
 * letter, and a cancelled refresh says nothing about the backend.
 */
const DOWN_KINDS: ReadonlySet<BackendErrorKind> = new Set(['network', 'timeout', 'tls', 'badResponse']);

interface Backoff {
  failures: number;
  /** When the next full fetch may go out. */
  retryAt: number;
  /** The last failure's kind: only a backend that seemed down is probed. */
  kind: BackendErrorKind;
  /** Unix ms of the last request sent to it, full fetch or probe; probes keep PROBE_MIN_GAP_MS from it. */
  lastContact: number;
  /** Unix ms of the last probe that found it still down. */
  lastProbe?: number;
  /** The probe in flight (true: it answered), shared by every refresh that wants one. */
  probe?: Promise<boolean>;
}

interface InFlight {
  promise: Promise<HealthSnapshot>;
  /** The settings it fetches with, and whether it ignores backoff: only a matching caller may join it. */
  settingsKey: string;
  force: boolean;
}

interface ServiceState {
  snapshot?: HealthSnapshot;
  parts: Map<string, SourcePart>;
  statuses: Map<string, BackendStatus>;
  inFlight?: InFlight;
  /** The settings the parts were fetched with; a change of window or environment drops them. */
  settingsKey?: string;
  restored?: boolean;
  /**
   * The persisted snapshot, until the first refresh has taken from it the last good part of each backend:
   * a backend failing on that refresh then keeps showing what it last answered (with its age), in the CLI
   * as in the editor after a restart.
   */
  saved?: HealthSnapshot;
  /** The translation of the last snapshot to the working copy's lines, while git answers. */
  translating?: Promise<HealthSnapshot>;
  /** The last refresh's snapshot as mapped, before translation: translated again after a save or checkout. */
  mapped?: HealthSnapshot;
}

export class RefreshService {
  private readonly states = new Map<string, ServiceState>();
  private readonly backoff = new Map<string, Backoff>();
  private readonly changed = new Emitter<string>();
  readonly onDidChange = this.changed.event;
  private readonly now: () => number;
  private readonly probeTimeoutMs: number;
  private readonly backendDeadlineMs: number;
  private disposed = false;
  private readonly controllers = new Set<AbortController>();
  /** Snapshots handed over but not yet persisted: the newest per service. */
  private readonly unsaved = new Map<string, HealthSnapshot>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly saving = new Set<Promise<void>>();

  constructor(private readonly deps: RefreshDeps) {
    this.now = deps.now ?? Date.now;
    this.probeTimeoutMs = deps.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
    this.backendDeadlineMs = deps.backendDeadlineMs ?? BACKEND_DEADLINE_MS;
  }

  snapshot(service: string): HealthSnapshot | undefined {
    return this.states.get(service)?.snapshot;
  }

  isRefreshing(service: string): boolean {
    return this.states.get(service)?.inFlight !== undefined;
  }

  /** Shows the persisted snapshot (marked stale) until the first refresh answers. */
  async restore(service: string): Promise<void> {
    const state = this.state(service);
    if (state.snapshot || state.restored || !this.deps.store) return;
    state.restored = true;
    try {
      const saved = await this.deps.store.load(service);
      if (saved && !state.snapshot) {
        state.snapshot = { ...saved, stale: true };
        state.saved = saved;
        this.changed.fire(service);
      }
    } catch (err) {
      this.deps.log.warn(`Could not read the saved snapshot of ${service}:`, err);
    }
  }

  /**
   * Refreshes one service; `force` ignores backoff. Concurrent callers share the refresh in flight when it
   * answers their question. One with other settings (the window just changed) or a forced one (the user
   * asked, and the refresh in flight may skip a backend in backoff) runs right after it instead.
   */
  refresh(service: DetectedService, options: { force?: boolean } = {}): Promise<HealthSnapshot> {
    const state = this.state(service.name);
    const force = options.force === true;
    const key = settingsKeyOf(this.deps.settings());
    const current = state.inFlight;
    if (current && current.settingsKey === key && (current.force || !force)) return current.promise;
    const start = () => this.run(service, state, force);
    const promise: Promise<HealthSnapshot> = (current ? current.promise.then(start, start) : start()).finally(() => {
      if (state.inFlight?.promise === promise) state.inFlight = undefined;
      this.changed.fire(service.name);
    });
    state.inFlight = { promise, settingsKey: key, force };
    this.changed.fire(service.name);
    return promise;
  }

  private async run(service: DetectedService, state: ServiceState, force: boolean): Promise<HealthSnapshot> {
    const settings = this.deps.settings();
    const settingsKey = settingsKeyOf(settings);
    if (state.settingsKey !== settingsKey) {
      state.parts.clear();
      state.settingsKey = settingsKey;
    }
    const sources = this.deps.sourcesFor(service);
    if (state.saved) {
      if (state.saved.window === settings.window.label && state.saved.environment === settings.environment) this.seedFromSaved(state, state.saved, sources);
      state.saved = undefined;
    }
    const liveKeys = new Set(sources.map((s) => sourceKey(s)));
    for (const key of [...state.parts.keys()]) if (!liveKeys.has(key)) state.parts.delete(key);
    for (const key of [...state.statuses.keys()]) if (!liveKeys.has(key)) state.statuses.delete(key);

    const controller = new AbortController();
    // Every request of the refresh listens on this one signal (Sentry fetches 15 latest events at once).
    setMaxListeners(100, controller.signal);
    this.controllers.add(controller);
    try {
      await Promise.all(sources.map((source) => this.fetchOne(service, source, state, settings, controller.signal, force)));
    } finally {
      this.controllers.delete(controller);
    }
    let snapshot = buildSnapshot({
      service: service.name,
      environment: settings.environment,
      window: settings.window.label,
      windowMs: settings.window.seconds * 1000,
      now: this.now(),
      parts: sources.map((s) => state.parts.get(sourceKey(s))).filter((p): p is SourcePart => p !== undefined),
      backends: sources.map((s) => state.statuses.get(sourceKey(s))).filter((b): b is BackendStatus => b !== undefined),
      thresholds: settings.thresholds,
    });
    if (this.deps.mapToCode) {
      try {
        snapshot = await this.deps.mapToCode(service, snapshot, controller.signal);
      } catch (err) {
        this.deps.log.warn(`Mapping ${service.name}'s signals to code failed:`, err);
      }
    }
    state.mapped = snapshot;
    const translating = this.deps.versions ? this.startTranslation(service, state, snapshot, this.deps.versions) : undefined;
    if (translating) snapshot = translating.first;
    if (!this.disposed) {
      state.snapshot = snapshot;
      // A snapshot still waiting for git is persisted once translated (or once translation failed).
      if (!translating?.pending) this.persistLater(snapshot);
    }
    return snapshot;
  }

  /**
   * The snapshot of the last refresh with its lines translated to the working copy, once git answered (at
   * once when nothing was pending). The CLI waits for it; the editor listens to `onDidChange` instead.
   */
  translated(service: string): Promise<HealthSnapshot | undefined> {
    const state = this.states.get(service);
    return state?.translating ?? Promise.resolve(state?.snapshot);
  }

  /**
   * Puts the last refresh's snapshot on the working copy again, without asking any backend: after a file
   * was saved or HEAD moved (the editor tells VersionService first). Fires a change now, and one more if git
   * has to be asked.
   */
  retranslate(service: DetectedService): void {
    const state = this.states.get(service.name);
    if (!state?.mapped || !this.deps.versions || this.disposed) return;
    const { first, pending } = this.startTranslation(service, state, state.mapped, this.deps.versions);
    state.snapshot = first;
    if (!pending) this.persistLater(first);
    this.changed.fire(service.name);
  }

  private startTranslation(service: DetectedService, state: ServiceState, mapped: HealthSnapshot, versions: LineVersions): { first: HealthSnapshot; pending: boolean } {
    let first: { snapshot: HealthSnapshot; complete: boolean };
    try {
      first = versions.fromCache(service, mapped);
    } catch (err) {
      this.deps.log.warn(`Translating ${service.name}'s lines to the working copy failed:`, err);
      return { first: mapped, pending: false };
    }
    state.translating = undefined;
    if (first.complete) return { first: first.snapshot, pending: false };
    const controller = new AbortController();
    this.controllers.add(controller);
    const current = () => !this.disposed && state.snapshot === first.snapshot;
    const translating: Promise<HealthSnapshot> = versions.translate(service, mapped, controller.signal).then(
      (translated) => {
        if (!current()) return state.snapshot ?? translated;
        state.snapshot = translated;
        this.persistLater(translated);
        this.changed.fire(service.name);
        return translated;
      },
      (err: unknown) => {
        this.deps.log.warn(`Translating ${service.name}'s lines to the working copy failed:`, err);
        if (current()) this.persistLater(first.snapshot);
        return state.snapshot ?? first.snapshot;
      },
    ).finally(() => {
      this.controllers.delete(controller);
      if (state.translating === translating) state.translating = undefined;
    });
    state.translating = translating;
    return { first: first.snapshot, pending: true };
  }

  /** Each backend's last good part and status from the persisted snapshot, where this run has none yet. */
  private seedFromSaved(state: ServiceState, saved: HealthSnapshot, sources: readonly BackendSource[]): void {
    for (const part of partsFromSnapshot(saved, sources)) {
      if (!state.parts.has(part.key)) state.parts.set(part.key, part);
    }
    for (const status of saved.backends) {
      const key = partKey(status.kind, status.url);
      if (!state.statuses.has(key) && sources.some((s) => sourceKey(s) === key)) state.statuses.set(key, status);
    }
  }

  /**
   * Persisting is for the next start, not for anyone waiting now: it runs after the refresh has handed its
   * snapshot over (serialising a snapshot costs milliseconds on the extension host thread), and a newer
   * snapshot of the same service replaces one not yet written.
   */
  private persistLater(snapshot: HealthSnapshot): void {
    if (!this.deps.store) return;
    this.unsaved.set(snapshot.service, snapshot);
    this.saveTimer ??= setTimeout(() => fireAndLog(this.flushSaves(), this.deps.log, 'Saving snapshots'), 0);
  }

  /** Writes every snapshot not yet persisted and waits for all writes (the CLI, before it exits). */
  async flushSaves(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const store = this.deps.store;
    if (store) {
      for (const snapshot of this.unsaved.values()) {
        const write: Promise<void> = store
          .save(snapshotForStorage(snapshot))
          .catch((err) => this.deps.log.warn(`Could not save the snapshot of ${snapshot.service}:`, err))
          .finally(() => this.saving.delete(write));
        this.saving.add(write);
      }
    }
    this.unsaved.clear();
    await Promise.all([...this.saving]);
  }

  private async fetchOne(service: DetectedService, source: BackendSource, state: ServiceState, settings: RefreshSettings, signal: AbortSignal, force: boolean): Promise<void> {
    const key = sourceKey(source);
    const previous = state.statuses.get(key);
    const backoff = this.backoff.get(key);
    if (!force && backoff && this.now() < backoff.retryAt && previous) {
      // Backing off: the full fetch waits for retryAt, unless a probe finds the backend back right now.
      if (!(await this.probe(source, backoff, signal))) {
        state.statuses.set(key, { ...previous, retryAt: backoff.retryAt, lastProbe: backoff.lastProbe });
        return;
      }
    }
    const started = this.now();
    const deadline = deadlineSignal(signal, this.backendDeadlineMs);
    try {
      const result = await source.fetch({ service, window: settings.window, environment: settings.environment, now: started, signal: deadline.signal, deadline: deadline.at });
      const at = this.now();
      state.parts.set(key, { key, kind: source.kind, result, at });
      this.backoff.delete(key);
      state.statuses.set(key, {
        kind: source.kind,
        url: source.url,
        state: 'ok',
        lastSuccess: at,
        lastAttempt: started,
        latencyMs: at - started,
        notes: result.notes?.length ? result.notes : undefined,
        partial: result.partial,
        convention: result.convention,
      });
    } catch (err) {
      let error = isBackendError(err) ? err : new BackendError('badResponse', err instanceof Error ? err.message : String(err));
      // Cut off by its own deadline, not by the user: a backend too slow to answer, said as a timeout.
      if (isDeadline(deadline.signal) && (error.kind === 'cancelled' || error.kind === 'timeout')) {
        error = new BackendError('timeout', `no complete answer within the refresh deadline of ${Math.round(this.backendDeadlineMs / 1000)} s`, { origin: error.details.origin ?? safeOrigin(source.url) });
      }
      const failures = (backoff?.failures ?? 0) + 1;
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
      const retryAt = Math.max(this.now() + delay, error.details.retryAt ?? 0);
      // A full attempt is fresher news than any probe before it: lastProbe starts over.
      this.backoff.set(key, { failures, retryAt, kind: error.kind, lastContact: started });
      const probing = source.probe !== undefined && DOWN_KINDS.has(error.kind);
      const message = explainBackendError(error, BACKEND_LABEL[source.kind]);
      if (error.kind !== 'cancelled') this.deps.log.warn(`${service.name}: ${message}`);
      state.statuses.set(key, {
        kind: source.kind,
        url: source.url,
        state: 'error',
        lastSuccess: previous?.lastSuccess,
        lastAttempt: started,
        latencyMs: this.now() - started,
        error: message,
        errorKind: error.kind,
        retryAt,
        probing: probing || undefined,
      });
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Whether a backend in backoff answers again, by its source's probe; false without asking when it has no
   * probe, failed in a way a probe cannot disprove, or was asked less than PROBE_MIN_GAP_MS ago. Refreshes
   * asking at the same time share one probe. Never rejects.
   */
  private probe(source: BackendSource, backoff: Backoff, signal: AbortSignal): Promise<boolean> {
    if (!source.probe || !DOWN_KINDS.has(backoff.kind)) return Promise.resolve(false);
    if (backoff.probe) return backoff.probe;
    const at = this.now();
    if (at - backoff.lastContact < PROBE_MIN_GAP_MS) return Promise.resolve(false);
    backoff.lastContact = at;
    const probing = this.runProbe(source, source.probe.bind(source), signal).then((back) => {
      if (!back) backoff.lastProbe = at;
      if (backoff.probe === probing) backoff.probe = undefined;
      return back;
    });
    backoff.probe = probing;
    return probing;
  }

  /** One probe under its own short deadline, also ended by the refresh's signal; failures are logged, not thrown. */
  private async runProbe(source: BackendSource, probe: (signal: AbortSignal) => Promise<void>, refreshSignal: AbortSignal): Promise<boolean> {
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort();
    refreshSignal.addEventListener('abort', onAbort, { once: true });
    if (refreshSignal.aborted) controller.abort();
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.probeTimeoutMs);
    // The origin only: a configured URL may carry credentials.
    const where = `${BACKEND_LABEL[source.kind]} at ${safeOrigin(source.url) ?? 'its configured URL'}`;
    try {
      await probe(controller.signal);
      this.deps.log.info(`${where} answers again: refreshing it now.`);
      return true;
    } catch (err) {
      // Refused (a token revoked, a path moved while it was away) is an answer: the full fetch then says
      // so in the status right away, and, not being "down", the backend is not probed again.
      if (isBackendError(err) && (err.kind === 'auth' || err.kind === 'notFound')) {
        this.deps.log.info(`${where} answers again, but refuses (${err.kind}): refreshing it now to show why.`);
        return true;
      }
      const why = timedOut ? `no answer within ${this.probeTimeoutMs} ms` : isBackendError(err) ? `${err.kind}: ${err.message}` : 'it failed';
      this.deps.log.debug(`${where} is still down (readiness probe: ${why}).`);
      return false;
    } finally {
      clearTimeout(timer);
      refreshSignal.removeEventListener('abort', onAbort);
    }
  }

  private state(service: string): ServiceState {
    let state = this.states.get(service);
    if (!state) this.states.set(service, (state = { parts: new Map(), statuses: new Map() }));
    return state;
  }

  dispose(): void {
    this.disposed = true;
    // What was handed over before is still written; nothing that finishes after this is.
    fireAndLog(this.flushSaves(), this.deps.log, 'Saving snapshots');
    for (const c of this.controllers) c.abort();
    this.changed.dispose();
  }
}

/** The reason a backend's signal carries when its refresh deadline passed. */
export class DeadlineReached extends Error {
  override readonly name = 'DeadlineReached';
  constructor(readonly ms: number) {
    super(`the refresh deadline of ${Math.round(ms / 1000)} s passed`);
  }
}

/** Whether `signal` was aborted because the backend's refresh deadline passed (not a cancellation). */
export function isDeadline(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason instanceof DeadlineReached;
}

/**
 * A signal that follows `parent` and also aborts `ms` from now with a DeadlineReached reason. `at` is the
 * deadline in wall-clock unix ms (timers are wall-clock, whatever clock the service was given).
 */
function deadlineSignal(parent: AbortSignal, ms: number): { signal: AbortSignal; at: number; dispose(): void } {
  const controller = new AbortController();
  setMaxListeners(100, controller.signal);
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new DeadlineReached(ms)), ms);
  return {
    signal: controller.signal,
    at: Date.now() + ms,
    dispose() {
      clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}

function settingsKeyOf(settings: RefreshSettings): string {
  return `${settings.window.label}|${settings.environment}`;
}

function sourceKey(source: BackendSource): string {
  return partKey(source.kind, source.url);
}
