// The hunks from a file at the deployed commit to the same code on disk: one `git diff <commit> -- <file>`
// against the working tree covers the committed history and the uncommitted edits in one process (measured
// against two diffs, commit→HEAD then HEAD→disk, in test/bench/gitLines.ts). A file deleted at its old path is
// looked up among git's renames (-M) and diffed again with both paths, as rename detection needs both.
import { checkHunks, type Hunk } from '../../core/versions/lineMap';
import { parseUnifiedDiff, type DiffSection } from '../../core/versions/unifiedDiff';
import { GitError } from './gitErrors';
import type { GitRunner } from './gitRunner';

/** Past this many hunks, a file changed too much since the deployed version for its lines to mean anything. */
export const MAX_HUNKS = 20_000;

export type FileDiff =
  | { kind: 'diff'; file: string; renamedFrom?: string; hunks: Hunk[] }
  | { kind: 'removed'; reason: string }
  | { kind: 'untranslatable'; failure: 'binary' | 'tooLarge' | 'notAtCommit'; reason: string };

// Repository config must not change what we parse: fixed prefixes, no external diff or textconv command, no
// path relative to a subfolder, no colour.
const DIFF_ARGS = ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--no-relative', '--src-prefix=a/', '--dst-prefix=b/', '--unified=0', '-M'];

function pick(sections: DiffSection[], oldPath: string): DiffSection | undefined {
  return sections.find((s) => s.oldPath === oldPath) ?? (sections.length === 1 ? sections[0] : undefined);
}

async function diffText(git: GitRunner, cwd: string, commit: string, paths: string[], signal?: AbortSignal): Promise<string> {
  // `:(literal)` so a file name with * or ? is that file, not a glob.
  return git.run([...DIFF_ARGS, commit, '--', ...paths.map((p) => `:(literal)${p}`)], { cwd, signal });
}

function parsed(text: string): DiffSection[] | 'tooLarge' {
  try {
    return parseUnifiedDiff(text, MAX_HUNKS);
  } catch (err) {
    if (err instanceof RangeError) return 'tooLarge';
    throw err;
  }
}

const TOO_LARGE: FileDiff = { kind: 'untranslatable', failure: 'tooLarge', reason: `the file changed too much since the deployed version (more than ${MAX_HUNKS.toLocaleString('en')} changes or a diff too large to read): lines not translated` };

/** Where git's rename detection says `file` went since `commit` (the working tree side), if anywhere. */
export async function renamedTo(git: GitRunner, cwd: string, commit: string, file: string, signal?: AbortSignal): Promise<string | undefined> {
  const out = await git.run(['diff', '--no-ext-diff', '--no-relative', '-M', '--name-status', '-z', '--diff-filter=R', commit], { cwd, signal });
  const fields = out.split('\0');
  for (let i = 0; i + 2 < fields.length; i += 3) {
    if (fields[i].startsWith('R') && fields[i + 1] === file) return fields[i + 2];
  }
  return undefined;
}

/** `file` is a repository-relative path with forward slashes, as it was at `commit`. */
export async function diffFileSince(git: GitRunner, cwd: string, commit: string, file: string, signal?: AbortSignal): Promise<FileDiff> {
  let text: string;
  try {
    text = await diffText(git, cwd, commit, [file], signal);
  } catch (err) {
    if (err instanceof GitError && err.kind === 'outputTooLarge') return TOO_LARGE;
    throw err;
  }
  let sections = parsed(text);
  if (sections === 'tooLarge') return TOO_LARGE;
  let section = pick(sections, file);
  if (!section) {
    // No difference, or no such file at the commit: only the latter is worth a second process.
    const exists = await git.run(['cat-file', '-e', `${commit}:${file}`], { cwd, signal }).then(() => true, () => false);
    if (!exists) return { kind: 'untranslatable', failure: 'notAtCommit', reason: `${file} does not exist in the deployed version: lines not translated` };
    return { kind: 'diff', file, hunks: [] };
  }
  if (section.added) return { kind: 'untranslatable', failure: 'notAtCommit', reason: `${file} does not exist in the deployed version: lines not translated` };
  let renamedFrom: string | undefined;
  let current = file;
  if (section.deleted) {
    const target = await renamedTo(git, cwd, commit, file, signal);
    if (!target) return { kind: 'removed', reason: `${file} was deleted since the deployed version` };
    text = await diffText(git, cwd, commit, [file, target], signal);
    sections = parsed(text);
    if (sections === 'tooLarge') return TOO_LARGE;
    section = pick(sections, file);
    // A pure rename (100% similar) prints no hunks and may print no section at all.
    if (!section) return { kind: 'diff', file: target, renamedFrom: file, hunks: [] };
    renamedFrom = file;
    current = section.newPath ?? target;
  }
  if (section.binary) return { kind: 'untranslatable', failure: 'binary', reason: `${current} is binary: not translated` };
  return { kind: 'diff', file: current, renamedFrom, hunks: checkHunks(section.hunks) };
}
