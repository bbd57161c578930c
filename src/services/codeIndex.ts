// What ProdLens knows about the workspace's code: an index of its files (built once, kept current from file
// events) for mapping deployed paths, and the HTTP routes its services define, scanned lazily per file and
// cached until the file changes.
import { FileIndex, combineRoutePrefixes, goModulesOf, mayDefineRoutes, resolveRouteHandlers, scanRouteFile, type GoModule } from '../core/mapping';
import type { RouteDefinition, RouteFileScan } from '../core/mapping';
import type { Logger } from '../core/log';
import { gitignoreFilter } from './gitignore';
import { isWalkedPath } from '../core/detect/walkPolicy';

export interface CodeAccess {
  /** Every workspace file (workspace-relative, forward slashes), honouring the user's excludes. */
  listFiles(signal?: AbortSignal): Promise<string[]>;
  readText(path: string, signal?: AbortSignal): Promise<string | undefined>;
}

/** Dependency, build and VCS folders: never the user's code, whatever a stack trace claims. */
const MAX_ROUTE_FILES = 3000;
const MAX_GITIGNORES = 200;
const MAX_SOURCE_BYTES = 1_000_000;

export class CodeIndex {
  private index: FileIndex | undefined;
  private building: Promise<FileIndex> | undefined;
  /** Per file: its routes and how it wires routers; the prefixes of a service's files are combined per call. */
  private readonly routeCache = new Map<string, RouteFileScan>();
  /**
   * The resolved routes per set of service folders. Every refresh asks for them, and finding the candidate
   * files means filtering the whole index: done again only after a file event.
   */
  private readonly routesByFolders = new Map<string, RouteDefinition[]>();
  /** Counts file events, so a scan that a file event overtook is not kept. */
  private generation = 0;
  private readonly texts = new Map<string, string>();
  private goMods: GoModule[] = [];

  constructor(
    private readonly access: CodeAccess,
    private readonly log: Logger,
  ) {}

  /** The file index; concurrent callers share the one build. */
  fileIndex(signal?: AbortSignal): Promise<FileIndex> {
    if (this.index) return Promise.resolve(this.index);
    this.building ??= this.build(signal).finally(() => (this.building = undefined));
    return this.building;
  }

  get goModules(): readonly GoModule[] {
    return this.goMods;
  }

  private async build(signal?: AbortSignal): Promise<FileIndex> {
    const started = Date.now();
    const files = await this.access.listFiles(signal);
    const gitignores = files.filter((f) => (f === '.gitignore' || f.endsWith('/.gitignore')) && isWalkedPath(f)).slice(0, MAX_GITIGNORES);
    const ignoredByGit = gitignoreFilter((await Promise.all(gitignores.map(async (path) => ({ path, text: (await this.access.readText(path, signal)) ?? '' })))));
    const index = new FileIndex(files, { isIgnored: (p) => !isWalkedPath(p) || ignoredByGit(p) });
    const goModFiles = files.filter((f) => f === 'go.mod' || f.endsWith('/go.mod'));
    const texts = await Promise.all(goModFiles.map(async (path) => ({ path, text: (await this.access.readText(path, signal)) ?? '' })));
    this.goMods = goModulesOf(texts);
    this.index = index;
    this.log.info(`Indexed ${index.size} workspace files in ${Date.now() - started} ms.`);
    return index;
  }

  /** Drops the file index; the next use rebuilds it (after ignore rules changed). */
  private invalidate(): void {
    this.index = undefined;
  }

  fileCreated(path: string): void {
    if (path === '.gitignore' || path.endsWith('/.gitignore')) this.invalidate();
    this.index?.add(path);
    this.routesByFolders.clear();
    this.generation++;
  }

  /**
   * A file the editor just opened: file events can be late or lost (network drives, containers, files made by
   * other tools), so an opened workspace file joins the index if it is missing. Nothing changes when it is known.
   */
  fileSeen(path: string): void {
    if (this.index && !this.index.has(path) && this.index.add(path)) {
      this.routesByFolders.clear();
      this.generation++;
    }
  }

  fileDeleted(path: string): void {
    this.index?.remove(path);
    this.routeCache.delete(path);
    this.texts.delete(path);
    this.routesByFolders.clear();
    this.generation++;
  }

  fileChanged(path: string): void {
    // New ignore rules change which files count: rebuild the index on next use.
    if (path === '.gitignore' || path.endsWith('/.gitignore')) this.invalidate();
    this.routeCache.delete(path);
    this.texts.delete(path);
    this.routesByFolders.clear();
    this.generation++;
  }

  /**
   * HTTP routes defined under `folders` ('' = whole workspace), with the prefixes other files of those folders mount
   * them under (`app.use('/api', router)`, blueprints, `include`, `Mount`), handlers resolved to their functions.
   */
  async routesOf(folders: readonly string[], signal?: AbortSignal): Promise<RouteDefinition[]> {
    const index = await this.fileIndex(signal);
    const key = folders.join('\n');
    const known = this.routesByFolders.get(key);
    if (known) return known;
    const generation = this.generation;
    const inFolders = (p: string) => folders.some((f) => f === '' || p.startsWith(`${f}/`));
    const candidates = [...index.allPaths()].filter((p) => inFolders(p) && mayDefineRoutes(p)).slice(0, MAX_ROUTE_FILES);
    const scans: RouteFileScan[] = [];
    for (const path of candidates) {
      if (signal?.aborted) break;
      let scan = this.routeCache.get(path);
      if (!scan) {
        const text = await this.text(path, signal);
        scan = scanRouteFile(path, text ?? '');
        this.routeCache.set(path, scan);
      }
      scans.push(scan);
    }
    const combined = combineRoutePrefixes(scans, index, { goModules: this.goMods });
    const resolved = resolveRouteHandlers(combined, { index, readFile: (p) => this.texts.get(p) });
    // A scan cut short by cancellation, or overtaken by a file event, is not kept: the next refresh scans again.
    if (!signal?.aborted && generation === this.generation) this.routesByFolders.set(key, resolved);
    return resolved;
  }

  private async text(path: string, signal?: AbortSignal): Promise<string | undefined> {
    const cached = this.texts.get(path);
    if (cached !== undefined) return cached;
    const text = await this.access.readText(path, signal);
    if (text === undefined || text.length > MAX_SOURCE_BYTES) return undefined;
    // Django and Rails name handlers in other files (views.py, controllers): only those texts are kept.
    if (/\.(py|rb)$/.test(path)) this.texts.set(path, text);
    return text;
  }
}
