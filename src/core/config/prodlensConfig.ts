// `.prodlens.json`: the mapping config checked into the repository (JSON with comments).
// Parsing never throws: every problem becomes a ConfigProblem with a JSON path and a sentence the user can act on.
import { createScanner, parse, printParseErrorCode, SyntaxKind, type ParseError } from 'jsonc-parser';
import { ConfigLocator, LineIndex } from './configLocation';
import { isRecord } from '../guards';
import { oneLine } from '../text';
import { COMMIT_RULE, isSafeRefName, type VersionRefRule } from '../versions/deployedVersionRefs';

export const CONFIG_FILE_NAME = '.prodlens.json';

export interface PathMapping {
  /** Deployed prefix, e.g. `/app/` or `webpack:///./`. */
  from: string;
  /** Workspace-relative prefix, e.g. `services/api/`. */
  to: string;
}

/** Names the service's request metrics when they follow none of the conventions ProdLens recognises. */
export interface PrometheusMetricsConfig {
  /** Counter (or histogram `_count`) whose rate is requests per second. */
  requests: string;
  /** Histogram base name, without `_bucket`. */
  histogram?: string;
  statusLabel?: string;
  /** PromQL matcher for a failed request, default `<statusLabel>=~"5.."`. */
  errorMatcher?: string;
  routeLabel?: string;
  methodLabel?: string;
  latencyUnit?: 'seconds' | 'milliseconds';
}

/** Keys of `queries`: full PromQL replacing one of the three queries of a refresh. */
export const PROMETHEUS_QUERY_KEYS = ['rates', 'latency', 'range'] as const;

/** TLS settings of one backend: a private CA, or (explicitly, and warned about) no verification at all. */
export interface TlsConfig {
  /** PEM file with extra trusted CA certificates; absolute, or relative to the workspace folder. */
  caFile?: string;
  /** Turns certificate verification off for this backend only. Logged as a warning on every start. */
  insecureSkipVerify?: boolean;
}

export interface PrometheusConfig {
  url: string;
  tls?: TlsConfig;
  /** Label matchers that select the service's series, e.g. `{ "job": "checkout-api" }`. */
  selector?: Record<string, string>;
  headers?: Record<string, string>;
  metrics?: PrometheusMetricsConfig;
  /** Full overrides of `rates`, `latency` or `range`, with `$selector`, `$window` and `$step` placeholders. */
  queries?: Record<string, string>;
}

export interface AlertmanagerConfig {
  url: string;
  tls?: TlsConfig;
  matchers?: Record<string, string>;
}

export interface SentryConfig {
  url: string;
  tls?: TlsConfig;
  organization: string;
  project: string;
}

export interface PagerDutyConfig {
  url: string;
  tls?: TlsConfig;
  serviceIds: string[];
}

export interface BackendsConfig {
  prometheus?: PrometheusConfig;
  alertmanager?: AlertmanagerConfig;
  sentry?: SentryConfig;
  pagerduty?: PagerDutyConfig;
}

export interface ServiceConfig {
  name: string;
  folders: string[];
  environments: string[];
  pathMappings: PathMapping[];
  backends: BackendsConfig;
  /** How the versions production reports become git refs (issue 14). */
  version?: VersionRefRule;
}

export interface ProdlensConfig {
  services: ServiceConfig[];
}

export interface ConfigProblem {
  /** JSON path such as `services[0].backends.sentry.token`, `(syntax)` or `(root)`. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
  /** 1-based line of the field (or of the object a missing field belongs in). */
  line: number;
  /** 1-based column. */
  column: number;
}

/** `services/.prodlens.json:4:9: services[0].backends.sentry.token: "token" looks like a secret…` */
export function formatConfigProblem(file: string, problem: ConfigProblem): string {
  const where = problem.path.startsWith('(') ? '' : `${problem.path}: `;
  return `${file}:${problem.line}:${problem.column}: ${where}${problem.message}`;
}

