// Runtime service names in YAML: docker compose files (per compose service, tied to its build context) and
// Kubernetes manifests, Kustomize patches and Helm charts (any document; env lists, ConfigMap data and Helm
// values maps alike). Several documents per file are normal; a document that is not valid YAML (a Helm
// template with `{{ if }}` lines) is read line by line instead, so a literal name in it still counts.
import { yamlParser } from './yamlParser';
import { KEYS, deployedFolderOf, folderOf, nameFromEnvironment, unquote, type RuntimeConfigRead, type RuntimeNameHit } from './runtimeNames';
import { isRecord } from '../guards';

type Json = unknown;
const MAX_DEPTH = 40;

function scalar(value: Json): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** Finds the exact source lines that gave a value, for the evidence; each line is claimed once. */
class LineLocator {
  private readonly lines: string[];
  private readonly used = new Set<number>();

  constructor(text: string) {
    this.lines = text.split(/\r?\n/);
  }

  find(key: string, value: string, from = 0): { line?: number; text: string } {
    const firstValueLine = value.split('\n')[0];
    for (let i = from; i < this.lines.length; i++) {
      if (this.used.has(i) || !this.lines[i].includes(key)) continue;
      if (this.lines[i].includes(firstValueLine)) {
        this.used.add(i);
        return { line: i + 1, text: this.lines[i].trim() };
      }
      // `- name: KEY` with its `value:` on a neighbouring line (before or after).
      for (const j of [i + 1, i - 1, i + 2, i - 2]) {
        const other = this.lines[j];
        if (other !== undefined && /^\s*value\s*:/.test(other) && other.includes(firstValueLine)) {
          this.used.add(i);
          const [a, b] = j > i ? [i, j] : [j, i];
          return { line: a + 1, text: `${this.lines[a].trim()} ${this.lines[b].trim()}` };
        }
      }
    }
    return { text: `${key}: ${value}` };
  }
}

interface Scope {
  file: string;
  locator: LineLocator;
  read: RuntimeConfigRead;
  lineOffset: number;
}

function emit(scope: Scope, vars: Map<string, string>, folder: string | undefined, kind: RuntimeNameHit['kind'], context: string[]): void {
  if (vars.size === 0) return;
  const chosen = nameFromEnvironment(vars);
  const where = context.length ? ` in ${context.join(', ')}` : '';
  if (!chosen) {
    const key = vars.has('OTEL_SERVICE_NAME') ? 'OTEL_SERVICE_NAME' : 'OTEL_RESOURCE_ATTRIBUTES';
    scope.read.skipped.push(`${key}${where} is not a literal name: ${(vars.get(key) ?? '').slice(0, 80)}`);
    return;
  }
  const at = scope.locator.find(chosen.key, vars.get(chosen.key) ?? chosen.name, scope.lineOffset);
  const detail = `${at.text} (${[at.line ? `line ${at.line}` : undefined, ...context].filter(Boolean).join(', ')})`;
  scope.read.hits.push({ name: chosen.name, key: chosen.key, kind, folder, evidence: { source: scope.file, detail } });
}

/** Compose `environment`: a map (`KEY: value`) or a list (`- KEY=value`); a bare `KEY` passes the shell's value, unknown here. */
function composeEnvironment(environment: Json): Map<string, string> {
  const vars = new Map<string, string>();
  if (Array.isArray(environment)) {
    for (const item of environment) {
      const text = scalar(item);
      const eq = text?.indexOf('=') ?? -1;
      if (text && eq > 0 && KEYS.includes(text.slice(0, eq).trim())) vars.set(text.slice(0, eq).trim(), unquote(text.slice(eq + 1)));
    }
  } else if (isRecord(environment)) {
    for (const key of KEYS) {
      const value = scalar(environment[key]);
      if (value !== undefined) vars.set(key, value);
    }
  }
  return vars;
}

/** The workspace folder a compose service is built from, or undefined (image only, remote or outside the workspace). */
export function composeBuildFolder(composeFolder: string, build: Json): string | undefined {
  if (build === undefined || build === null) return undefined;
  const context = typeof build === 'string' ? build : isRecord(build) ? (build.context === undefined ? '.' : scalar(build.context)) : undefined;
  if (context === undefined || /^[a-z][a-z0-9+.-]*:\/\/|^git@|\$/i.test(context) || context.startsWith('/')) return undefined;
  const segments = composeFolder ? composeFolder.split('/') : [];
  for (const part of context.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
    } else {
      segments.push(part);
    }
  }
  return segments.join('/');
}

function readCompose(doc: Json, scope: Scope): void {
  const services = isRecord(doc) ? doc.services : undefined;
  if (!isRecord(services)) return;
  const composeFolder = folderOf(scope.file);
  for (const [name, service] of Object.entries(services)) {
    if (!isRecord(service)) continue;
    const vars = composeEnvironment(service.environment);
    const folder = composeBuildFolder(composeFolder, service.build);
    const build = typeof service.build === 'string' ? service.build : isRecord(service.build) ? scalar(service.build.context) ?? '.' : undefined;
    emit(scope, vars, folder, 'compose', [`compose service "${name}"`, folder !== undefined ? `build ${build}` : 'no build context in the workspace']);
  }
}

