// Typed builder for Alertmanager API v2 alerts (`GET /api/v2/alerts` items).
import type { Labels } from './prometheus';

let nextFingerprint = 1;

export class AmAlertBuilder {
  private readonly alert: {
    fingerprint: string;
    labels: Labels;
    annotations: Labels;
    startsAt: string;
    endsAt: string;
    updatedAt: string;
    generatorURL?: string;
    receivers: { name: string }[];
    status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
  };

  constructor(alertname = 'HighErrorRate') {
    this.alert = {
      fingerprint: (nextFingerprint++).toString(16).padStart(16, '0'),
      labels: { alertname },
      annotations: {},
      startsAt: '2026-01-01T10:00:00.000Z',
      endsAt: '2026-01-01T11:00:00.000Z',
      updatedAt: '2026-01-01T10:00:05.000Z',
      receivers: [{ name: 'default' }],
      status: { state: 'active', silencedBy: [], inhibitedBy: [] },
    };
  }

  label(name: string, value: string): this {
    this.alert.labels[name] = value;
    return this;
  }

  annotation(name: string, value: string): this {
    this.alert.annotations[name] = value;
    return this;
  }

  startsAt(iso: string): this {
    this.alert.startsAt = iso;
    return this;
  }

  generatorURL(url: string): this {
    this.alert.generatorURL = url;
    return this;
  }

  silencedBy(id: string): this {
    this.alert.status = { ...this.alert.status, state: 'suppressed', silencedBy: [...this.alert.status.silencedBy, id] };
    return this;
  }

  state(state: string): this {
    this.alert.status.state = state;
    return this;
  }

  fingerprint(fp: string): this {
    this.alert.fingerprint = fp;
    return this;
  }

  build(): Record<string, unknown> {
    return structuredClone(this.alert);
  }
}

export function amAlerts(...alerts: AmAlertBuilder[]): Record<string, unknown>[] {
  return alerts.map((a) => a.build());
}
