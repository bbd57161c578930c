// Spring MVC/WebFlux (`@RequestMapping` on the class, `@GetMapping("/{id}")` on methods) and JAX-RS
// (`@Path` + `@GET`) routes in Java and Kotlin.
import type { RouteDefinition, RouteFramework } from './types';
import type { SourceText } from './source';
import { braceRange, matchingClose, readString, skipSpace } from './source';

const ANNOTATION = /@(RequestMapping|GetMapping|PostMapping|PutMapping|PatchMapping|DeleteMapping|Path|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g;
const VERB_OF: Record<string, string> = { GetMapping: 'GET', PostMapping: 'POST', PutMapping: 'PUT', PatchMapping: 'PATCH', DeleteMapping: 'DELETE' };

/** Paths of an annotation's arguments: `("/x")`, `(value = "/x")`, `(path = {"/a", "/b"})`, `()` → `['']`. */
function annotationPaths(text: string, after: number): { paths: string[]; args: string; end: number } {
  const open = skipSpace(text, after);
  if (text[open] !== '(') return { paths: [''], args: '', end: after };
  const close = matchingClose(text, open);
  if (close < 0) return { paths: [''], args: '', end: after };
  const args = text.slice(open + 1, close);
  const named = /\b(value|path)\s*=\s*/.exec(args);
  const start = named ? named.index + named[0].length : 0;
  const paths: string[] = [];
  let i = skipSpace(args, start);
  const inArray = args[i] === '{' || args[i] === '[';
  if (inArray) i++;
  for (;;) {
    i = skipSpace(args, i);
    const lit = readString(args, i);
    if (!lit) break;
    paths.push(lit.value);
    i = skipSpace(args, lit.end);
    if (!inArray || args[i] !== ',') break;
    i++;
  }
  if (paths.length === 0 && (named || /^\s*["']/.test(args) || args.trim() === '' || /^\s*(method|produces|consumes|params|headers)\s*=/.test(args))) paths.push('');
  return { paths, args, end: close + 1 };
}

function join(base: string, sub: string): string {
  const p = `/${base.replace(/^\/+|\/+$/g, '')}/${sub.replace(/^\/+/, '')}`.replace(/\/+/g, '/');
  return p.length > 1 ? p.replace(/\/$/, '') : p;
}

interface Declaration {
  offset: number;
  isClass: boolean;
  name?: string;
  nameOffset: number;
  spring?: { methods: string[]; paths: string[] };
  jaxPaths?: string[];
  jaxVerb?: string;
}

/** The declaration an annotation at `from` belongs to: skips further annotations (with their arguments). */
function declarationAfter(text: string, from: number): Omit<Declaration, 'spring' | 'jaxPaths' | 'jaxVerb'> | undefined {
  let p = from;
  for (let guard = 0; guard < 30; guard++) {
    p = skipSpace(text, p);
    if (text[p] !== '@') break;
    const name = /^@[\w.]+/.exec(text.slice(p, p + 200));
    if (!name) return undefined;
    p += name[0].length;
    const q = skipSpace(text, p);
    if (text[q] === '(') {
      const close = matchingClose(text, q);
      if (close < 0) return undefined;
      p = close + 1;
    }
  }
  const head = text.slice(p, p + 400);
  const cls = /^[^;{(]*?\b(class|interface|object)\s+([A-Z]\w*)/.exec(head);
  if (cls) return { offset: p, isClass: true, name: cls[2], nameOffset: p + cls.index };
  const fn = /^[^;{=]*?\b([A-Za-z_]\w*)\s*\(/.exec(head);
  if (!fn) return undefined;
  return { offset: p, isClass: false, name: fn[1], nameOffset: p + fn[0].length - 1 };
}

export function scanJvmRoutes(file: string, src: SourceText): RouteDefinition[] {
  const text = src.text;
  const declarations = new Map<number, Declaration>();
  ANNOTATION.lastIndex = 0;
  for (let m = ANNOTATION.exec(text); m; m = ANNOTATION.exec(text)) {
    const name = m[1];
    const parsed = /^[A-Z]+$/.test(name) ? undefined : annotationPaths(text, m.index + m[0].length);
    const decl = declarationAfter(text, parsed ? parsed.end : m.index + m[0].length);
    if (!decl) continue;
    const entry = declarations.get(decl.offset) ?? { ...decl };
    declarations.set(decl.offset, entry);
    if (!parsed) entry.jaxVerb = name;
    else if (name === 'Path') entry.jaxPaths = parsed.paths;
    else {
      const methods = VERB_OF[name] ? [VERB_OF[name]] : [...parsed.args.matchAll(/RequestMethod\.(\w+)/g)].map((x) => x[1]);
      entry.spring = { methods: methods.length ? methods : ['*'], paths: parsed.paths };
    }
  }
  const routes: RouteDefinition[] = [];
  let base: string[] = [''];
  for (const decl of [...declarations.values()].sort((a, b) => a.offset - b.offset)) {
    if (decl.isClass) {
      base = decl.spring?.paths ?? decl.jaxPaths ?? [''];
      continue;
    }
    const framework: RouteFramework = decl.spring ? 'spring' : 'jaxrs';
    const methods = decl.spring?.methods ?? (decl.jaxVerb ? [decl.jaxVerb] : undefined);
    if (!methods) continue;
    const paths = decl.spring?.paths ?? decl.jaxPaths ?? [''];
    const line = src.lineAt(decl.offset);
    const range = braceRange(src, decl.nameOffset, 3000, ';=@');
    for (const b of base) {
      for (const sub of paths) {
        for (const method of methods) {
          routes.push({
            framework, method, path: join(b, sub), file, line, ...(decl.name ? { handler: decl.name } : {}),
            ...(range ? { range: { startLine: line, endLine: range.endLine } } : {}),
          });
        }
      }
    }
  }
  return routes;
}
