// Typed builders for Prometheus HTTP API answers, so tests state only what matters to them.
// Values are numbers and are written the way Prometheus writes them ("NaN", "+Inf", "-Inf", strings).

export type Labels = Record<string, string>;

/** Prometheus's text form of a sample value. */
export function promValue(v: number | string): string {
  if (typeof v === 'string') return v;
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

abstract class EnvelopeBuilder<Self> {
  protected warningList: string[] | undefined;

  warning(text: string): Self {
    (this.warningList ??= []).push(text);
    return this as unknown as Self;
  }

  protected envelope(data: unknown): Record<string, unknown> {
    return { status: 'success', data, ...(this.warningList ? { warnings: this.warningList } : {}) };
  }
}

export class PromVectorBuilder extends EnvelopeBuilder<PromVectorBuilder> {
  private time = 1_767_225_600;
  private readonly samples: { metric: Labels; value: [number, string] }[] = [];

  /** Evaluation time, unix seconds, for the samples added after it. */
  at(unixSeconds: number): this {
    this.time = unixSeconds;
    return this;
  }

  sample(metric: Labels, value: number | string): this {
    this.samples.push({ metric, value: [this.time, promValue(value)] });
    return this;
  }

  build(): Record<string, unknown> {
    return this.envelope({ resultType: 'vector', result: this.samples });
  }
}

export class PromMatrixBuilder extends EnvelopeBuilder<PromMatrixBuilder> {
  private readonly seriesList: { metric: Labels; values: [number, string][] }[] = [];

  /** A series of `values` starting at `start` (unix seconds), one every `step` seconds. */
  series(metric: Labels, start: number, step: number, values: readonly (number | string)[]): this {
    this.seriesList.push({ metric, values: values.map((v, i) => [start + i * step, promValue(v)]) });
    return this;
  }

  build(): Record<string, unknown> {
    return this.envelope({ resultType: 'matrix', result: this.seriesList });
  }
}

export class PromErrorBuilder {
  private errorType = 'bad_data';
  private message = 'parse error';

  type(errorType: string): this {
    this.errorType = errorType;
    return this;
  }

  error(message: string): this {
    this.message = message;
    return this;
  }

  build(): Record<string, unknown> {
    return { status: 'error', errorType: this.errorType, error: this.message };
  }
}

export class PromAlertBuilder {
  private readonly alert: { labels: Labels; annotations: Labels; state: string; activeAt: string; value: string } = {
    labels: { alertname: 'HighErrorRate' },
    annotations: {},
    state: 'firing',
    activeAt: '2026-01-01T00:00:00Z',
    value: '1e+00',
  };

  label(name: string, value: string): this {
    this.alert.labels[name] = value;
    return this;
  }

  annotation(name: string, value: string): this {
    this.alert.annotations[name] = value;
    return this;
  }

  state(state: string): this {
    this.alert.state = state;
    return this;
  }

  value(v: number | string): this {
    this.alert.value = promValue(v);
    return this;
  }

  build(): Record<string, unknown> {
    return { ...this.alert };
  }
}

export function promAlerts(...alerts: PromAlertBuilder[]): Record<string, unknown> {
  return { status: 'success', data: { alerts: alerts.map((a) => a.build()) } };
}
