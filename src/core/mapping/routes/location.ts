// Where a matched route row points in the code, and the sentence that says why. A Django row points at its view
// (for a class-based view and a row of one method, at that method's handler), not at the URL pattern.
import type { CodeLocation } from '../../model';
import type { RouteDefinition, RouteMatch } from './types';

const FRAMEWORK_NAMES: Partial<Record<RouteDefinition['framework'], string>> = { django: 'Django', flask: 'Flask', fastapi: 'FastAPI', rails: 'Rails' };

function methodHandler(def: RouteDefinition, method: string | undefined): { verb: string; line: number; range: { startLine: number; endLine: number } } | undefined {
  const methods = def.view?.methods;
  const m = method?.toUpperCase();
  if (!methods || !m) return undefined;
  if (methods[m]) return { verb: m.toLowerCase(), ...methods[m] };
  // Django's View answers HEAD with `get` when the class defines no `head`.
  return m === 'HEAD' && methods.GET ? { verb: 'get', ...methods.GET } : undefined;
}

/** The location of a route row, `method` being the row's own (a class-based view then points at `get`/`post`). */
export function routeLocation(match: RouteMatch, method?: string): CodeLocation | undefined {
  const def = match.route;
  if (!def || match.ambiguous) return undefined;
  const how = match.basis ?? match.reason;
  const declared = def.definedAt ? ` (${def.definedAt.file}:${def.definedAt.line})` : '';
  if (def.view) {
    const handler = methodHandler(def, method);
    const name = `${def.view.module}.${def.view.name}${handler ? `.${handler.verb}` : ''}`;
    return {
      file: def.file, line: handler?.line ?? def.line, range: handler?.range ?? def.range, confidence: 'high',
      reason: `Django view ${name} for ${def.path}${declared}, by ${how}`,
    };
  }
  const framework = FRAMEWORK_NAMES[def.framework] ?? def.framework;
  const verb = def.method === '*' ? '' : `${def.method} `;
  if (def.framework === 'django') {
    // The view named by the pattern was not found exactly (not in the workspace, or more than one candidate).
    return {
      file: def.file, line: def.line, range: def.range, confidence: 'high',
      reason: `Django URL pattern ${def.path} (${def.file}:${def.line}), by ${how}; its view ${def.handler ?? '(unnamed)'} could not be followed to one definition in the workspace`,
    };
  }
  return { file: def.file, line: def.line, range: def.range, confidence: 'high', reason: `${framework} route ${verb}${def.path}: ${match.reason}` };
}