/** A file with any error is refused as a whole: a half-understood config must not choose what is queried. */
export function isRefused(problems: readonly ConfigProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

export interface ConfigParseResult {
  config: ProdlensConfig;
  problems: ConfigProblem[];
}

/** Keys that hold credentials. They must live in SecretStorage / environment variables, never in a checked-in file. */
const SECRET_KEY = /(token|secret|password|passwd|api[-_]?key|apikey|authorization|credential|private[-_]?key)/i;

type Json = unknown;

const MAX_PROBLEMS = 100;

/** A problem before its place in the text is known; `at` is set when the parser already gave it. */
type PendingProblem = Omit<ConfigProblem, 'line' | 'column'> & { at?: { line: number; column: number } };

class Validator {
  readonly problems: PendingProblem[] = [];

  error(path: string, message: string): void {
    this.problems.push({ path, message, severity: 'error' });
  }

  warn(path: string, message: string): void {
    this.problems.push({ path, message, severity: 'warning' });
  }

  /** The problems with their line and column; the tree is parsed only when there is something to place. */
  located(text: string): ConfigProblem[] {
    let locator: ConfigLocator | undefined;
    // Beyond a hundred nobody reads them, and finding each in a huge object would cost more than the parse.
    const shown = this.problems.slice(0, MAX_PROBLEMS);
    if (this.problems.length > MAX_PROBLEMS) {
      const errors = this.problems.slice(MAX_PROBLEMS).filter((p) => p.severity === 'error').length;
      shown.push({ path: '(root)', severity: errors ? 'error' : 'warning', message: `${this.problems.length - MAX_PROBLEMS} more problem(s) not listed; fix the ones above first.`, at: { line: 1, column: 1 } });
    }
    return shown.map(({ at, ...p }) => ({ ...p, ...(at ?? (locator ??= new ConfigLocator(text)).positionOf(p.path)) }));
  }

  /** Refuses secret-looking keys anywhere in the document, at any depth. */
  rejectSecrets(value: Json, path: string): void {
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.rejectSecrets(item, `${path}[${i}]`));
    } else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        if (SECRET_KEY.test(key) && key !== 'queries') {
          this.error(childPath, `"${key}" looks like a secret. Secrets never go in .prodlens.json (it is checked into the repository): remove it and run "ProdLens: Set Backend Token", or set the environment variable for the CLI.`);
        } else {
          this.rejectSecrets(child, childPath);
        }
      }
    }
  }

  /**
   * Refuses fields the section does not have: a misspelt field ("selecter", "pathMapping") would otherwise be
   * silently ignored, and a half-understood config must not choose what is queried. Secret-looking keys are
   * already refused by rejectSecrets.
   */
  knownFields(obj: Record<string, Json>, known: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key) && !SECRET_KEY.test(key)) this.error(`${path}.${key}`, `Unknown field "${key}" (expected ${known.map((k) => `"${k}"`).join(', ')}).`);
    }
  }

  string(obj: Record<string, Json>, key: string, path: string, required: boolean): string | undefined {
    const value = obj[key];
    if (value === undefined) {
      if (required) this.error(`${path}.${key}`, `"${key}" is required.`);
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.error(`${path}.${key}`, `"${key}" must be a non-empty string.`);
      return undefined;
    }
    return value.trim();
  }

  url(obj: Record<string, Json>, key: string, path: string): string | undefined {
    const value = this.string(obj, key, path, true);
    if (value === undefined) return undefined;
    // The schema's pattern refuses them too; URL() would quietly strip or encode them.
    if (/\s/.test(obj[key] as string)) {
      this.error(`${path}.${key}`, `"${value}" must not contain spaces.`);
      return undefined;
    }
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.error(`${path}.${key}`, `"${value}" is not a valid URL.`);
      return undefined;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      this.error(`${path}.${key}`, `Only http and https URLs are supported, not ${parsed.protocol}`);
      return undefined;
    }
    if (parsed.username || parsed.password) {
      this.error(`${path}.${key}`, 'Credentials inside the URL are not allowed: store them with "ProdLens: Set Backend Token".');
      return undefined;
    }
    return trimTrailingSlashes(value);
  }

  stringArray(obj: Record<string, Json>, key: string, path: string): string[] {
    const value = obj[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      this.error(`${path}.${key}`, `"${key}" must be an array of strings.`);
      return [];
    }
    return value as string[];
  }

  stringMap(obj: Record<string, Json>, key: string, path: string): Record<string, string> | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (!isRecord(value) || Object.values(value).some((v) => typeof v !== 'string')) {
      this.error(`${path}.${key}`, `"${key}" must be an object of string values.`);
      return undefined;
    }
    return value as Record<string, string>;
  }
}

