// Which parts of a workspace ProdLens reads, for both walkers: the editor's (`findFiles` with an exclude glob,
// host/workspaceAccess.ts) and the CLI's (a Node `fs` walk, cli/nodeWorkspace.ts). One list, so the editor and
// `prodlens` see the same manifests and detect the same services in the same folder. Files in these folders
// are someone else's code (dependencies), generated (build output) or tooling state (hidden folders:
// `.git`, `.venv`, `.next`, `.vscode-test` with a whole VS Code's package.json files). The code index (services/codeIndex.ts)
// ignores the same paths in the file events it gets later.

/** Folder names never entered, wherever they are; hidden folders (a name starting with ".") neither. */
export const EXCLUDED_FOLDER_NAMES: readonly string[] = ['node_modules', 'vendor', 'dist', 'out', 'build', 'target', 'venv', '__pycache__', 'site-packages', 'coverage', 'obj'];

/** Folders excluded only under a given parent: .NET build output (`bin/Debug`, `bin/Release`); a `bin/` of scripts stays. */
export const EXCLUDED_SUBFOLDERS: readonly (readonly [parent: string, name: string])[] = [['bin', 'Debug'], ['bin', 'Release']];

export const WALK_LIMITS = {
  /** Folders below this many levels under a workspace folder are not entered (a file at depth 8 has 9 segments). */
  maxDepth: 8,
  /** Files listed for the code index. */
  maxFiles: 200_000,
  /** Manifests and runtime config read for detection. */
  maxManifests: 2000,
  /** `.prodlens.json` files, capped on their own: in a monorepo the manifests must not crowd one out. */
  maxConfigs: 200,
} as const;

/** `parent` is the name of the folder holding it, undefined at the top of a workspace folder. */
export function isExcludedFolder(name: string, parent?: string): boolean {
  return name.startsWith('.') || EXCLUDED_FOLDER_NAMES.includes(name) || EXCLUDED_SUBFOLDERS.some(([p, n]) => p === parent && n === name);
}

/** Whether a file (path relative to its workspace folder, forward slashes) lies where the walkers look. */
export function isWalkedPath(relative: string): boolean {
  const folders = relative.split('/').slice(0, -1);
  return folders.length <= WALK_LIMITS.maxDepth && !folders.some((name, i) => isExcludedFolder(name, folders[i - 1]));
}

/**
 * The same folders as a `findFiles` exclude glob. It prunes the search; the depth limit, which a glob cannot
 * say, is applied to the results with `isWalkedPath`.
 */
export const WALK_EXCLUDE_GLOB = `{${['.*', ...EXCLUDED_FOLDER_NAMES, ...EXCLUDED_SUBFOLDERS.map((pair) => pair.join('/'))].map((name) => `**/${name}/**`).join(',')}}`;
