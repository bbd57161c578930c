// Lists the functions longer than a limit (80 lines by default) in the TypeScript files under a folder, so a
// long function is split along its steps before it grows further. A function may stay long when the line
// right above it says why: `// long-function: <why>` (above the `const` of an arrow function, above a method).
//   node scripts/lib/longFunctions.mjs [folder...]   (default src/; exits 1 when it lists any)
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ts = createRequire(import.meta.url)('typescript');

export const MAX_FUNCTION_LINES = 80;
const ALLOW = /^\s*\/\/\s*long-function:\s*\S/;

/** The `.ts` files under `dir`, declaration files left out, in a stable order. */
function listTs(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function isFunctionLike(node) {
  return ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)
    || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);
}

/** The node the allow-comment sits above: the whole `const x = () => ...` statement for a function value. */
function anchorOf(node) {
  let anchor = node;
  const parent = node.parent;
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(parent)) {
    anchor = ts.isVariableStatement(parent.parent?.parent) ? parent.parent.parent : parent;
  } else if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) {
    anchor = parent;
  }
  return anchor;
}

function nameOf(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return '(anonymous)';
}

/** The functions of one file's text longer than `maxLines`, each with its first line (1-based) and length. */
export function longFunctionsInText(fileName, text, maxLines = MAX_FUNCTION_LINES) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines = text.split('\n');
  const found = [];
  const visit = (node) => {
    if (isFunctionLike(node)) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const length = end - start + 1;
      if (length > maxLines) {
        const anchorLine = source.getLineAndCharacterOfPosition(anchorOf(node).getStart(source)).line;
        if (!ALLOW.test(lines[anchorLine - 1] ?? '')) found.push({ file: fileName, name: nameOf(node), line: start + 1, lines: length });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The long functions of every `.ts` file under `dir`; `file` is relative to `root`. */
export function listLongFunctions(dir, { root = dir, maxLines = MAX_FUNCTION_LINES } = {}) {
  return listTs(dir).flatMap((file) => longFunctionsInText(path.relative(root, file).split(path.sep).join('/'), readFileSync(file, 'utf8'), maxLines));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.cwd();
  const dirs = process.argv.length > 2 ? process.argv.slice(2) : ['src'];
  const found = dirs.flatMap((dir) => listLongFunctions(path.resolve(root, dir), { root }));
  for (const f of found) console.log(`${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
  if (found.length > 0) {
    console.log(`${found.length} function(s) over ${MAX_FUNCTION_LINES} lines: split them, or say why above them with // long-function: <why>`);
    process.exitCode = 1;
  }
}
