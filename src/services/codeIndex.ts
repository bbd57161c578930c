// What ProdLens knows about the workspace's code: an index of its files (built once, kept current from file
// events) for mapping deployed paths, and the HTTP routes its services define, scanned lazily per file and
// cached until the file changes.
import { FileIndex, goModulesOf, mayDefineRoutes, resolveRouteHandlers, scanRoutes, type GoModule } from '../core/mapping';
import type { RouteDefinition } from '../core/mapping';
import type { Logger } from '../core/log';

export interface CodeAccess {
  /** Every workspace file (workspace-relative, forward slashes), honouring the user's excludes. */
  listFiles(signal?: AbortSignal): Promise<string[]>;
  readText(path: string, signal?: AbortSignal): Promise<string | undefined>;
}

/** Dependency, build and VCS folders: never the user's code, whatever a stack trace claims. */
const IGNORED = /(^|\/)(node_modules|\.git|\.hg|\.svn|dist|out|build|target|vendor|\.venv|venv|__pycache__|site-packages|\.next|\.nuxt|coverage|\.vscode-test)(\/|$)/;
const MAX_ROUTE_FILES = 3000;
const MAX_SOURCE_BYTES = 1_000_000;

export class CodeIndex {
  private index: FileIndex | undefined;
  private building: Promise<FileIndex> | undefined;
  private readonly routeCache = new Map<string, RouteDefinition[]>();
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
    const index = new FileIndex(files, { isIgnored: (p) => IGNORED.test(p) });
    const goModFiles = files.filter((f) => f === 'go.mod' || f.endsWith('/go.mod'));
    const texts = await Promise.all(goModFiles.map(async (path) => ({ path, text: (await this.access.readText(path, signal)) ?? '' })));
    this.goMods = goModulesOf(texts);
    this.index = index;
    this.log.info(`Indexed ${index.size} workspace files in ${Date.now() - started} ms.`);
    return index;
  }

  fileCreated(path: string): void {
    this.index?.add(path);
  }

  fileDeleted(path: string): void {
    this.index?.remove(path);
    this.routeCache.delete(path);
    this.texts.delete(path);
  }

  fileChanged(path: string): void {
    this.routeCache.delete(path);
    this.texts.delete(path);
  }

  /** HTTP routes defined under `folders` ('' = whole workspace), handlers resolved to their functions. */
  async routesOf(folders: readonly string[], signal?: AbortSignal): Promise<RouteDefinition[]> {
    const index = await this.fileIndex(signal);
    const inFolders = (p: string) => folders.some((f) => f === '' || p.startsWith(`${f}/`));
    const candidates = [...index.allPaths()].filter((p) => inFolders(p) && mayDefineRoutes(p)).slice(0, MAX_ROUTE_FILES);
    const all: RouteDefinition[] = [];
    for (const path of candidates) {
      if (signal?.aborted) break;
      let routes = this.routeCache.get(path);
      if (!routes) {
        const text = await this.text(path, signal);
        routes = text ? scanRoutes(path, text) : [];
        this.routeCache.set(path, routes);
      }
      all.push(...routes);
    }
    return resolveRouteHandlers(all, { index, readFile: (p) => this.texts.get(p) });
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
