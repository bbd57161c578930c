// The repository's .gitignore rules, applied to workspace-relative paths: files git ignores (build output,
// generated code, local copies) are never the code a stack frame points at.
import ignore, { type Ignore } from 'ignore';

export interface GitignoreFile {
  /** Workspace-relative path of the .gitignore file. */
  path: string;
  text: string;
}

/** A predicate that is true for paths ignored by any .gitignore in an ancestor folder. */
export function gitignoreFilter(files: readonly GitignoreFile[]): (path: string) => boolean {
  const rules: { folder: string; ig: Ignore }[] = [];
  for (const file of files) {
    const folder = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
    try {
      rules.push({ folder, ig: ignore().add(file.text) });
    } catch {
      // A .gitignore the library cannot read ignores nothing rather than everything.
    }
  }
  if (rules.length === 0) return () => false;
  return (path) => rules.some(({ folder, ig }) => {
    if (folder !== '' && !path.startsWith(`${folder}/`)) return false;
    const relative = folder === '' ? path : path.slice(folder.length + 1);
    try {
      return relative !== '' && ig.ignores(relative);
    } catch {
      return false;
    }
  });
}
