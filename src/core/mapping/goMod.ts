// go.mod's `module` line, so callers can build MappingContext.goModules from the texts they read.
import type { GoModule } from './types';

/** The module path of a go.mod text (`module github.com/acme/inv // comment` → `github.com/acme/inv`). */
export function parseGoModModule(text: string): string | undefined {
  for (const raw of text.split(/\r?\n/, 200)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const m = /^module\s+"?([^\s"]+)"?$/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** GoModules from `[path of go.mod, its text]` pairs. */
export function goModulesOf(files: readonly { path: string; text: string }[]): GoModule[] {
  const out: GoModule[] = [];
  for (const f of files) {
    const module = parseGoModModule(f.text);
    if (!module) continue;
    const slash = f.path.lastIndexOf('/');
    out.push({ module, folder: slash < 0 ? '' : f.path.slice(0, slash) });
  }
  return out;
}
