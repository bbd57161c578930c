// A backend as the refresh service sees it: something that, for one service and window, returns its part
// of the snapshot. Adapters stay unaware of snapshots; sources translate.
import type { DetectedService } from '../../core/detect/services';
import type { BackendKind, Deploy, ErrorGroup, Incident, MetricConvention, VersionEvidence } from '../../core/model';
import type { TimeWindow } from '../../core/timeWindow';
import type { ServiceMetrics } from '../../backends/prometheus/serviceMetrics';

export interface SourceContext {
  service: DetectedService;
  window: TimeWindow;
  environment: string;
  /** Unix ms. */
  now: number;
  signal: AbortSignal;
  /**
   * Unix ms by which this backend's part of the refresh must be done (one deadline per backend per refresh).
   * A source that pages stops asking at the deadline and returns what it has, with `partial` set; the
   * refresh service aborts `signal` at the deadline too, for sources that cannot stop early.
   */
  deadline: number;
}

export interface SourceResult {
  metrics?: ServiceMetrics;
  incidents?: Incident[];
  errors?: ErrorGroup[];
  deploys?: Deploy[];
  /** Facts worth telling the user although nothing failed, e.g. "no request metrics for job=x". */
  notes?: string[];
  /** Set when the answer is incomplete (deadline, cap): one sentence saying what is missing. */
  partial?: string;
  /** Prometheus: the metric convention the figures came from. */
  convention?: MetricConvention;
  /** Prometheus: the versions the service's build-info series report. */
  buildInfo?: VersionEvidence[];
}

export interface BackendSource {
  readonly kind: BackendKind;
  readonly url: string;
  fetch(ctx: SourceContext): Promise<SourceResult>;
  /**
   * One cheap authenticated request that resolves when the backend answers again, for a backend that seemed
   * down: while it backs off, each ordinary refresh probes instead of fetching, and fetches at once when the
   * probe succeeds. Sources without a request cheaper than their fetch leave it out (plain backoff).
   */
  probe?(signal: AbortSignal): Promise<void>;
}
