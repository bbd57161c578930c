// Is a frame library or runtime code? Decided from the path and the symbol, never from the producer's `inApp`
// alone: SDKs mark vendored and node_modules frames in-app often enough that trusting it maps into dependencies.
import type { GoModule, TraceFrame, TraceLanguage } from './types';
import { goPackageOf } from './parse/go';
import { DOTNET_LIBRARY_PREFIXES, GO_STD_ROOTS, JVM_LIBRARY_PREFIXES, LIBRARY_PATH_MARKS, NODE_CORE_FILES, RUNTIME_PSEUDO_FILES } from './libraryRules';

const EXTENSIONS: [RegExp, TraceLanguage][] = [
  [/\.(m|c)?(j|t)sx?$|\.(vue|svelte)$/, 'node'],
  [/\.pyw?$/, 'python'],
  [/\.(java|kt|kts|scala|groovy|clj)$/, 'jvm'],
  [/\.go$/, 'go'],
  [/\.(cs|fs|vb)$/, 'dotnet'],
  [/\.(rb|rake|erb)$/, 'ruby'],
  [/\.(php|phtml|inc)$/, 'php'],
];

/** Normalises separators and drops `?query` / `#hash` suffixes that bundlers append. */
export function normalisePath(path: string): string {
  let p = path.replace(/\\/g, '/');
  const q = p.search(/[?#]/);
  if (q > 0 && !p.startsWith('webpack-internal')) p = p.slice(0, q);
  return p;
}

export function frameLanguage(frame: TraceFrame): TraceLanguage | undefined {
  if (frame.deployedPath) {
    const p = normalisePath(frame.deployedPath);
    for (const [re, language] of EXTENSIONS) if (re.test(p)) return language;
  }
  return frame.language;
}

export interface ClassifyOptions {
  goModules?: readonly GoModule[];
  appPackages?: readonly string[];
}

function startsWithAny(name: string, prefixes: readonly string[]): string | undefined {
  return prefixes.find((p) => name.startsWith(p) || `${name}.` === p);
}

function goLibrary(pkg: string, options: ClassifyOptions): string | undefined {
  const modules = options.goModules ?? [];
  if (modules.some((m) => pkg === m.module || pkg.startsWith(`${m.module}/`))) return undefined;
  const root = pkg.split('/')[0];
  if (!root.includes('.')) {
    return GO_STD_ROOTS.has(root) ? `the Go standard library (${pkg})` : undefined;
  }
  // A module path with a domain that no go.mod of the workspace declares is a dependency.
  return modules.length > 0 ? `a third-party Go module (${pkg})` : undefined;
}

function pathLibrary(path: string, language: TraceLanguage | undefined): string | undefined {
  const p = `/${path.replace(/^\/+/, '')}`;
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (base.startsWith('<') || base === 'native' || base === '[native code]') {
    for (const [name, why] of RUNTIME_PSEUDO_FILES) if (name.test(base)) return why;
  }
  if (path.startsWith('node:')) return 'the Node.js runtime';
  for (const [mark, why] of LIBRARY_PATH_MARKS) if (p.includes(mark)) return why;
  if (path.startsWith('<internal:')) return 'the Ruby runtime';
  if (path.startsWith('phar://')) return 'a PHP archive (phar)';
  if (/\/lib\/python\d[\d.]*\//.test(p) || /\/python\d+\/lib\//i.test(p)) return 'the Python standard library';
  if (/\/lib\/ruby\/(\d|site_ruby|vendor_ruby)/.test(p)) return 'the Ruby standard library';
  if (language === 'node' || language === undefined) {
    if (/^internal\//.test(path) || (!path.includes('/') && NODE_CORE_FILES.has(path))) return 'the Node.js runtime';
  }
  // GOROOT/src/<std>/...: but GOPATH/src/github.com/... is application code, told apart by the domain's dot.
  const goroot = /\/(go|go\d[\w.-]*|goroot|libexec|golang)\/src\/([^/]+)\//.exec(p);
  if (goroot && !goroot[2].includes('.') && GO_STD_ROOTS.has(goroot[2])) return 'the Go runtime (GOROOT)';
  if (/^\/usr\/(local\/)?(lib\/)?go[^/]*\/src\//.test(p)) return 'the Go runtime (GOROOT)';
  if (/^\/(usr\/share|usr\/lib|opt)\/dotnet\//.test(p) || p.includes('/Microsoft.NET/')) return 'the .NET runtime';
  return undefined;
}

/** Why the frame is library or runtime code, or undefined when it may be the workspace's own. */
export function libraryReason(frame: TraceFrame, options: ClassifyOptions = {}): string | undefined {
  const language = frameLanguage(frame);
  const module = frame.module ?? '';
  const app = options.appPackages ?? [];
  const ownedByApp = module !== '' && startsWithAny(module, app.map((p) => (p.endsWith('.') || p.endsWith('/') ? p : `${p}.`)));
  const path = frame.deployedPath ? normalisePath(frame.deployedPath) : '';
  if (path) {
    const byPath = pathLibrary(path, language);
    if (byPath) return byPath;
  }
  if (ownedByApp) return undefined;
  if (language === 'jvm' && module) {
    const prefix = startsWithAny(module, JVM_LIBRARY_PREFIXES);
    if (prefix) return `a JDK or library class (${prefix}*)`;
    if (/\$\$(EnhancerBySpringCGLIB|SpringCGLIB|FastClassBySpringCGLIB|Lambda)\$\$|^\$Proxy\d/.test(module)) return 'a generated proxy class';
  }
  if (language === 'dotnet') {
    const symbol = module || frame.function || '';
    const prefix = startsWithAny(symbol.replace(/\+/g, '.'), DOTNET_LIBRARY_PREFIXES);
    if (prefix) return `a .NET runtime or NuGet package type (${prefix}*)`;
    if (/^lambda_method\d*$/.test(frame.function ?? '')) return 'runtime-generated .NET code';
  }
  if (language === 'go') {
    const pkg = frame.module ?? (frame.function ? goPackageOf(frame.function) : undefined);
    if (pkg) return goLibrary(pkg, options);
  }
  return undefined;
}
