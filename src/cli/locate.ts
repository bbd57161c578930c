// `prodlens locate [--json] [--cwd DIR] [FILE|-]`: a stack trace (or Sentry / OpenTelemetry JSON) in, the
// workspace line of every frame out, as `path:line:col` relative to the current directory so terminals make
// them clickable. Exit 0 when a frame of the user's code mapped, 1 when none did, 2 for unreadable input.
import { promises as fs } from 'fs';
import * as path from 'path';
import { createLogger } from '../core/log';
import { CodeIndex } from '../services/codeIndex';
import { ServiceRegistry } from '../services/serviceRegistry';
import { deployedWhere, frameName, groupsInPrintedOrder, groupTitle, hasMappedFrame, locateDocument, locateTrace, printable, traceMappingContext, type LocatedTrace } from '../services/traceLocator';
import { NodeWorkspaceAccess } from './nodeWorkspace';
import { locationVersionText, removedText } from '../core/versions/versionText';
import { createGitRunner } from '../services/git/gitRunner';
import { VersionLines } from '../services/git/versionLines';
import { translateTrace } from '../services/versions/translateTrace';

export interface LocateStdin {
  /** True when stdin is a terminal (nothing piped in). */
  isTTY: boolean;
  read(): Promise<string>;
}

export interface LocateIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  stdin?: LocateStdin;
}

export interface LocateOptions {
  /** A file, `-` for stdin, or undefined (stdin when something is piped in). */
  input?: string;
  json: boolean;
  /** The workspace folder (default: the current directory). */
  root?: string;
  /** The version the trace came from (`--rev`): its lines are translated to the working copy. */
  rev?: string;
}

const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export const LOCATE_USAGE = 'Usage: prodlens locate [--json] [--cwd DIR] [--rev REF] [FILE|-]   (reads stdin when FILE is - or absent and input is piped)';