/** `a//` → `a` in linear time: `/\/+$/` backtracks quadratically over a long run of slashes that is not at the end. */
function trimTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 47) end--;
  return text.slice(0, end);
}

function normaliseFolder(folder: string): string {
  return trimTrailingSlashes(folder.replace(/\\/g, '/').replace(/^\.\/?/, ''));
}

function parseTls(v: Validator, raw: Json, path: string): TlsConfig | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    v.error(path, '"tls" must be an object such as { "caFile": "certs/internal-ca.pem" }.');
    return undefined;
  }
  v.knownFields(raw, ['caFile', 'insecureSkipVerify'], path);
  const caFile = v.string(raw, 'caFile', path, false);
  const insecure = raw.insecureSkipVerify;
  if (insecure !== undefined && typeof insecure !== 'boolean') v.error(`${path}.insecureSkipVerify`, '"insecureSkipVerify" must be true or false.');
  if (insecure === true) v.warn(`${path}.insecureSkipVerify`, 'Certificate verification is off for this backend: anyone on the network path can read its token and answers. Prefer "caFile".');
  return { caFile, insecureSkipVerify: insecure === true ? true : undefined };
}

const PROM_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const PROM_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** As the schema says and PagerDuty's ids look: `PABC123`. */
const PAGERDUTY_ID = /^P[A-Z0-9]+$/;

function parseMetrics(v: Validator, raw: Json, path: string): PrometheusMetricsConfig | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    v.error(path, '"metrics" must be an object such as { "requests": "myapp_requests_total", "routeLabel": "handler" }.');
    return undefined;
  }
  v.knownFields(raw, ['requests', 'histogram', 'statusLabel', 'errorMatcher', 'routeLabel', 'methodLabel', 'latencyUnit'], path);
  // Names are checked as written, spaces included: the schema (which cannot trim) refuses " name" too.
  const name = (key: string, pattern: RegExp, what: string) => {
    const value = v.string(raw, key, path, false);
    if (value !== undefined && !pattern.test(raw[key] as string)) {
      v.error(`${path}.${key}`, `"${value}" is not a valid Prometheus ${what}.`);
      return undefined;
    }
    return value;
  };
  // Every field is checked before giving up, so the user sees all problems at once.
  const requests = v.string(raw, 'requests', path, true);
  const validRequests = requests !== undefined && PROM_NAME.test(raw.requests as string);
  if (requests !== undefined && !validRequests) v.error(`${path}.requests`, `"${requests}" is not a valid Prometheus metric name.`);
  const unit = raw.latencyUnit;
  if (unit !== undefined && unit !== 'seconds' && unit !== 'milliseconds') v.error(`${path}.latencyUnit`, '"latencyUnit" must be "seconds" or "milliseconds".');
  const fields = {
    histogram: name('histogram', PROM_NAME, 'metric name'),
    statusLabel: name('statusLabel', PROM_LABEL, 'label name'),
    errorMatcher: v.string(raw, 'errorMatcher', path, false),
    routeLabel: name('routeLabel', PROM_LABEL, 'label name'),
    methodLabel: name('methodLabel', PROM_LABEL, 'label name'),
  };
  if (!validRequests) return undefined;
  return {
    requests,
    ...fields,
    latencyUnit: unit === 'milliseconds' ? 'milliseconds' : unit === 'seconds' ? 'seconds' : undefined,
  };
}

