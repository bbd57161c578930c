// Shared vocabulary of the runtime-config readers: what a hit is, which folders hold deployment manifests,
// and what counts as a literal service name.
import type { Evidence } from '../model';

export type RuntimeSourceKind = 'env' | 'compose' | 'kubernetes' | 'dockerfile';
export type RuntimeKey = 'OTEL_SERVICE_NAME' | 'OTEL_RESOURCE_ATTRIBUTES';

export interface RuntimeNameHit {
  name: string;
  key: RuntimeKey;
  kind: RuntimeSourceKind;
  /**
   * Workspace-relative folder whose code runs under this name ('' is the root), or undefined when the file
   * does not tie it to a folder (a compose service with only an `image`, a build context outside the workspace).
   */
  folder: string | undefined;
  evidence: Evidence;
}

export interface RuntimeConfigRead {
  hits: RuntimeNameHit[];
  /** What was skipped and why (invalid YAML, an interpolated value), for the diagnosis. */
  skipped: string[];
}

/** Folders that hold deployment manifests; the service they deploy is the folder above them. */
export const DEPLOY_FOLDERS = ['k8s', 'kubernetes', 'kube', 'deploy', 'deployment', 'deployments', 'manifests', 'helm', 'charts', 'kustomize', 'openshift'];

const COMPOSE_FILE = /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/i;
const DOCKERFILE = /^(Dockerfile|Containerfile)(\.[\w.-]+)?$|\.(Dockerfile|dockerfile|containerfile)$/;
const ENV_FILE = /^\.env(\.[\w.-]+)?$/;

/** Glob alternatives (inside one `**∕{...}` group) for the files this module reads. */
export const RUNTIME_CONFIG_GLOBS = [
  '.env', '.env.*',
  'docker-compose.yml', 'docker-compose.yaml', 'docker-compose.*.yml', 'docker-compose.*.yaml',
  'compose.yml', 'compose.yaml', 'compose.*.yml', 'compose.*.yaml',
  'Dockerfile', 'Dockerfile.*', '*.Dockerfile', '*.dockerfile', 'Containerfile',
  ...DEPLOY_FOLDERS.flatMap((f) => [`${f}/**/*.yaml`, `${f}/**/*.yml`]),
];

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Which runtime-config reader a workspace-relative path needs, if any. */
export function runtimeConfigKind(path: string): RuntimeSourceKind | undefined {
  const name = baseName(path);
  if (ENV_FILE.test(name)) return 'env';
  if (COMPOSE_FILE.test(name)) return 'compose';
  if (DOCKERFILE.test(name)) return 'dockerfile';
  if (/\.ya?ml$/i.test(name) && deployFolderIndex(path) >= 0) return 'kubernetes';
  return undefined;
}

/** Index of the first deploy folder among the path's folders, or -1. */
export function deployFolderIndex(path: string): number {
  const folders = path.split('/').slice(0, -1);
  return folders.findIndex((s) => DEPLOY_FOLDERS.includes(s.toLowerCase()));
}

/** The folder a Kubernetes manifest deploys: the one holding its `k8s/`, `deploy/`, `helm/`... folder. */
export function deployedFolderOf(path: string): string {
  const i = deployFolderIndex(path);
  return i < 0 ? folderOf(path) : path.split('/').slice(0, i).join('/');
}

/**
 * A literal service name, not a placeholder: no `${VAR}` or `$VAR` interpolation, no Helm `{{ }}`, no `<your-name>`,
 * and not OpenTelemetry's own default (`unknown_service:node`).
 */
export function literalName(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (!text || text.length > 200 || /[$]|\{\{|\}\}|^<.*>$/.test(text) || /^unknown_service/.test(text)) return undefined;
  return text;
}

/** `service.name` inside `OTEL_RESOURCE_ATTRIBUTES` (`key=value,key=value`, values percent-encoded). */
export function serviceNameFromAttributes(attributes: string): string | undefined {
  for (const pair of attributes.split(',')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== 'service.name') continue;
    const raw = pair.slice(eq + 1).trim();
    try {
      return literalName(decodeURIComponent(raw));
    } catch {
      return literalName(raw);
    }
  }
  return undefined;
}

/** One environment (a file, a container, a compose service): OTEL_SERVICE_NAME wins over `service.name`, as in the SDKs. */
export function nameFromEnvironment(vars: ReadonlyMap<string, string>): { name: string; key: RuntimeKey } | undefined {
  if (vars.has('OTEL_SERVICE_NAME')) {
    // Set but interpolated (`${SERVICE}`): at run time it overrides `service.name`, so that one is no answer either.
    const direct = literalName(vars.get('OTEL_SERVICE_NAME'));
    return direct ? { name: direct, key: 'OTEL_SERVICE_NAME' } : undefined;
  }
  const attributes = vars.get('OTEL_RESOURCE_ATTRIBUTES');
  const fromAttributes = attributes ? serviceNameFromAttributes(attributes) : undefined;
  return fromAttributes ? { name: fromAttributes, key: 'OTEL_RESOURCE_ATTRIBUTES' } : undefined;
}

export const KEYS: readonly string[] = ['OTEL_SERVICE_NAME', 'OTEL_RESOURCE_ATTRIBUTES'];

/** A value without its surrounding quotes; double quotes also undo `\"`, `\\`, `\$` and `\n`. */
export function unquote(raw: string): string {
  const v = raw.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) {
    const inner = v.slice(1, -1);
    return v[0] === '"' ? inner.replace(/\\(["\\$])/g, '$1').replace(/\\n/g, '\n') : inner;
  }
  return v;
}
