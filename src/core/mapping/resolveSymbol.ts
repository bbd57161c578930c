// Rules that work from the symbol rather than the path: Java/Kotlin classes, Go import paths against go.mod,
// Python dotted modules and .NET namespaces. Each knows how its language lays files out.
import { normalisePath } from './classify';
import { goPackageOf } from './parse/go';
import { FOLDER_ADVICE, MAX_CANDIDATES, basenameOf, chooseAmong, type Resolution } from './resolution';
import type { MappingContext, TraceFrame } from './types';

/** Files ending with every segment of `rel`, or undefined when none has all of them. */
function fullSuffix(rel: string, ctx: MappingContext): { files: string[]; complete: boolean } | undefined {
  const match = ctx.index.findBySuffix(rel, 200);
  const needed = rel.split('/').length;
  if (match.segments < needed || match.total === 0) return undefined;
  return { files: match.files, complete: match.total <= match.files.length };
}

/** `com.acme.Foo$Bar$1` + `Foo.java` → `com/acme/Foo.java`; `AppKt` with no file → `App.kt`. */
export function resolveJvmClass(frame: TraceFrame, ctx: MappingContext): Resolution | undefined {
  const cls = frame.module;
  if (!cls) return undefined;
  const dot = cls.lastIndexOf('.');
  const pkg = dot > 0 ? cls.slice(0, dot) : '';
  const outer = (dot > 0 ? cls.slice(dot + 1) : cls).split('$')[0];
  if (!outer) return undefined;
  const given = frame.deployedPath ? basenameOf(normalisePath(frame.deployedPath)) : undefined;
  const names = given ? [given] : outer.endsWith('Kt') ? [`${outer.slice(0, -2)}.kt`] : [`${outer}.java`, `${outer}.kt`, `${outer}.scala`, `${outer}.groovy`];
  const dir = pkg.replace(/\./g, '/');
  const files = new Set<string>();
  let complete = true;
  for (const name of names) {
    const hit = fullSuffix(dir ? `${dir}/${name}` : name, ctx);
    if (hit) {
      hit.files.forEach((f) => files.add(f));
      complete &&= hit.complete;
    }
  }
  const what = `${pkg ? `package ${pkg}, ` : ''}file ${names.join(' or ')}`;
  const found = (file: string, note: string): Resolution => ({
    kind: 'found', file, confidence: pkg ? 'high' : 'medium', reason: `class ${cls} → ${dir ? `${dir}/` : ''}${basenameOf(file)}${note}`,
  });
  if (files.size === 1) return found([...files][0], '');
  if (files.size > 1) return chooseAmong([...files].sort(), complete, ctx, found, what, FOLDER_ADVICE);
  // Kotlin does not require folders to follow packages (and often drops the common root package).
  const kotlin = names.filter((n) => n.endsWith('.kt'));
  const loose = kotlin.flatMap((n) => ctx.index.filesNamed(n, MAX_CANDIDATES));
  if (loose.length === 1) {
    return { kind: 'found', file: loose[0], confidence: 'medium', reason: `class ${cls}: the only ${basenameOf(loose[0])} in the workspace (its folder does not follow the package)` };
  }
  const named = names.flatMap((n) => ctx.index.filesNamed(n, MAX_CANDIDATES));
  if (loose.length > 1) return chooseAmong(loose, loose.length < MAX_CANDIDATES, ctx, found, `Kotlin file ${kotlin.join(' or ')}`, FOLDER_ADVICE);
  return {
    kind: 'missing',
    candidates: named,
    explanation: `no workspace file is ${dir ? `${dir}/` : ''}${names.join(' or ')} (class ${cls})${named.length ? `; other files of that name: ${named.join(', ')}` : ''}.`,
  };
}