function parseBackends(v: Validator, raw: Json, path: string): BackendsConfig {
  const backends: BackendsConfig = {};
  if (raw === undefined) return backends;
  if (!isRecord(raw)) {
    v.error(path, '"backends" must be an object.');
    return backends;
  }
  for (const key of Object.keys(raw)) {
    if (!['prometheus', 'alertmanager', 'sentry', 'pagerduty'].includes(key) && !SECRET_KEY.test(key)) {
      v.warn(`${path}.${key}`, `Unknown backend "${key}" is ignored (supported: prometheus, alertmanager, sentry, pagerduty).`);
    }
  }
  const section = (key: string) => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (!isRecord(value)) {
      v.error(`${path}.${key}`, `"${key}" must be an object.`);
      return undefined;
    }
    return value;
  };
  const prom = section('prometheus');
  if (prom) {
    v.knownFields(prom, ['url', 'selector', 'headers', 'queries', 'metrics', 'tls'], `${path}.prometheus`);
    const url = v.url(prom, 'url', `${path}.prometheus`);
    if (url) {
      const queries = v.stringMap(prom, 'queries', `${path}.prometheus`);
      for (const key of Object.keys(queries ?? {})) {
        if (!(PROMETHEUS_QUERY_KEYS as readonly string[]).includes(key)) v.error(`${path}.prometheus.queries.${key}`, `Unknown query "${key}" (supported: ${PROMETHEUS_QUERY_KEYS.join(', ')}).`);
      }
      backends.prometheus = {
        url,
        selector: v.stringMap(prom, 'selector', `${path}.prometheus`),
        headers: v.stringMap(prom, 'headers', `${path}.prometheus`),
        metrics: parseMetrics(v, prom.metrics, `${path}.prometheus.metrics`),
        tls: parseTls(v, prom.tls, `${path}.prometheus.tls`),
        queries,
      };
    }
  }
  const am = section('alertmanager');
  if (am) {
    v.knownFields(am, ['url', 'matchers', 'tls'], `${path}.alertmanager`);
    const url = v.url(am, 'url', `${path}.alertmanager`);
    if (url) backends.alertmanager = { url, matchers: v.stringMap(am, 'matchers', `${path}.alertmanager`), tls: parseTls(v, am.tls, `${path}.alertmanager.tls`) };
  }
  const sentry = section('sentry');
  if (sentry) {
    v.knownFields(sentry, ['url', 'organization', 'project', 'tls'], `${path}.sentry`);
    const url = sentry.url === undefined ? 'https://sentry.io' : v.url(sentry, 'url', `${path}.sentry`);
    const organization = v.string(sentry, 'organization', `${path}.sentry`, true);
    const project = v.string(sentry, 'project', `${path}.sentry`, true);
    if (url && organization && project) backends.sentry = { url, organization, project, tls: parseTls(v, sentry.tls, `${path}.sentry.tls`) };
  }
  const pd = section('pagerduty');
  if (pd) {
    v.knownFields(pd, ['url', 'serviceIds', 'tls'], `${path}.pagerduty`);
    const url = pd.url === undefined ? 'https://api.pagerduty.com' : v.url(pd, 'url', `${path}.pagerduty`);
    const serviceIds = v.stringArray(pd, 'serviceIds', `${path}.pagerduty`);
    const badId = serviceIds.find((id) => !PAGERDUTY_ID.test(id));
    if (serviceIds.length === 0) v.error(`${path}.pagerduty.serviceIds`, '"serviceIds" must list at least one PagerDuty service id (e.g. "PXXXXXX").');
    else if (badId !== undefined) v.error(`${path}.pagerduty.serviceIds`, `"${badId}" is not a PagerDuty service id (capital letters and digits starting with P, e.g. "PABC123").`);
    else if (url) backends.pagerduty = { url, serviceIds, tls: parseTls(v, pd.tls, `${path}.pagerduty.tls`) };
  }
  return backends;
}

