// Checks a tool call's arguments before anything runs: types and bounds against the tool's input schema,
// workspace paths that cannot leave the workspace, and the service the call is about. Every refusal is a
// ToolInputError whose message says what to pass instead.
import { ownerOf, type DetectedService } from '../../core/detect/services';
import { oneLine } from '../../core/text';
import type { AgentToolHost, JsonSchema } from './types';
import { ToolInputError } from './types';

function typeOk(value: unknown, type: JsonSchema['type']): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    default: return true;
  }
}

function shown(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(oneLine(value, 40));
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** The arguments checked against the tool's (flat) input schema; throws with what to change. */
export function checkArguments(schema: JsonSchema, args: unknown): Record<string, unknown> {
  if (args === undefined || args === null) args = {};
  if (typeof args !== 'object' || Array.isArray(args)) throw new ToolInputError('Arguments must be a JSON object.');
  const record = args as Record<string, unknown>;
  const properties = schema.properties ?? {};
  for (const key of Object.keys(record)) {
    if (!(key in properties)) throw new ToolInputError(`Unknown argument "${oneLine(key, 40)}". This tool takes: ${Object.keys(properties).join(', ')}.`);
  }
  for (const name of schema.required ?? []) {
    if (record[name] === undefined) throw new ToolInputError(`Missing argument "${name}": ${properties[name]?.description ?? ''}`.trim());
  }
  for (const [name, prop] of Object.entries(properties)) {
    const value = record[name];
    if (value === undefined) continue;
    if (!typeOk(value, prop.type)) throw new ToolInputError(`"${name}" must be ${prop.type === 'integer' ? 'an integer' : `a ${String(prop.type)}`}, not ${shown(value)}.`);
    if (typeof value === 'number') {
      if ((prop.minimum !== undefined && value < prop.minimum) || (prop.maximum !== undefined && value > prop.maximum)) {
        throw new ToolInputError(`"${name}" must be between ${prop.minimum ?? '-∞'} and ${prop.maximum ?? '∞'}, not ${value}.`);
      }
    }
    if (typeof value === 'string') {
      if (prop.maxLength !== undefined && value.length > prop.maxLength) {
        throw new ToolInputError(`"${name}" is ${value.length.toLocaleString('en')} characters; at most ${prop.maxLength.toLocaleString('en')} are read. Pass a shorter one${name === 'trace' ? ': the exception line and its frames are enough' : ''}.`);
      }
      if (prop.minLength !== undefined && value.trim().length < prop.minLength) throw new ToolInputError(`"${name}" is empty.`);
    }
  }
  return record;
}

/**
 * A workspace-relative path as the index knows it (forward slashes, no `./`). Absolute paths and `..` are
 * refused rather than resolved: a tool answers about this workspace only.
 */
export function workspacePath(raw: string): string {
  const file = raw.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  if (file.includes('\u0000')) throw new ToolInputError('"file" holds a NUL character.');
  if (/^\//.test(file) || /^[A-Za-z]:/.test(file) || /^[a-z]+:\/\//i.test(file)) {
    throw new ToolInputError(`"file" must be relative to the workspace root (e.g. src/app.ts), not an absolute path or URL: ${oneLine(raw, 120)}.`);
  }
  if (file.split('/').some((part) => part === '..')) throw new ToolInputError('"file" must stay inside the workspace: ".." is not allowed. Give the path from the workspace root.');
  return file.replace(/\/+$/, '');
}

export async function existingFile(host: AgentToolHost, raw: string): Promise<string> {
  const file = workspacePath(raw);
  if (!(await host.fileExists(file))) throw new ToolInputError(`No file "${oneLine(file, 200)}" in the workspace. Give a path relative to the workspace root, with forward slashes.`);
  return file;
}

/** The service a call is about: named, owning the file, or the workspace's only one. */
export function pickService(services: readonly DetectedService[], name: string | undefined, file: string | undefined): DetectedService {
  const known = () => services.map((s) => s.name).join(', ');
  if (services.length === 0) throw new ToolInputError('No service found in this workspace. Call the diagnose tool to see why (missing .prodlens.json, manifest or backend).');
  if (name !== undefined) {
    const named = services.find((s) => s.name === name);
    if (!named) throw new ToolInputError(`Unknown service "${oneLine(name, 80)}". Services in this workspace: ${known()}.`);
    return named;
  }
  if (file !== undefined) {
    const owner = ownerOf(services, file);
    if (!owner) throw new ToolInputError(`"${oneLine(file, 200)}" is in no service's folders. Pass "service" (one of ${known()}).`);
    return owner;
  }
  if (services.length === 1) return services[0];
  throw new ToolInputError(`This workspace has several services: pass "service" (one of ${known()}) or a "file".`);
}
