// Candidate refs of the deployed version (a tag from a release name, a SHA from a build_info label, a branch)
// to a commit of the local repository, or one sentence saying why not and the command that fixes it.
// Candidates are production data: validated before git sees them, and all resolved in one git process.
import { oneLine } from '../../core/text';
import type { GitRunner } from './gitRunner';

export type RefKind = 'tag' | 'sha' | 'branch' | 'auto';

export interface RefCandidate {
  ref: string;
  /** What the evidence says the candidate is; `auto` guesses from its shape. */
  kind?: RefKind;
}

export type RefFailure = 'invalid' | 'ambiguous' | 'notFetched' | 'beyondShallow' | 'notInRepository';

export type RefResolution =
  | { ok: true; ref: string; sha: string; kind: Exclude<RefKind, 'auto'> }
  | { ok: false; ref: string; failure: RefFailure; reason: string; command?: string };

// What a deployed version can be named by: no revision syntax (`^`, `~`, `:`, `@{`, `..`), no option, no spaces.
const SAFE_REF = /^(?!-)(?!.*\.\.)(?!.*@\{)(?!.*\/\/)[A-Za-z0-9._/+@-]{1,255}$/;
const HEX = /^[0-9a-f]{4,64}$/i;
const VERSION_LIKE = /\d+\.\d+/;

function shown(ref: string): string {
  return oneLine(ref, 80);
}

function kindOf(candidate: RefCandidate): Exclude<RefKind, 'auto'> {
  if (candidate.kind && candidate.kind !== 'auto') return candidate.kind;
  if (HEX.test(candidate.ref)) return 'sha';
  return VERSION_LIKE.test(candidate.ref) ? 'tag' : 'branch';
}

function missing(ref: string, kind: Exclude<RefKind, 'auto'>, shallow: boolean): RefResolution {
  const name = shown(ref);
  if (kind === 'sha') {
    if (shallow) return { ok: false, ref, failure: 'beyondShallow', reason: `commit ${name} is not in the local history (shallow clone): run \`git fetch --unshallow\``, command: 'git fetch --unshallow' };
    return { ok: false, ref, failure: 'notInRepository', reason: `commit ${name} is not in this repository (not fetched yet, or from another fork): run \`git fetch origin\``, command: 'git fetch origin' };
  }
  if (kind === 'tag') return { ok: false, ref, failure: 'notFetched', reason: `tag ${name} is not fetched: run \`git fetch --tags origin\``, command: 'git fetch --tags origin' };
  return { ok: false, ref, failure: 'notFetched', reason: `branch ${name} is not in this repository: run \`git fetch origin\``, command: 'git fetch origin' };
}

/** A ref name the resolver refuses, with the reason. */
export function refusal(ref: string): RefResolution | undefined {
  if (SAFE_REF.test(ref) && !ref.endsWith('.lock') && !ref.endsWith('/') && !ref.endsWith('.')) return undefined;
  return { ok: false, ref, failure: 'invalid', reason: `"${shown(ref)}" is not a git tag, branch or commit name ProdLens looks up (letters, digits and . _ / + @ - only)` };
}

/**
 * Resolves every candidate to a commit (annotated tags peeled), in order. Abbreviated SHAs that match several
 * objects are reported as ambiguous, never guessed.
 */
export async function resolveRefs(git: GitRunner, cwd: string, candidates: readonly RefCandidate[], options: { shallow: boolean; signal?: AbortSignal }): Promise<RefResolution[]> {
  const results: (RefResolution | undefined)[] = candidates.map((c) => refusal(c.ref));
  const asked = candidates.map((c, i) => ({ c, i })).filter(({ i }) => results[i] === undefined);
  if (asked.length > 0) {
    // `<prefix>^{commit}` reports an ambiguous prefix as missing: a hex candidate is also asked bare, where
    // git says "ambiguous".
    const queries = asked.map(({ c }) => (HEX.test(c.ref) ? [`${c.ref}^{commit}`, c.ref] : [`${c.ref}^{commit}`]));
    const out = await git.run(['cat-file', '--batch-check=%(objectname) %(objecttype)'], { cwd, input: queries.flat().map((q) => `${q}\n`).join(''), signal: options.signal });
    const lines = out.split('\n');
    let n = 0;
    asked.forEach(({ c, i }, k) => {
      const answers = lines.slice(n, n + queries[k].length);
      n += queries[k].length;
      const kind = kindOf(c);
      const found = /^([0-9a-f]{40,64}) commit$/.exec(answers[0] ?? '');
      if (found) results[i] = { ok: true, ref: c.ref, sha: found[1], kind };
      else if (answers.some((a) => a.endsWith(' ambiguous'))) {
        results[i] = { ok: false, ref: c.ref, failure: 'ambiguous', reason: `the abbreviated SHA ${shown(c.ref)} matches several objects: use more of its characters (\`git rev-parse --disambiguate=${shown(c.ref)}\` lists them)`, command: `git rev-parse --disambiguate=${c.ref}` };
      } else results[i] = missing(c.ref, kind, options.shallow);
    });
  }
  return results as RefResolution[];
}

/** The first candidate that resolves, or every reason when none does. */
export async function resolveFirst(git: GitRunner, cwd: string, candidates: readonly RefCandidate[], options: { shallow: boolean; signal?: AbortSignal }): Promise<{ resolved?: Extract<RefResolution, { ok: true }>; failures: Extract<RefResolution, { ok: false }>[] }> {
  const all = await resolveRefs(git, cwd, candidates, options);
  const resolved = all.find((r): r is Extract<RefResolution, { ok: true }> => r.ok);
  return { resolved, failures: all.filter((r): r is Extract<RefResolution, { ok: false }> => !r.ok) };
}