/** `github.com/acme/inv/internal/store.(*DB).Get` in module `github.com/acme/inv` at `services/inv` → `services/inv/internal/store/db.go`. */
export function resolveGoPackage(frame: TraceFrame, ctx: MappingContext): Resolution | undefined {
  const modules = [...(ctx.goModules ?? [])].sort((a, b) => b.module.length - a.module.length);
  if (modules.length === 0) return undefined;
  const path = frame.deployedPath ? normalisePath(frame.deployedPath) : '';
  const name = path ? basenameOf(path) : '';
  const join = (...parts: string[]) => parts.filter((p) => p !== '').join('/');
  const tried: string[] = [];
  // Built with -trimpath, the file path itself is the import path: `github.com/acme/inv/cmd/server/main.go`.
  for (const m of modules) {
    const at = path.indexOf(`${m.module}/`);
    if (at === 0 || (at > 0 && path.charAt(at - 1) === '/')) {
      const file = join(m.folder, path.slice(at + m.module.length + 1));
      if (ctx.index.has(file)) return { kind: 'found', file, confidence: 'exact', reason: `Go module ${m.module} (${join(m.folder, 'go.mod')})` };
      tried.push(file);
    }
  }
  const pkg = frame.module ?? (frame.function ? goPackageOf(frame.function) : undefined);
  if (pkg && name) {
    for (const m of modules) {
      if (pkg !== m.module && !pkg.startsWith(`${m.module}/`)) continue;
      const file = join(m.folder, pkg.slice(m.module.length + 1), name);
      if (ctx.index.has(file)) return { kind: 'found', file, confidence: 'exact', reason: `Go import path ${pkg} in module ${m.module} (${join(m.folder, 'go.mod')})` };
      tried.push(file);
    }
  }
  return tried.length > 0 ? { kind: 'missing', explanation: `the Go module layout gives ${tried.join(', ')}, which is not in the workspace.` } : undefined;
}

/** `shop.views` → `shop/views.py` or `shop/views/__init__.py`, under any source root (`src/`, a service folder). */
export function resolvePythonModule(frame: TraceFrame, ctx: MappingContext): Resolution | undefined {
  const mod = frame.module;
  if (!mod || !/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(mod) || mod === '__main__') return undefined;
  const dir = mod.replace(/\./g, '/');
  const files = new Set<string>();
  let complete = true;
  for (const rel of [`${dir}.py`, `${dir}/__init__.py`]) {
    const hit = fullSuffix(rel, ctx);
    if (hit) {
      hit.files.forEach((f) => files.add(f));
      complete &&= hit.complete;
    }
  }
  const found = (file: string, note: string): Resolution => ({ kind: 'found', file, confidence: mod.includes('.') ? 'high' : 'medium', reason: `Python module ${mod} → ${file}${note}` });
  if (files.size === 1) return found([...files][0], '');
  if (files.size > 1) return chooseAmong([...files].sort(), complete, ctx, found, `module ${mod}`, FOLDER_ADVICE);
  return { kind: 'missing', explanation: `no workspace file is ${dir}.py or ${dir}/__init__.py (module ${mod}).` };
}

/**
 * `Acme.Orders.Controllers.OrdersController` → a file `OrdersController.cs` whose folders, read as dotted names
 * (`src/Acme.Orders/Controllers`), end with the most namespace segments.
 */
export function resolveDotnetType(frame: TraceFrame, ctx: MappingContext): Resolution | undefined {
  const symbol = frame.module;
  if (!symbol) return undefined;
  const parts = symbol.split('.');
  const typeName = parts[parts.length - 1].split('+')[0].replace(/`\d+$/, '');
  const namespace = parts.slice(0, -1);
  const given = frame.deployedPath ? basenameOf(normalisePath(frame.deployedPath)) : undefined;
  const fileName = given ?? `${typeName}.cs`;
  const files = ctx.index.filesNamed(fileName, 500);
  if (files.length === 0) return { kind: 'missing', explanation: `no workspace file is named ${fileName} (type ${symbol}).` };
  const score = (file: string) => {
    const folders = file.split('/').slice(0, -1).join('.').split('.');
    let k = 0;
    while (k < namespace.length && k < folders.length && namespace[namespace.length - 1 - k] === folders[folders.length - 1 - k]) k++;
    return k;
  };
  const scored = files.map((f) => ({ f, k: score(f) }));
  const best = Math.max(...scored.map((s) => s.k));
  let top = scored.filter((s) => s.k === best).map((s) => s.f);
  // No namespace segment in any folder: only a file sitting at the top of the tree is plausible.
  if (best === 0) top = top.filter((f) => f.split('/').length <= 2);
  if (top.length === 0) {
    return { kind: 'missing', candidates: files.slice(0, MAX_CANDIDATES), explanation: `no folder of a ${fileName} matches the namespace ${namespace.join('.')}: ${files.slice(0, MAX_CANDIDATES).join(', ')}.` };
  }
  const confidence = best === namespace.length && best > 0 ? 'high' : best > 0 ? 'medium' : 'low';
  const found = (file: string, note: string): Resolution => ({
    kind: 'found', file, confidence,
    reason: best > 0 ? `namespace ${namespace.join('.')} → folders of ${file}${note}` : `the only ${fileName} in the workspace${note}`,
  });
  if (top.length === 1) return found(top[0], '');
  return chooseAmong(top, files.length < 500, ctx, found, `type ${symbol}`, FOLDER_ADVICE);
}
