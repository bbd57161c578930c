// Frame → workspace file and line, or a reason it cannot be. Rules in order: library frames never map;
// explicit path mappings; the language's own layout (Java packages, Go modules); deploy roots and the longest
// unique path suffix; Python modules; .NET namespaces. A tie is reported with its candidates, never guessed.
import type { CodeLocation, MappingResult, StackFrame } from '../model';
import { frameLanguage, libraryReason, normalisePath } from './classify';
import type { Resolution } from './resolution';
import { resolveByPathMapping, resolveBySuffix } from './resolvePath';
import { resolveDotnetType, resolveGoPackage, resolveJvmClass, resolvePythonModule } from './resolveSymbol';
import type { MappingContext, TraceFrame } from './types';

type Rule = (frame: TraceFrame, ctx: MappingContext) => Resolution | undefined;

const NO_FILE = new Set(['<anonymous>', 'native', '[native code]', '<unknown>', '<string>', '<stdin>', 'unknown', 'Unknown Source']);

function describe(frame: StackFrame): string {
  const where = frame.deployedPath ?? frame.module ?? frame.function ?? 'the frame';
  const withLine = frame.line !== undefined && frame.deployedPath ? `${where}:${frame.line}` : where;
  // `ArrayList.java:1541` alone says little; its class says which one.
  return frame.module && frame.deployedPath && !/[/\\]/.test(frame.deployedPath) ? `${frame.module} (${withLine})` : withLine;
}

function rulesFor(frame: TraceFrame): Rule[] {
  const language = frameLanguage(frame);
  const path = frame.deployedPath ? normalisePath(frame.deployedPath) : '';
  const hasPath = path !== '' && !NO_FILE.has(path) && !path.startsWith('<');
  const rules: Rule[] = [];
  if (hasPath) rules.push((f, ctx) => resolveByPathMapping(f.deployedPath!, ctx));
  // A JVM frame names only `Foo.java`: the package says which of many Foo.java it is, so it replaces the suffix rule.
  if (language === 'jvm' && frame.module) return [...rules, resolveJvmClass];
  if (language === 'go') rules.push(resolveGoPackage);
  if (hasPath) rules.push((f, ctx) => resolveBySuffix(f.deployedPath!, ctx));
  if (frame.module && (language === 'python' || (!hasPath && language === undefined))) rules.push(resolvePythonModule);
  if (frame.module && (language === 'dotnet' || (!hasPath && language === undefined))) rules.push(resolveDotnetType);
  if (!hasPath && language === undefined && frame.module) rules.push(resolveJvmClass);
  return rules;
}

/** Starts a sentence with a capital unless it starts with a path or symbol (`java.util.X`, `/app/x.js`). */
function sentence(text: string): string {
  return /^[a-z][a-z]*\s/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function unmapped(reason: MappingResult['unmapped'], explanation: string, candidates: string[] = []): MappingResult {
  return { location: null, unmapped: reason, explanation, candidates };
}

/** Maps one frame. Never throws; `ctx.index` is the only view of the workspace it uses. */
export function mapFrame(frame: TraceFrame, ctx: MappingContext): MappingResult {
  try {
    return mapFrameUnguarded(frame, ctx);
  } catch (error) {
    // Frames come from pasted text and remote events: a malformed one must cost one row, not the whole view.
    return unmapped('nomatch', `The frame could not be mapped (${error instanceof Error ? error.message : String(error)}).`);
  }
}

type Missing = Extract<Resolution, { kind: 'missing' }>;

function mapFrameUnguarded(frame: TraceFrame, ctx: MappingContext): MappingResult {
  const library = libraryReason(frame, ctx);
  if (library) return unmapped('library', `${describe(frame)} is ${library}: library and runtime frames are not mapped.`);
  const rules = rulesFor(frame);
  if (rules.length === 0) {
    return unmapped('nolocation', `The frame${frame.function ? ` ${frame.function}` : ''} names no file${frame.deployedPath ? ` (${frame.deployedPath})` : ''}, so it cannot be placed in the workspace.`);
  }
  const misses: Missing[] = [];
  let resolution: Exclude<Resolution, { kind: 'missing' }> | undefined;
  for (const rule of rules) {
    const r = rule(frame, ctx);
    if (!r) continue;
    if (r.kind !== 'missing') {
      resolution = r;
      break;
    }
    misses.push(r);
    if (r.final) break;
  }
  if (!resolution) {
    if (misses.length === 0) return unmapped('nolocation', `${describe(frame)} carries nothing that could name a workspace file.`);
    const candidates = [...new Set(misses.flatMap((m) => m.candidates ?? []))];
    return unmapped('nomatch', misses.map((m) => sentence(m.explanation)).join(' '), candidates);
  }
  if (resolution.kind === 'ambiguous') return unmapped('ambiguous', resolution.explanation, resolution.candidates);
  if (frame.line === undefined) {
    return unmapped('nolocation', `The file is ${resolution.file} (${resolution.reason}), but the frame has no line number.`, [resolution.file]);
  }
  const location: CodeLocation = { file: resolution.file, line: frame.line, confidence: resolution.confidence, reason: resolution.reason };
  if (frame.column !== undefined) location.column = frame.column;
  return { location, unmapped: null };
}
