// Reads a service name out of the build manifests real projects have. Each reader is a pure function of the
// file text and returns the name plus the exact evidence, or undefined when the file names no service.
import type { Evidence } from '../model';
import { RUNTIME_CONFIG_GLOBS, runtimeConfigKind } from './runtimeNames';

export interface ManifestHit {
  name: string;
  evidence: Evidence;
  /** A workspace root manifest that only groups packages (npm workspaces) is a weaker candidate. */
  aggregator?: boolean;
}

type Reader = (text: string, path: string) => ManifestHit | undefined;

function hit(name: string | undefined, path: string, detail: string, aggregator = false): ManifestHit | undefined {
  const clean = name?.trim();
  if (!clean) return undefined;
  return { name: clean, evidence: { source: path, detail }, aggregator };
}

function readPackageJson(text: string, path: string): ManifestHit | undefined {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof pkg !== 'object' || pkg === null) return undefined;
  const { name, workspaces } = pkg as { name?: unknown; workspaces?: unknown };
  if (typeof name !== 'string') return undefined;
  // npm scopes are not part of how services are named in production (`@acme/checkout` runs as `checkout`).
  const bare = name.replace(/^@[^/]+\//, '');
  return hit(bare, path, `"name": "${name}"`, workspaces !== undefined);
}

/** The value of `key = "..."` inside a TOML `[section]`, enough for the name fields manifests use. */
function tomlValue(text: string, section: string, key: string): string | undefined {
  let inSection = false;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      inSection = header[1].trim() === section;
      continue;
    }
    if (!inSection) continue;
    const m = new RegExp(`^\\s*${key}\\s*=\\s*["']([^"']+)["']`).exec(line);
    if (m) return m[1];
  }
  return undefined;
}

function readPyproject(text: string, path: string): ManifestHit | undefined {
  const project = tomlValue(text, 'project', 'name');
  if (project) return hit(project, path, `[project] name = "${project}"`);
  const poetry = tomlValue(text, 'tool.poetry', 'name');
  return hit(poetry, path, `[tool.poetry] name = "${poetry}"`);
}

function readSetupCfg(text: string, path: string): ManifestHit | undefined {
  let inMetadata = false;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) {
      inMetadata = header[1].trim() === 'metadata';
      continue;
    }
    const m = inMetadata ? /^\s*name\s*=\s*(\S+)/.exec(line) : null;
    if (m) return hit(m[1], path, `[metadata] name = ${m[1]}`);
  }
  return undefined;
}

function readGoMod(text: string, path: string): ManifestHit | undefined {
  // [ \t], not \s: with the m flag, `^\s*` would rescan every following blank line from every line start.
  const m = /^[ \t]*module[ \t]+(\S+)/m.exec(text);
  if (!m) return undefined;
  // Major-version suffixes (`/v2`) are not part of the service's name.
  const segments = m[1].split('/').filter((s) => !/^v\d+$/.test(s));
  return hit(segments[segments.length - 1], path, `module ${m[1]}`);
}

const POM_NESTED = ['parent', 'dependencies', 'dependencyManagement', 'build', 'plugins', 'profiles', 'modules'];

/**
 * Cuts `open`…`close` spans (the first `close` after each `open`), in one pass. The lazy regex
 * `open[\s\S]*?close` rescans the rest of the file for every opening without a close: quadratic.
 */
function cutSpans(text: string, open: RegExp, closeOf: (m: RegExpExecArray) => string): string {
  const never = new Set<string>();
  let out = '';
  let from = 0;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const close = closeOf(m);
    if (never.has(close)) continue;
    const end = text.indexOf(close, open.lastIndex);
    if (end < 0) {
      // No later opening of this kind can find a close either.
      never.add(close);
      continue;
    }
    out += text.slice(from, m.index);
    from = open.lastIndex = end + close.length;
  }
  return out + text.slice(from);
}

function readPom(text: string, path: string): ManifestHit | undefined {
  // The project's own artifactId, not the one inside <parent> or <dependencies>.
  const withoutComments = cutSpans(text, /<!--/g, () => '-->');
  const withoutNested = cutSpans(withoutComments, new RegExp(`<(${POM_NESTED.join('|')})>`, 'g'), (m) => `</${m[1]}>`);
  const m = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(withoutNested);
  return m ? hit(m[1], path, `<artifactId>${m[1]}</artifactId>`) : undefined;
}

function readGradleSettings(text: string, path: string): ManifestHit | undefined {
  const m = /rootProject\.name\s*=\s*["']([^"']+)["']/.exec(text);
  return m ? hit(m[1], path, `rootProject.name = "${m[1]}"`) : undefined;
}

function readCargo(text: string, path: string): ManifestHit | undefined {
  const name = tomlValue(text, 'package', 'name');
  return hit(name, path, `[package] name = "${name}"`);
}

function readCsproj(text: string, path: string): ManifestHit | undefined {
  const assembly = /<AssemblyName>\s*([^<\s]+)\s*<\/AssemblyName>/.exec(text);
  if (assembly) return hit(assembly[1], path, `<AssemblyName>${assembly[1]}</AssemblyName>`);
  const file = path.split('/').pop() ?? '';
  return hit(file.replace(/\.csproj$/i, ''), path, 'project file name');
}

/** Manifest readers by file name (or extension for `*.csproj`), most specific first. */
export const MANIFEST_READERS: ReadonlyArray<{ match: (fileName: string) => boolean; read: Reader }> = [
  { match: (f) => f === 'package.json', read: readPackageJson },
  { match: (f) => f === 'pyproject.toml', read: readPyproject },
  { match: (f) => f === 'setup.cfg', read: readSetupCfg },
  { match: (f) => f === 'go.mod', read: readGoMod },
  { match: (f) => f === 'pom.xml', read: readPom },
  { match: (f) => f === 'settings.gradle' || f === 'settings.gradle.kts', read: readGradleSettings },
  { match: (f) => f === 'Cargo.toml', read: readCargo },
  { match: (f) => f.toLowerCase().endsWith('.csproj'), read: readCsproj },
];

/**
 * Glob of every file detection reads, for the workspace search: manifests, `.prodlens.json`, and the runtime
 * configuration that names services (`.env*`, compose files, Dockerfiles, YAML under `k8s/`, `deploy/`, `helm/`...).
 * One brace group, never nested: ripgrep's globs do not nest braces.
 */
export const MANIFEST_GLOB = `**/{package.json,pyproject.toml,setup.cfg,go.mod,pom.xml,settings.gradle,settings.gradle.kts,Cargo.toml,*.csproj,.prodlens.json,${RUNTIME_CONFIG_GLOBS.join(',')}}`;

/** Whether detection reads this workspace-relative path (the CLI's walker; the editor uses MANIFEST_GLOB). */
export function isDetectionFile(path: string): boolean {
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  return fileName === '.prodlens.json' || MANIFEST_READERS.some((r) => r.match(fileName)) || runtimeConfigKind(path) !== undefined;
}

export function readManifest(path: string, text: string): ManifestHit | undefined {
  const fileName = path.split('/').pop() ?? path;
  const reader = MANIFEST_READERS.find((r) => r.match(fileName));
  if (!reader) return undefined;
  try {
    return reader.read(text, path);
  } catch {
    return undefined;
  }
}