function parseService(v: Validator, raw: Json, path: string): ServiceConfig | undefined {
  if (!isRecord(raw)) {
    v.error(path, 'Each service must be an object with at least a "name".');
    return undefined;
  }
  v.knownFields(raw, ['name', 'folders', 'environments', 'pathMappings', 'backends', 'version'], path);
  const name = v.string(raw, 'name', path, true);
  if (!name) return undefined;
  const folders = v.stringArray(raw, 'folders', path).map(normaliseFolder);
  const environments = v.stringArray(raw, 'environments', path);
  const pathMappings: PathMapping[] = [];
  const mappings = raw.pathMappings;
  if (mappings !== undefined) {
    if (!Array.isArray(mappings)) {
      v.error(`${path}.pathMappings`, '"pathMappings" must be an array of { "from": "/app/", "to": "services/api/" }.');
    } else {
      mappings.forEach((m, i) => {
        const mPath = `${path}.pathMappings[${i}]`;
        if (!isRecord(m)) return v.error(mPath, 'A path mapping must be an object { "from", "to" }.');
        v.knownFields(m, ['from', 'to'], mPath);
        const from = v.string(m, 'from', mPath, true);
        const to = typeof m.to === 'string' ? normaliseFolder(m.to) : undefined;
        if (to === undefined) v.error(`${mPath}.to`, '"to" is required (a workspace-relative folder; "" for the root).');
        if (from !== undefined && to !== undefined) pathMappings.push({ from, to: to === '' ? '' : `${to}/` });
      });
    }
  }
  const service: ServiceConfig = {
    name,
    folders: folders.length > 0 ? folders : [''],
    environments,
    pathMappings,
    backends: parseBackends(v, raw.backends, `${path}.backends`),
  };
  const version = parseVersionRule(v, raw.version, `${path}.version`);
  if (version) service.version = version;
  return service;
}

/** `"version": { "ref": "v{version}" }`, a list of such patterns, or `"commit"` (the version is the commit id). */
function parseVersionRule(v: Validator, raw: Json, path: string): VersionRefRule | undefined {
  if (raw === undefined) return undefined;
  const usage = 'must be an object { "ref": "v{version}" }: a tag pattern with {version}, a list of them, or "commit" when the version is the commit id.';
  if (!isRecord(raw)) {
    v.error(path, `"version" ${usage}`);
    return undefined;
  }
  v.knownFields(raw, ['ref'], path);
  const refs = typeof raw.ref === 'string' ? [raw.ref] : Array.isArray(raw.ref) && raw.ref.length > 0 && raw.ref.every((r) => typeof r === 'string') ? (raw.ref) : undefined;
  if (!refs) {
    v.error(`${path}.ref`, `"ref" ${usage}`);
    return undefined;
  }
  const kept: string[] = [];
  refs.forEach((ref, i) => {
    const at = Array.isArray(raw.ref) ? `${path}.ref[${i}]` : `${path}.ref`;
    // Checked as written, like every other name in the file: a padded pattern is refused, not quietly trimmed.
    const trimmed = ref;
    if (trimmed === COMMIT_RULE) kept.push(trimmed);
    // Without {version} every version would name the same ref: surely a mistake.
    else if (!trimmed.includes('{version}')) v.error(at, `"${oneLine(trimmed, 60)}" has no {version}: write e.g. "v{version}" or "checkout-api@{version}", or "commit" when the version is the commit id.`);
    else if (!isSafeRefName(trimmed.replaceAll('{version}', '1.0.0').replaceAll('{service}', 'service'))) v.error(at, `"${oneLine(trimmed, 60)}" cannot be a git ref name (no spaces, "..", "~^:?*[\\", nor a leading "-").`);
    else kept.push(trimmed);
  });
  return kept.length > 0 ? { ref: kept } : undefined;
}

const MAX_SYNTAX_ERRORS = 10;

