// From a deployed path to the part that can exist in the workspace: URL schemes (`webpack:///./`, `app:///`,
// `file://`), Windows drives and the folders services are commonly deployed to (`/app/`, `/usr/src/app/`, ...).
import type { PathMapping } from '../config/prodlensConfig';
import { normalisePath } from './classify';

export interface StrippedPath {
  /** What is left, without a leading slash. */
  rest: string;
  /** The prefixes removed, in order, for the mapping's reason (`webpack:///./`, `deploy root /app/`). */
  removed: string[];
}

// Longest first where one is a prefix of another. `*` stands for one segment (a user, a project name).
const DEPLOY_ROOTS = [
  '/usr/src/app/', '/usr/src/', '/usr/app/', '/srv/app/', '/srv/', '/app/', '/var/task/', '/var/www/html/',
  '/var/www/*/', '/var/app/current/', '/opt/app-root/src/', '/opt/*/', '/home/site/wwwroot/',
  '/home/runner/work/*/*/', '/home/*/', '/workspaces/*/', '/workspace/', '/code/', '/rails/', '/build/', '/src/',
  '/_/', '/go/src/', '/root/', '/data/',
];
const WINDOWS_ROOTS = ['inetpub/wwwroot/', 'a/1/s/', 'agent/_work/*/s/', 'Users/*/source/repos/', 'Users/*/'];

const DEPLOY_ROOT_SEGMENTS = DEPLOY_ROOTS.map((r) => r.split('/').slice(0, -1));
const WINDOWS_ROOT_SEGMENTS = WINDOWS_ROOTS.map((r) => r.split('/').slice(0, -1));

/** The prefix of `segments` that `root` (pre-split, `*` for any one segment) matches, or undefined. */
function matchRoot(segments: readonly string[], root: readonly string[]): string | undefined {
  if (segments.length <= root.length) return undefined;
  for (let i = 0; i < root.length; i++) {
    if (root[i] === '*' ? segments[i] === '' : root[i] !== segments[i]) return undefined;
  }
  return `${segments.slice(0, root.length).join('/')}/`;
}

function firstRoot(path: string, roots: readonly (readonly string[])[]): string | undefined {
  const segments = path.split('/');
  for (const root of roots) {
    const hit = matchRoot(segments, root);
    if (hit) return hit;
  }
  return undefined;
}

/** Removes schemes and known deploy roots, recording each step. */
export function stripDeployRoot(deployedPath: string): StrippedPath {
  let p = normalisePath(deployedPath.trim());
  const removed: string[] = [];
  const scheme = /^(webpack(-internal)?:\/\/[^/]*\/|app:\/\/[^/]*\/|https?:\/\/[^/]+\/|~\/)/.exec(p);
  if (scheme) {
    p = p.slice(scheme[0].length);
    // Next.js and webpack 5 insert a layer name: `webpack-internal:///(app-pages-browser)/./src/x.tsx`.
    const layer = /^\([^)/]{1,60}\)\//.exec(p);
    if (layer) p = p.slice(layer[0].length);
    let dots = '';
    while (p.startsWith('./')) {
      p = p.slice(2);
      dots += './';
    }
    removed.push(scheme[0] + dots);
    return { rest: p.replace(/^\/+/, ''), removed };
  }
  if (p.startsWith('file://')) {
    p = p.slice(7);
    if (/^\/[A-Za-z]:\//.test(p)) p = p.slice(1);
    removed.push('file://');
  }
  const drive = /^[A-Za-z]:\//.exec(p);
  if (drive) {
    p = p.slice(drive[0].length);
    removed.push(`drive ${drive[0]}`);
    const hit = firstRoot(p, WINDOWS_ROOT_SEGMENTS);
    if (hit) {
      p = p.slice(hit.length);
      removed.push(`deploy root ${drive[0]}${hit}`);
    }
    return { rest: p, removed };
  }
  if (p.startsWith('/')) {
    const hit = firstRoot(p, DEPLOY_ROOT_SEGMENTS);
    if (hit) {
      p = p.slice(hit.length);
      removed.push(`deploy root ${hit}`);
    }
  }
  while (p.startsWith('./')) p = p.slice(2);
  return { rest: p.replace(/^\/+/, ''), removed };
}

export interface MappedTarget {
  mapping: PathMapping;
  target: string;
}

/** Applies the mappings whose `from` is the longest prefix of the path; several when services share a root. */
export function applyPathMappings(deployedPath: string, mappings: readonly PathMapping[]): MappedTarget[] {
  const p = normalisePath(deployedPath.trim());
  let best = -1;
  let hits: MappedTarget[] = [];
  for (const mapping of mappings) {
    const from = normalisePath(mapping.from);
    if (from === '' || !p.startsWith(from)) continue;
    // `/app` must not capture `/application/x.js`: a prefix without a trailing slash ends at a segment.
    if (!from.endsWith('/') && p.length > from.length && p.charAt(from.length) !== '/') continue;
    let rest = p.slice(from.length).replace(/^\/+/, '');
    while (rest.startsWith('./')) rest = rest.slice(2);
    const to = mapping.to === '' || mapping.to.endsWith('/') ? mapping.to : `${mapping.to}/`;
    const hit = { mapping, target: `${to}${rest}` };
    if (from.length > best) {
      best = from.length;
      hits = [hit];
    } else if (from.length === best) {
      hits.push(hit);
    }
  }
  return hits;
}
