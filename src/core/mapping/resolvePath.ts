// Rules that work from the deployed path: explicit `.prodlens.json` mappings, then deploy roots and the longest
// unique path suffix shared with a workspace file.
import { applyPathMappings, stripDeployRoot } from './deployRoots';
import { MAX_CANDIDATES, chooseAmong, type Resolution } from './resolution';
import type { MappingContext } from './types';

export function resolveByPathMapping(deployedPath: string, ctx: MappingContext): Resolution | undefined {
  const hits = applyPathMappings(deployedPath, ctx.pathMappings ?? []);
  if (hits.length === 0) return undefined;
  const describe = (h: (typeof hits)[number]) => `path mapping ${h.mapping.from} → ${h.mapping.to === '' ? '(workspace root)' : h.mapping.to}`;
  const existing = hits.filter((h) => ctx.index.has(h.target));
  if (existing.length === 1) {
    return { kind: 'found', file: existing[0].target, confidence: 'exact', reason: describe(existing[0]) };
  }
  if (existing.length > 1) {
    const byTarget = new Map(existing.map((h) => [h.target, h]));
    return chooseAmong([...byTarget.keys()], true, ctx, (file, note) => ({
      kind: 'found', file, confidence: 'exact', reason: `${describe(byTarget.get(file)!)}${note}`,
    }), `the path mappings of ${hits[0].mapping.from}`);
  }
  const targets = [...new Set(hits.map((h) => h.target))];
  return {
    kind: 'missing',
    final: true,
    candidates: [],
    explanation: `${hits.map(describe).join(' and ')} ${targets.length === 1 ? 'gives' : 'give'} ${targets.join(', ')}, which is not in the workspace (not checked in, ignored, or the mapping is wrong).`,
  };
}

/** `orders.service.js` with an `orders.service.ts` in the workspace: the service runs compiled code. */
function compiledHint(name: string, ctx: MappingContext): string {
  const js = /^(.*)\.(m|c)?js$/.exec(name);
  if (!js) return '';
  const sources = ['.ts', '.tsx', '.mts', '.cts'].flatMap((ext) => ctx.index.filesNamed(`${js[1]}${ext}`, 3));
  if (sources.length === 0) return '';
  return ` The service seems to run compiled JavaScript (${sources.slice(0, 3).join(', ')} exist${sources.length === 1 ? 's' : ''}): deploy source maps (node --enable-source-maps) so traces name the TypeScript files.`;
}

/** Deploy roots stripped, then the longest unique suffix. Returns undefined for paths with no file name. */
export function resolveBySuffix(deployedPath: string, ctx: MappingContext): Resolution | undefined {
  const { rest, removed } = stripDeployRoot(deployedPath);
  const segments = rest.split('/').filter((s) => s !== '');
  if (segments.length === 0) return undefined;
  const prefix = removed.length > 0 ? `${removed.join(' then ')} then ` : '';
  const match = ctx.index.findBySuffix(rest, 24);
  const name = segments[segments.length - 1];
  if (match.segments === 0) {
    return { kind: 'missing', explanation: `no workspace file is named ${name}.${compiledHint(name, ctx)}` };
  }
  // A bare file name may match on its own; a deeper path must agree on its folder too, or `dist/x.js`
  // would land on `src/x.js` and `billing/handler.js` on `orders/handler.js`.
  const needed = Math.min(segments.length, 2);
  if (match.segments < needed) {
    const named = ctx.index.filesNamed(name, MAX_CANDIDATES);
    return {
      kind: 'missing',
      candidates: named,
      explanation: `no workspace file ends with ${segments.slice(-2).join('/')}${prefix ? ` (after ${removed.join(', ')})` : ''}; ${named.length} file${named.length === 1 ? '' : 's'} named ${name} elsewhere: ${named.join(', ')}.`,
    };
  }
  const suffix = segments.slice(-match.segments).join('/');
  const whole = match.segments >= segments.length;
  const found = (file: string, note: string): Resolution => ({
    kind: 'found',
    file,
    confidence: whole && file === rest ? 'exact' : match.segments >= 2 ? 'high' : 'medium',
    reason: `${prefix}${file === rest && whole ? `exact path ${file}` : `unique suffix ${suffix}`}${note}`,
  });
  if (match.total === 1) return found(match.files[0], '');
  return chooseAmong(match.files, match.total <= match.files.length, ctx, found, `the path suffix ${suffix}`);
}

