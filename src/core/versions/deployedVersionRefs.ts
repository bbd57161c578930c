// Version names as production reports them, and the git refs they may stand for. Pure: the git layer
// resolves the candidates against the local repository, in the order given here.

/** A Sentry-style release name `package@version+build` taken apart (`checkout-api@2.14.0+abc1234`). */
export interface ReleaseName {
  raw: string;
  /** `checkout-api`; `@scope/pkg` keeps its scope. */
  package?: string;
  /** `2.14.0`: the part a tag pattern's `{version}` stands for. */
  version: string;
  /** Semver build metadata after `+`, often an abbreviated commit. */
  build?: string;
}

/** How a service's versions become git refs, from `.prodlens.json` (`"version": { "ref": ... }`). */
export interface VersionRefRule {
  /** Ref patterns with `{version}` (and optionally `{service}`), tried in order; `commit`: the version is the commit id. */
  ref: string[];
}

/** A git ref that may name the deployed code, with how it was derived (for the user: why this ref). */
export interface CandidateRef {
  ref: string;
  /** `commit`: a commit id (full or abbreviated); `name`: a tag or branch name. */
  kind: 'commit' | 'name';
  how: string;
}

const SHA = /^[0-9a-f]{7,64}$/i;

export function looksLikeSha(text: string): boolean {
  return SHA.test(text);
}

/**
 * Splits `package@version+build`. The package is what precedes the last `@` that is not the first character
 * (so `@scope/pkg@1.0.0` keeps its scope); build metadata follows the first `+` of the version.
 */
export function parseReleaseName(raw: string): ReleaseName {
  const text = raw.trim();
  const at = text.lastIndexOf('@');
  const pkg = at > 0 ? text.slice(0, at) : undefined;
  const rest = at > 0 ? text.slice(at + 1) : text;
  const plus = rest.indexOf('+');
  const version = plus > 0 ? rest.slice(0, plus) : rest;
  const build = plus > 0 && plus < rest.length - 1 ? rest.slice(plus + 1) : undefined;
  const name: ReleaseName = { raw: text, version: version || rest || text };
  if (pkg) name.package = pkg;
  if (build) name.build = build;
  return name;
}

/** `v2.14.0` and `2.14.0` name the same version; so do a release name and its bare version. */
export function sameVersion(a: string, b: string): boolean {
  const norm = (s: string) => parseReleaseName(s).version.replace(/^v(?=\d)/i, '');
  return norm(a) === norm(b);
}

/** Two commit ids agree when one abbreviates the other. */
export function sameRevision(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x.startsWith(y) || y.startsWith(x);
}

/**
 * Whether a production string may be handed to git as a ref: `git check-ref-format`'s rules, plus no leading
 * `-` (it would read as an option) and a bounded length. Production strings are untrusted.
 */
export function isSafeRefName(ref: string): boolean {
  if (ref.length === 0 || ref.length > 200 || ref.startsWith('-') || ref.startsWith('/') || ref.endsWith('/')) return false;
  if (ref.endsWith('.') || ref.endsWith('.lock') || ref === '@' || ref.includes('..') || ref.includes('@{') || ref.includes('//')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(ref)) return false;
  return ref.split('/').every((part) => part.length > 0 && !part.startsWith('.'));
}

/** The `.prodlens.json` value that says the version is the commit id. */
export const COMMIT_RULE = 'commit';

/**
 * Candidate refs for a version, most confident first: refs from the service's rule, then the explicit
 * revisions production reported (the commit itself, no naming guess), then the common tag patterns
 * `v{version}`, `{version}`, `{service}@{version}`, the release name as a tag, and last a version or build
 * metadata that looks like a commit id. Unsafe or repeated refs are left out.
 */
export function candidateRefs(input: { service: string; release: string; rule?: VersionRefRule; reported?: readonly { value: string; how: string }[] }): CandidateRef[] {
  const name = parseReleaseName(input.release);
  const out: CandidateRef[] = [];
  const add = (ref: string, kind: CandidateRef['kind'], how: string) => {
    if (!isSafeRefName(ref) || out.some((c) => c.ref === ref)) return;
    out.push({ ref, kind, how });
  };
  for (const pattern of input.rule?.ref ?? []) {
    if (pattern === COMMIT_RULE) {
      // A value that cannot be a commit id is not one, whatever the rule says: the tag patterns below still apply.
      for (const value of [name.version, name.raw]) if (looksLikeSha(value)) add(value, 'commit', '.prodlens.json: the version is the commit');
    } else {
      add(pattern.replaceAll('{version}', name.version).replaceAll('{service}', input.service), 'name', `.prodlens.json rule "${pattern}"`);
    }
  }
  for (const r of input.reported ?? []) add(r.value, looksLikeSha(r.value) ? 'commit' : 'name', r.how);
  const bare = name.version.replace(/^v(?=\d)/i, '');
  add(`v${bare}`, 'name', 'tag pattern v{version}');
  add(bare, 'name', 'tag pattern {version}');
  add(`${input.service}@${bare}`, 'name', 'tag pattern {service}@{version}');
  if (name.package && name.package !== input.service) add(`${name.package}@${bare}`, 'name', 'tag pattern {package}@{version}');
  if (name.raw !== bare) add(name.raw, 'name', 'the release name as a tag');
  if (looksLikeSha(name.version)) add(name.version, 'commit', 'the version looks like a commit id');
  if (name.build && looksLikeSha(name.build)) add(name.build, 'commit', 'the release\'s build metadata looks like a commit id');
  return out;
}
