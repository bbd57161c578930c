// Typed builders for the JSON shapes the mapping engine reads: Sentry events (REST camelCase and SDK ingest
// snake_case) and OpenTelemetry records (plain attributes or OTLP key/value arrays). Tests state frames only.

export interface BuiltFrame {
  filename?: string;
  absPath?: string;
  lineNo?: number;
  colNo?: number;
  function?: string;
  module?: string;
  inApp?: boolean;
  context?: string;
}

interface BuiltException {
  type: string;
  value: string;
  frames: BuiltFrame[];
}

export class SentryEventBuilder {
  private platform = 'node';
  private readonly exceptions: BuiltException[] = [];

  forPlatform(platform: string): this {
    this.platform = platform;
    return this;
  }

  /** Adds a chained exception; frames oldest call first, as Sentry orders them. */
  exception(type: string, value: string, frames: BuiltFrame[]): this {
    this.exceptions.push({ type, value, frames });
    return this;
  }

  /** The REST API's `events/latest` shape: `entries[type=exception].data.values[]`, camelCase frames. */
  rest(): Record<string, unknown> {
    return {
      eventID: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      platform: this.platform,
      entries: [
        { type: 'breadcrumbs', data: { values: [] } },
        {
          type: 'exception',
          data: {
            values: this.exceptions.map((e) => ({
              type: e.type,
              value: e.value,
              stacktrace: {
                frames: e.frames.map((f) => ({
                  filename: f.filename ?? null,
                  absPath: f.absPath ?? null,
                  lineNo: f.lineNo ?? null,
                  colNo: f.colNo ?? null,
                  function: f.function ?? null,
                  module: f.module ?? null,
                  inApp: f.inApp ?? false,
                  context: f.context !== undefined && f.lineNo !== undefined ? [[f.lineNo - 1, '  // before'], [f.lineNo, f.context], [f.lineNo + 1, '  // after']] : [],
                })),
              },
            })),
          },
        },
      ],
    };
  }

  /** The SDK's ingest payload: `exception.values[]`, snake_case frames. */
  ingest(): Record<string, unknown> {
    return {
      event_id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      platform: this.platform,
      exception: {
        values: this.exceptions.map((e) => ({
          type: e.type,
          value: e.value,
          mechanism: { type: 'generic', handled: false },
          stacktrace: {
            frames: e.frames.map((f) => ({
              ...(f.filename !== undefined ? { filename: f.filename } : {}),
              ...(f.absPath !== undefined ? { abs_path: f.absPath } : {}),
              ...(f.lineNo !== undefined ? { lineno: f.lineNo } : {}),
              ...(f.colNo !== undefined ? { colno: f.colNo } : {}),
              ...(f.function !== undefined ? { function: f.function } : {}),
              ...(f.module !== undefined ? { module: f.module } : {}),
              ...(f.inApp !== undefined ? { in_app: f.inApp } : {}),
              ...(f.context !== undefined ? { context_line: f.context } : {}),
            })),
          },
        })),
      },
    };
  }
}

type AttributeMap = Record<string, string | number>;

export class OtelRecordBuilder {
  private attributes: AttributeMap = {};
  private resource: AttributeMap = {};
  private onEvent = false;

  exception(type: string, message: string, stacktrace?: string): this {
    this.attributes['exception.type'] = type;
    this.attributes['exception.message'] = message;
    if (stacktrace !== undefined) this.attributes['exception.stacktrace'] = stacktrace;
    return this;
  }

  attribute(key: string, value: string | number): this {
    this.attributes[key] = value;
    return this;
  }

  sdkLanguage(language: string): this {
    this.resource['telemetry.sdk.language'] = language;
    return this;
  }

  /** Puts the attributes on a span event named `exception`, as the SDKs' recordException does. */
  asSpanEvent(): this {
    this.onEvent = true;
    return this;
  }

  /** A record with a plain `attributes` object (collector debug exporter, most log pipelines). */
  plain(): Record<string, unknown> {
    const body = { attributes: { ...this.attributes } };
    return this.onEvent
      ? { name: 'POST /orders', resource: { attributes: this.resource }, events: [{ name: 'exception', ...body }] }
      : { severityText: 'ERROR', body: 'request failed', resource: { attributes: this.resource }, ...body };
  }

  /** A full OTLP/JSON export with `[{key, value: {stringValue}}]` attribute arrays. */
  otlp(): Record<string, unknown> {
    const kv = (attrs: AttributeMap) => Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } }));
    const record = this.onEvent
      ? { name: 'POST /orders', kind: 2, events: [{ name: 'exception', timeUnixNano: '1714557600000000000', attributes: kv(this.attributes) }] }
      : { severityText: 'ERROR', body: { stringValue: 'request failed' }, attributes: kv(this.attributes) };
    return this.onEvent
      ? { resourceSpans: [{ resource: { attributes: kv(this.resource) }, scopeSpans: [{ scope: { name: 'app' }, spans: [record] }] }] }
      : { resourceLogs: [{ resource: { attributes: kv(this.resource) }, scopeLogs: [{ scope: { name: 'app' }, logRecords: [record] }] }] };
  }
}
