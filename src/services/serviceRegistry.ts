// Knows the services of the open workspace: runs detection (single-flight), keeps the result, and answers
// "which service owns this file?" from memory so the editor never waits for it.
import { detectServices, ownerOf, type DetectedService, type DetectionResult, type WorkspaceFile } from '../core/detect/services';
import { Emitter } from '../core/events';
import type { Logger } from '../core/log';

/** What detection needs from a workspace: the extension implements it with `vscode.workspace`, the CLI with `fs`. */
export interface WorkspaceAccess {
  /** Workspace-relative paths (forward slashes) of manifest and `.prodlens.json` files. */
  findManifestFiles(signal?: AbortSignal): Promise<string[]>;
  readText(path: string, signal?: AbortSignal): Promise<string | undefined>;
}

const MAX_MANIFEST_BYTES = 1_000_000;

export class ServiceRegistry {
  private current: DetectionResult | undefined;
  private inFlight: Promise<DetectionResult> | undefined;
  private readonly changed = new Emitter<DetectionResult>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly access: WorkspaceAccess,
    private readonly log: Logger,
  ) {}

  get result(): DetectionResult | undefined {
    return this.current;
  }

  get services(): readonly DetectedService[] {
    return this.current?.services ?? [];
  }

  /** Runs detection; concurrent callers share one run. */
  detect(signal?: AbortSignal): Promise<DetectionResult> {
    this.inFlight ??= this.runDetection(signal).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  ownerOf(path: string): DetectedService | undefined {
    return ownerOf(this.services, path) as DetectedService | undefined;
  }

  find(name: string): DetectedService | undefined {
    return this.services.find((s) => s.name === name);
  }

  private async runDetection(signal?: AbortSignal): Promise<DetectionResult> {
    const started = Date.now();
    const paths = await this.access.findManifestFiles(signal);
    const files: WorkspaceFile[] = [];
    for (const path of paths) {
      const text = await this.access.readText(path, signal);
      if (text !== undefined && text.length <= MAX_MANIFEST_BYTES) files.push({ path, text });
    }
    const result = detectServices(files);
    this.current = result;
    this.log.info(`Detected ${result.services.length} service(s) from ${files.length} file(s) in ${Date.now() - started} ms: ${result.services.map((s) => s.name).join(', ') || 'none'}`);
    for (const report of result.configFiles) {
      for (const p of report.problems) this.log.warn(`${report.path}: ${p.path}: ${p.message}`);
    }
    this.changed.fire(result);
    return result;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