/** Any Kubernetes-shaped document: env lists (`- name: KEY, value: v`), `KEY: value` maps, `KEY=value` list items. */
function readKubernetes(doc: Json, scope: Scope): void {
  const folder = deployedFolderOf(scope.file);
  const kind = isRecord(doc) && typeof doc.kind === 'string' ? doc.kind : undefined;
  const meta = isRecord(doc) && isRecord(doc.metadata) && typeof doc.metadata.name === 'string' ? doc.metadata.name : undefined;
  const owner = kind ? `${kind}${meta ? ` "${meta}"` : ''}` : undefined;
  const context = (container: string | undefined) => [owner, container ? `container "${container}"` : undefined].filter((c): c is string => c !== undefined);
  const walk = (node: Json, container: string | undefined, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(node)) {
      const vars = new Map<string, string>();
      for (const item of node) {
        if (isRecord(item) && typeof item.name === 'string' && KEYS.includes(item.name)) {
          const value = scalar(item.value);
          if (value !== undefined) vars.set(item.name, value);
        }
      }
      for (const [key, value] of composeEnvironment(node)) if (!vars.has(key)) vars.set(key, value);
      emit(scope, vars, folder, 'kubernetes', context(container));
      for (const item of node) walk(item, container, depth + 1);
    } else if (isRecord(node)) {
      const here = typeof node.name === 'string' && (typeof node.image === 'string' || Array.isArray(node.env)) ? node.name : container;
      emit(scope, composeEnvironment(node), folder, 'kubernetes', context(here));
      for (const [key, value] of Object.entries(node)) if (!KEYS.includes(key)) walk(value, here, depth + 1);
    }
  };
  walk(doc, undefined, 0);
}

/** A document that is not valid YAML, line by line: `KEY: value`, `- KEY=value`, and `- name: KEY` + `value: v`. */
function readLines(text: string, scope: Scope, kind: RuntimeNameHit['kind']): void {
  const lines = text.split(/\r?\n/);
  const folder = kind === 'kubernetes' ? deployedFolderOf(scope.file) : undefined;
  const keyPattern = KEYS.join('|');
  // Built once per file, not per line. Linear on any line: `(?:-\s*)?` not `-?\s*` after `\s*` (two adjacent
  // \s* split a run of spaces every way), `(\S(?:.*\S)?)\s*$` not `(.+?)\s*$` (which retries `\s*$` at every space).
  const inlinePattern = new RegExp(`^\\s*(?:-\\s*)?["']?(${keyPattern})["']?\\s*[:=]\\s*(\\S(?:.*\\S)?)\\s*$`);
  const namedPattern = new RegExp(`^\\s*(?:-\\s*)?name\\s*:\\s*["']?(${keyPattern})["']?\\s*$`);
  lines.forEach((line, i) => {
    const inline = inlinePattern.exec(line);
    const named = namedPattern.exec(line);
    let key: string | undefined;
    let value: string | undefined;
    if (inline) {
      key = inline[1];
      value = unquote(inline[2].replace(/(?<!\s)\s+#.*$/, ''));
    } else if (named) {
      const next = lines.slice(i + 1, i + 3).map((l) => /^\s*value\s*:\s*(\S(?:.*\S)?)\s*$/.exec(l)).find((m) => m);
      key = named[1];
      value = next ? unquote(next[1].replace(/(?<!\s)\s+#.*$/, '')) : undefined;
    }
    if (key && value !== undefined) emit(scope, new Map([[key, value]]), folder, kind, ['not valid YAML, read line by line']);
  });
}

export function readYamlRuntimeNames(path: string, text: string, kind: 'compose' | 'kubernetes'): RuntimeConfigRead {
  const read: RuntimeConfigRead = { hits: [], skipped: [] };
  const scope: Scope = { file: path, locator: new LineLocator(text), read, lineOffset: 0 };
  const docs = yamlParser().parseAllDocuments(text, { logLevel: 'silent', merge: true, uniqueKeys: false, prettyErrors: false });
  if (!Array.isArray(docs)) return read;
  docs.forEach((doc, i) => {
    const [start, , end] = doc.range ?? [0, text.length, text.length];
    scope.lineOffset = text.slice(0, start).split('\n').length - 1;
    const label = docs.length > 1 ? `document ${i + 1}` : 'the file';
    if (doc.errors.length > 0) {
      read.skipped.push(`${label} is not valid YAML (${doc.errors[0].message.split('\n')[0]}): read line by line`);
      // Helm templates and compose files with a stray tab: the literal lines still say what production uses.
      // Only a compose file's folder is unknown line by line (no build context), so its hits are not placed.
      readLines(text.slice(start, end), scope, kind);
      return;
    }
    let value: Json;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      read.skipped.push(`${label} could not be read (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    if (kind === 'compose') readCompose(value, scope);
    else readKubernetes(value, scope);
  });
  return read;
}
