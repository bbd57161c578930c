// Import specifiers to workspace files, the way each runtime finds them: Node/TypeScript relative specifiers
// (with or without extension, `.js` written for a `.ts` source, `index` files), `@/` and `~/` aliases when exactly
// one file fits, Python dotted modules (relative, or absolute from the nearest folder holding them), Go import
// paths through go.mod. Anything else, or more than one equally good answer, resolves to nothing.
import type { GoModule, PathIndex } from '../types';

const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
const SOURCE_FOR: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

export const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

/** `a/b/../c/./d` → `a/c/d`; undefined when it climbs above the workspace. */
function normalise(path: string): string | undefined {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else {
      out.push(seg);
    }
  }
  return out.join('/');
}

const join = (dir: string, rel: string) => (dir === '' ? rel : `${dir}/${rel}`);

export class ModuleResolver {
  private goDirsCache: Map<string, string[]> | undefined;

  constructor(
    /** Files the mount pass knows (the service's scanned files). */
    private readonly files: readonly string[],
    private readonly index: PathIndex,
    private readonly goModules: readonly GoModule[] = [],
  ) {}

  /** The file a JavaScript/TypeScript specifier in `from` loads. */
  js(from: string, spec: string): string | undefined {
    if (/^\.\.?(\/|$)/.test(spec)) {
      const base = normalise(join(dirOf(from), spec));
      return base === undefined ? undefined : this.jsCandidates(base).find((c) => this.index.has(c));
    }
    const alias = /^[@~]\/(.+)$/.exec(spec);
    if (!alias) return undefined;
    const rest = normalise(alias[1]);
    if (!rest) return undefined;
    const hits = new Set<string>();
    for (const c of this.jsCandidates(rest)) {
      for (const f of this.files) if (f === c || f.endsWith(`/${c}`)) hits.add(f);
      if (hits.size > 0) break;
    }
    return hits.size === 1 ? [...hits][0] : undefined;
  }

  private jsCandidates(base: string): string[] {
    const ext = /\.[cm]?[jt]sx?$/.exec(base)?.[0];
    const out: string[] = [];
    if (ext) {
      out.push(base);
      for (const alt of SOURCE_FOR[ext] ?? []) out.push(base.slice(0, -ext.length) + alt);
    }
    for (const e of JS_EXTENSIONS) out.push(base + e);
    for (const e of JS_EXTENSIONS) out.push(`${base}/index${e}`);
    return out;
  }

  /** The file of a Python module (`.orders`, `..core.urls`, `shop.urls`) imported from `from`. */
  python(from: string, dotted: string): string | undefined {
    const level = /^\.*/.exec(dotted)![0].length;
    const rel = dotted.slice(level).replace(/\./g, '/');
    const candidates = (dir: string) => (rel === '' ? [join(dir, '__init__.py')] : [join(dir, `${rel}/__init__.py`), join(dir, `${rel}.py`)]);
    if (level > 0) {
      let dir = dirOf(from);
      for (let up = 1; up < level; up++) dir = dirOf(dir);
      return candidates(dir).find((c) => this.index.has(c));
    }
    // An absolute import is found from the nearest enclosing folder that holds it (the project root on sys.path).
    for (let dir = dirOf(from); ; dir = dirOf(dir)) {
      const hit = candidates(dir).find((c) => this.index.has(c));
      if (hit) return hit;
      if (dir === '') break;
    }
    if (rel === '') return undefined;
    const hits = this.files.filter((f) => f.endsWith(`/${rel}.py`) || f.endsWith(`/${rel}/__init__.py`));
    return hits.length === 1 ? hits[0] : undefined;
  }

  /** The folder of a Go package: through the go.mod whose module path is its longest prefix, else by a unique path suffix. */
  goPackage(importPath: string): string | undefined {
    const dirs = this.goDirs();
    const module = [...this.goModules].filter((m) => importPath === m.module || importPath.startsWith(`${m.module}/`)).sort((a, b) => b.module.length - a.module.length)[0];
    if (module) {
      const dir = normalise(join(module.folder, importPath.slice(module.module.length + 1)));
      return dir !== undefined && dirs.has(dir) ? dir : undefined;
    }
    const want = importPath.split('/');
    let best: string[] = [];
    let bestScore = 0;
    for (const dir of dirs.keys()) {
      const have = dir.split('/');
      let score = 0;
      while (score < want.length && score < have.length && want[want.length - 1 - score] === have[have.length - 1 - score]) score++;
      if (score > bestScore) [best, bestScore] = [[dir], score];
      else if (score === bestScore) best.push(dir);
    }
    // Without go.mod a single shared folder name (`handlers`) proves little: ask for two.
    return bestScore >= 2 && best.length === 1 ? best[0] : undefined;
  }

  /** Go files of the package in `dir`. */
  goFilesIn(dir: string): string[] {
    return this.goDirs().get(dir) ?? [];
  }

  private goDirs(): Map<string, string[]> {
    if (this.goDirsCache) return this.goDirsCache;
    this.goDirsCache = new Map();
    for (const f of this.files) {
      if (!f.endsWith('.go')) continue;
      const dir = dirOf(f);
      this.goDirsCache.set(dir, [...(this.goDirsCache.get(dir) ?? []), f]);
    }
    return this.goDirsCache;
  }
}