/** Far deeper than any real config. The parser and the validator recurse, so a deeper file never reaches them. */
const MAX_NESTING = 64;

/** True when objects and arrays nest deeper than MAX_NESTING; an iterative scan, safe on any text. */
function nestsTooDeep(text: string): boolean {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > MAX_NESTING) return true;
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth--;
    }
  }
  return false;
}

/** Parses the text of a `.prodlens.json`. `folderPrefix` makes its folders workspace-relative when the file is not at the root. */
export function parseProdlensConfig(text: string, folderPrefix = ''): ConfigParseResult {
  const v = new Validator();
  const config: ProdlensConfig = { services: [] };
  if (nestsTooDeep(text)) {
    // Placed at the start without parsing the tree: the tree is what must not be built from such a file.
    v.problems.push({ path: '(root)', severity: 'error', message: `The file nests objects or arrays more than ${MAX_NESTING} levels deep; a .prodlens.json never needs that.`, at: { line: 1, column: 1 } });
    return { config, problems: v.located(text) };
  }
  const syntaxErrors: ParseError[] = [];
  const raw: Json = parse(text, syntaxErrors, { allowTrailingComma: true, disallowComments: false });
  // The first errors locate the mistake; the parser recovering through the rest of a broken file only adds noise.
  const lines = syntaxErrors.length ? new LineIndex(text) : undefined;
  for (const e of syntaxErrors.slice(0, MAX_SYNTAX_ERRORS)) {
    v.problems.push({ path: '(syntax)', severity: 'error', message: `JSON syntax error: ${syntaxMessage(printParseErrorCode(e.error))}.`, at: lines?.positionAt(e.offset) });
  }
  if (syntaxErrors.length > MAX_SYNTAX_ERRORS) {
    const next = syntaxErrors[MAX_SYNTAX_ERRORS];
    v.problems.push({ path: '(syntax)', severity: 'error', message: `${syntaxErrors.length - MAX_SYNTAX_ERRORS} more JSON syntax error(s) from here on; fix the ones above first.`, at: lines?.positionAt(next.offset) });
  }
  if (!isRecord(raw)) {
    if (syntaxErrors.length === 0) v.error('(root)', 'The file must contain an object with a "services" array.');
    return { config, problems: v.located(text) };
  }
  v.rejectSecrets(raw, '');
  if (raw.$schema !== undefined && typeof raw.$schema !== 'string') v.error('$schema', '"$schema" must be a string (the schema\'s URL).');
  if (!Array.isArray(raw.services)) {
    v.error('services', '"services" must be an array; each entry names a service and its backends.');
    return { config, problems: v.located(text) };
  }
  const prefix = normaliseFolder(folderPrefix);
  raw.services.forEach((s, i) => {
    const service = parseService(v, s, `services[${i}]`);
    if (!service) return;
    if (prefix) {
      service.folders = service.folders.map((f) => (f ? `${prefix}/${f}` : prefix));
      service.pathMappings = service.pathMappings.map((m) => ({ from: m.from, to: `${prefix}/${m.to}` }));
    }
    if (config.services.some((other) => other.name === service.name)) {
      v.error(`services[${i}].name`, `Service "${service.name}" is defined twice.`);
      return;
    }
    config.services.push(service);
  });
  return { config, problems: v.located(text) };
}

const SYNTAX_MESSAGES: Record<string, string> = {
  ValueExpected: 'a value is expected here',
  CommaExpected: 'a comma is expected here',
  ColonExpected: 'a colon is expected here',
  PropertyNameExpected: 'a property name in double quotes is expected here',
  CloseBraceExpected: 'a closing } is expected here',
  CloseBracketExpected: 'a closing ] is expected here',
  EndOfFileExpected: 'nothing may follow the top-level object',
  UnexpectedEndOfString: 'a string is not closed',
  InvalidSymbol: 'this is not JSON (a quote missing?)',
};

function syntaxMessage(code: string): string {
  return SYNTAX_MESSAGES[code] ?? code;
}
