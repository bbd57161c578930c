// Django URL patterns name their view (`views.detail`, `detail`, `OrderView.as_view()`); the view is what a user
// wants to open. The name is followed the way Python binds it: the urls module's imports (parenthesised and
// aliased ones included), re-exports of a package's `__init__.py`, or a definition in the urls module itself.
// Anything that does not lead to exactly one definition leaves the route on its URL pattern.
import type { PathIndex } from '../types';
import { ModuleResolver, dirOf } from './modules';
import { parseImports, refOf } from './pyMounts';
import type { HandlerSources } from './resolve';
import { SourceText, indentRange } from './source';
import type { DjangoView, ModuleImport, RouteDefinition, RouterRef } from './types';

type Range = { startLine: number; endLine: number };

const MAX_HOPS = 4;
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];

/**
 * The top-level `def`/`class` of `name`. When a module defines a name twice the later one is what Python binds,
 * so the last definition is the answer, not a guess.
 */
function topLevelDefinition(src: SourceText, name: string): { line: number; range: Range; isClass: boolean } | undefined {
  const re = new RegExp(`^(?:async\\s+def|def|class)\\s+${name}\\b`);
  let found = -1;
  src.lines.forEach((l, i) => {
    if (re.test(l)) found = i;
  });
  if (found < 0) return undefined;
  return { line: found + 1, range: indentRange(src, found + 1), isClass: src.lines[found].startsWith('class') };
}

/** `get`, `post`... defined directly in a class-based view's body (one indentation level in). */
function handlerMethods(src: SourceText, range: Range): Record<string, { line: number; range: Range }> {
  const out: Record<string, { line: number; range: Range }> = {};
  let bodyIndent: number | undefined;
  for (let i = range.startLine; i < range.endLine; i++) {
    const line = src.lines[i];
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = /^[ \t]*/.exec(line)![0].length;
    bodyIndent ??= indent;
    if (indent !== bodyIndent) continue;
    const def = /^\s*(?:async\s+def|def)\s+(\w+)\s*\(/.exec(line);
    if (def && HTTP_METHODS.includes(def[1])) out[def[1].toUpperCase()] = { line: i + 1, range: indentRange(src, i + 1) };
  }
  return out;
}

/** `shop/views.py` → `shop.views` when `shop/` is a package: the dotted path django-prometheus labels unnamed views with. */
export function pythonModuleName(file: string, index: PathIndex): string {
  const parts = [file.replace(/\/__init__\.py$/, '').replace(/\.py$/, '').split('/').pop()!];
  let dir = dirOf(file.replace(/\/__init__\.py$/, ''));
  for (let hops = 0; dir !== '' && index.has(`${dir}/__init__.py`) && hops < 20; hops++) {
    parts.unshift(dir.split('/').pop()!);
    dir = dirOf(dir);
  }
  return parts.join('.');
}

export class DjangoViewResolver {
  private readonly modules: ModuleResolver;
  private readonly texts = new Map<string, SourceText | undefined>();
  private readonly importsByFile = new Map<string, ModuleImport[]>();

  constructor(private readonly sources: HandlerSources) {
    this.modules = new ModuleResolver([], sources.index);
  }

  private source(file: string): SourceText | undefined {
    if (!this.texts.has(file)) {
      const text = this.sources.readFile(file);
      this.texts.set(file, text === undefined ? undefined : new SourceText(text));
    }
    return this.texts.get(file);
  }

  private imports(file: string, src: SourceText): ModuleImport[] {
    let imports = this.importsByFile.get(file);
    if (!imports) this.importsByFile.set(file, (imports = parseImports(src.text)));
    return imports;
  }

  /** The file of a dotted module imported from `from`; an absolute one outside `from`'s folders only when one file fits. */
  private moduleFile(from: string, dotted: string): string | undefined {
    const found = this.modules.python(from, dotted);
    if (found || dotted.startsWith('.')) return found;
    const rel = dotted.replace(/\./g, '/');
    const hits = [`${rel}.py`, `${rel}/__init__.py`].flatMap((suffix) => {
      const m = this.sources.index.findBySuffix(suffix, 2);
      return m.segments >= suffix.split('/').length ? m.files.slice(0, m.total) : [];
    });
    return hits.length === 1 ? hits[0] : undefined;
  }

  /** Follows a reference made in `file` to the definition it binds. */
  private follow(file: string, ref: RouterRef, hops: number): { file: string; name: string } | undefined {
    if (hops > MAX_HOPS) return undefined;
    if (ref.kind === 'local') return { file, name: ref.key };
    if (ref.kind !== 'import') return undefined;
    const target = this.moduleFile(file, ref.from);
    if (!target) return undefined;
    const src = this.source(target);
    if (!src) return undefined;
    if (topLevelDefinition(src, ref.name)) return { file: target, name: ref.name };
    // A package's `__init__.py` (or any module) re-exporting the view from another module.
    const next = refOf(ref.name, this.imports(target, src));
    return next && next.kind !== 'local' ? this.follow(target, next, hops + 1) : undefined;
  }

  /** The route moved to its view's definition, or unchanged when the view cannot be found exactly. */
  resolve(route: RouteDefinition): RouteDefinition {
    const handler = route.handler ?? '';
    const urls = this.source(route.file);
    if (!urls || !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(handler)) return route;
    const ref = refOf(handler, this.imports(route.file, urls));
    const at = ref ? this.follow(route.file, ref, 0) : undefined;
    const src = at ? this.source(at.file) : undefined;
    const def = at && src ? topLevelDefinition(src, at.name) : undefined;
    if (!at || !src || !def) return route;
    const view: DjangoView = { module: pythonModuleName(at.file, this.sources.index), name: at.name };
    if (def.isClass) {
      const methods = handlerMethods(src, def.range);
      if (Object.keys(methods).length > 0) view.methods = methods;
    }
    return { ...route, file: at.file, line: def.line, range: def.range, definedAt: { file: route.file, line: route.line }, view };
  }
}
