// Alertmanager API v2 shapes (checked against 0.25), parsed strictly before they reach the domain model.

export type AmLabels = Record<string, string>;

/** A label matcher, in the same shape the silences API takes. */
export interface AmMatcher {
  name: string;
  value: string;
  /** Default false. */
  isRegex?: boolean;
  /** Default true; false negates (`!=`, `!~`). */
  isEqual?: boolean;
}

export type AmAlertState = 'active' | 'suppressed' | 'unprocessed';

export interface AmAlert {
  fingerprint: string;
  labels: AmLabels;
  annotations: AmLabels;
  /** ISO 8601. */
  startsAt: string;
  endsAt?: string;
  updatedAt?: string;
  generatorURL?: string;
  receivers: string[];
  status: {
    state: AmAlertState;
    silencedBy: string[];
    inhibitedBy: string[];
  };
}

export interface AmAlertsQuery {
  /** ANDed, sent as repeated `filter=` parameters. */
  matchers?: readonly AmMatcher[];
  /** Each defaults to the server's default (true) when omitted. */
  active?: boolean;
  silenced?: boolean;
  inhibited?: boolean;
  unprocessed?: boolean;
}

export interface AmSilenceRequest {
  matchers: readonly AmMatcher[];
  durationMs: number;
  createdBy: string;
  comment: string;
}

/** Where an alert says its code is, from OpenTelemetry code attributes copied into labels or annotations. */
export interface CodeLocationHint {
  /** As the producer wrote it (deployed path); mapping to the workspace happens later. */
  path: string;
  line?: number;
  function?: string;
}