async function readInput(options: LocateOptions, io: LocateIo): Promise<{ text: string } | { error: string }> {
  const fromStdin = options.input === '-' || (options.input === undefined && io.stdin !== undefined && !io.stdin.isTTY);
  if (fromStdin) {
    if (!io.stdin) return { error: 'no standard input to read from' };
    try {
      return { text: await io.stdin.read() };
    } catch (err) {
      return { error: `cannot read standard input: ${(err as Error).message}` };
    }
  }
  if (options.input === undefined) return { error: `give a FILE, or pipe a trace in (for example: pbpaste | prodlens locate).\n${LOCATE_USAGE}` };
  const file = path.resolve(io.cwd, options.input);
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { error: `${options.input} is not a file` };
    if (stat.size > MAX_INPUT_BYTES) return { error: `${options.input} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB` };
    return { text: await fs.readFile(file, 'utf8') };
  } catch (err) {
    return { error: `cannot read ${options.input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}

export async function runLocate(options: LocateOptions, io: LocateIo): Promise<number> {
  const root = path.resolve(io.cwd, options.root ?? '.');
  const rootStat = await fs.stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    io.err(`prodlens locate: --cwd ${options.root ?? '.'} is not a folder.`);
    return 2;
  }
  const input = await readInput(options, io);
  if ('error' in input) {
    io.err(`prodlens locate: ${input.error}`);
    return 2;
  }
  if (input.text.trim() === '') {
    io.err('prodlens locate: the input is empty.');
    return 2;
  }
  if (input.text.includes('\u0000')) {
    io.err('prodlens locate: the input is binary, not a text trace or JSON event.');
    return 2;
  }
  const log = createLogger((level, line) => (level === 'warn' || level === 'error') && io.err(`prodlens: ${line}`));
  const access = new NodeWorkspaceAccess(root);
  const registry = new ServiceRegistry(access, log);
  const code = new CodeIndex(access, log);
  const detection = await registry.detect();
  const index = await code.fileIndex();
  let located = locateTrace(input.text, traceMappingContext(index, { services: detection.services, goModules: code.goModules }));
  let note: string | undefined;
  if (options.rev !== undefined) ({ located, note } = await translateTrace(located, options.rev, new VersionLines(createGitRunner(), root)));
  if (options.json) io.out(JSON.stringify(withVersions(locateDocument(located), located, options.rev, note), null, 2));
  else io.out(renderLocateText(located, (file) => clickable(io.cwd, root, file)) + (note ? `\n${printable(note, 300)}` : ''));
  return hasMappedFrame(located) ? 0 : 1;
}

/**
 * `--rev` in the JSON (additive to the locate schema): the version asked, each frame's production line and
 * state (`location.version`), and for code removed since, where it was (`removed`).
 */
function withVersions(doc: ReturnType<typeof locateDocument>, located: LocatedTrace, rev: string | undefined, note: string | undefined) {
  if (rev === undefined) return doc;
  return {
    ...doc,
    rev,
    revNote: note ?? null,
    frames: doc.frames.map((f) => {
      const result = located.results[f.index];
      return { ...f, location: f.location && result?.location?.version ? { ...f.location, version: result.location.version } : f.location, removed: result?.removed ?? null };
    }),
  };
}

/** A workspace file as the user's terminal can open it: relative to the current directory. */
function clickable(cwd: string, root: string, file: string): string {
  const relative = path.relative(cwd, path.join(root, ...file.split('/')));
  return relative.split(path.sep).join('/');
}

/** The human output: one line per frame in printed order, grouped when the trace has several groups. */
export function renderLocateText(located: LocatedTrace, pathOf: (file: string) => string): string {
  const { trace, results } = located;
  if (trace.frames.length === 0) return `No stack frame found: ${printable(located.unparsed ?? 'the input holds no frame')}.`;
  const lines: string[] = [];
  const frameLines = (index: number, indent: string) => {
    const frame = trace.frames[index];
    const result = results[index];
    const name = printable(frameName(frame), 120);
    const loc = result?.location;
    if (loc) {
      const at = `${pathOf(loc.file)}:${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}`;
      const version = locationVersionText(loc.version);
      lines.push(`${indent}#${index}  ${at}  ${name}${version ? `  (${printable(version, 300)})` : ''}${located.crashFrame === index ? '  ← crash' : ''}`);
      return;
    }
    const reason = result?.unmapped ?? 'unparsed';
    lines.push(`${indent}#${index}  [${reason}] ${printable(deployedWhere(frame), 200)}  ${name}`);
    if (reason === 'library') return;
    if (result?.explanation) lines.push(`${indent}      ${printable(result.explanation, 400)}`);
    if (reason === 'ambiguous') for (const c of result?.candidates ?? []) lines.push(`${indent}      ${pathOf(c)}${frame.line !== undefined ? `:${frame.line}` : ''}`);
  };
  if (trace.groups.length > 1) {
    const seen = new Set<number>();
    for (const g of groupsInPrintedOrder(trace)) {
      const group = trace.groups[g];
      lines.push(printable(groupTitle(trace, g), 300));
      for (const i of group.frames) {
        seen.add(i);
        frameLines(i, '  ');
      }
      if (group.elided) lines.push(`  … ${group.elided} more not printed`);
    }
    trace.frames.forEach((_, i) => !seen.has(i) && frameLines(i, ''));
  } else {
    const group = trace.groups[0];
    if (group && (group.type || group.message || group.label)) lines.push(printable(groupTitle(trace, 0), 300));
    trace.frames.forEach((_, i) => frameLines(i, '  '));
    if (trace.groups[0]?.elided) lines.push(`  … ${trace.groups[0].elided} more not printed`);
  }
  const mapped = results.filter((r) => r.location).length;
  const crash = located.crashFrame !== undefined ? results[located.crashFrame]?.location : undefined;
  lines.push('');
  const removed = located.crashFrame !== undefined ? results[located.crashFrame]?.removed : undefined;
  if (crash && located.crashFrame !== undefined) lines.push(`${mapped} of ${trace.frames.length} frames in this workspace; the crash is #${located.crashFrame} at ${pathOf(crash.file)}:${crash.line}${crash.column !== undefined ? `:${crash.column}` : ''}.`);
  else if (removed && located.crashFrame !== undefined) lines.push(`${mapped} of ${trace.frames.length} frames in this workspace; the crash is #${located.crashFrame}: ${printable(removedText(removed), 300)}.`);
  else lines.push(`None of the ${trace.frames.length} frames is in this workspace.`);
  if (trace.truncated) lines.push('The input was cut: it is longer than ProdLens reads, or ends in the middle of a trace.');
  return lines.join('\n');
}

/** Reads a whole stream as UTF-8 (the trace piped into `prodlens locate`). */
export async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) throw new Error(`more than ${MAX_INPUT_BYTES / 1024 / 1024} MB`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
