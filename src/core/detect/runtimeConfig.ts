// The name production knows a service by, read from the runtime configuration checked into the repository:
// `OTEL_SERVICE_NAME` (or `service.name` inside `OTEL_RESOURCE_ATTRIBUTES`) in `.env` files, docker compose
// files, Kubernetes manifests and Helm charts, and Dockerfiles. Pure and total: a file that cannot be read
// (a Helm template is rarely valid YAML) yields fewer hits and a reason, never an exception.
import { KEYS, folderOf, nameFromEnvironment, runtimeConfigKind, unquote, type RuntimeConfigRead, type RuntimeSourceKind } from './runtimeNames';
import { readYamlRuntimeNames } from './runtimeYaml';

export { DEPLOY_FOLDERS, RUNTIME_CONFIG_GLOBS, runtimeConfigKind, deployedFolderOf, literalName, nameFromEnvironment, serviceNameFromAttributes, type RuntimeConfigRead, type RuntimeKey, type RuntimeNameHit, type RuntimeSourceKind } from './runtimeNames';

/** `.env` / `.env.production`: `[export ]KEY=value`, quoted or not, `#` comments. */
function readEnvFile(path: string, text: string): RuntimeConfigRead {
  const vars = new Map<string, string>();
  const lines = new Map<string, { line: number; text: string }>();
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!m || !KEYS.includes(m[1])) return;
    let value = m[2];
    // `(?<!\s)`: a bare `\s+#` is retried from every space of a long run (quadratic).
    if (!/^["']/.test(value)) value = value.replace(/(?<!\s)\s+#.*$/, '');
    vars.set(m[1], unquote(value));
    lines.set(m[1], { line: i + 1, text: line.trim() });
  });
  return fromOneEnvironment(vars, lines, 'env', folderOf(path), path);
}

/** Splits an `ENV` argument list into words, honouring quotes and backslash escapes. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) words.push(current);
  return words;
}

/** `ENV OTEL_SERVICE_NAME=checkout` and the legacy `ENV OTEL_SERVICE_NAME checkout`; the last one wins (final stage). */
function readDockerfile(path: string, text: string): RuntimeConfigRead {
  const vars = new Map<string, string>();
  const lines = new Map<string, { line: number; text: string }>();
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const start = i;
    let instruction = raw[i];
    while (/\\\s*$/.test(instruction) && i + 1 < raw.length) instruction = instruction.replace(/\\\s*$/, ' ') + raw[++i];
    const m = /^\s*ENV\s+(.*)$/i.exec(instruction);
    if (!m) continue;
    const words = shellWords(m[1]);
    const assignments: [string, string][] = words[0]?.includes('=')
      ? words.map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] as [string, string]).filter(([k]) => k !== '')
      : words.length >= 2 ? [[words[0], m[1].trim().slice(m[1].trim().indexOf(words[0]) + words[0].length).trim()]] : [];
    for (const [key, value] of assignments) {
      if (!KEYS.includes(key)) continue;
      vars.set(key, words[0]?.includes('=') ? value : unquote(value));
      lines.set(key, { line: start + 1, text: instruction.replace(/\s+/g, ' ').trim() });
    }
  }
  return fromOneEnvironment(vars, lines, 'dockerfile', folderOf(path), path);
}

function fromOneEnvironment(
  vars: Map<string, string>,
  lines: Map<string, { line: number; text: string }>,
  kind: RuntimeSourceKind,
  folder: string,
  path: string,
): RuntimeConfigRead {
  const chosen = nameFromEnvironment(vars);
  const skipped: string[] = [];
  if (!chosen) {
    const key = vars.has('OTEL_SERVICE_NAME') ? 'OTEL_SERVICE_NAME' : 'OTEL_RESOURCE_ATTRIBUTES';
    if (vars.has(key)) skipped.push(`${key} is not a literal name (${lines.get(key)?.text ?? ''})`);
    return { hits: [], skipped };
  }
  const where = lines.get(chosen.key);
  return {
    hits: [{ name: chosen.name, key: chosen.key, kind, folder, evidence: { source: path, detail: `${where?.text ?? chosen.key} (line ${where?.line ?? '?'})` } }],
    skipped,
  };
}

/** Reads one runtime-config file. Never throws. */
export function readRuntimeConfig(path: string, text: string): RuntimeConfigRead {
  const kind = runtimeConfigKind(path);
  if (!kind || !KEYS.some((k) => text.includes(k))) return { hits: [], skipped: [] };
  try {
    switch (kind) {
      case 'env':
        return readEnvFile(path, text);
      case 'dockerfile':
        return readDockerfile(path, text);
      case 'compose':
      case 'kubernetes':
        return readYamlRuntimeNames(path, text, kind);
    }
  } catch (err) {
    return { hits: [], skipped: [`could not be read: ${err instanceof Error ? err.message : String(err)}`] };
  }
}
