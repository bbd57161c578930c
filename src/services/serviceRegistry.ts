// Knows the services of the open workspace: runs detection (single-flight), keeps the result, and answers
// "which service owns this file?" from memory so the editor never waits for it.
import { CONFIG_FILE_NAME, formatConfigProblem } from '../core/config/prodlensConfig';
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
    return ownerOf(this.services, path);
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
      // A config that cannot be read must still refuse its folder: skipping it would let manifests stand in for it.
      else if (path.split('/').pop() === CONFIG_FILE_NAME) files.push({ path, text: '', unusable: text === undefined ? 'could not be read' : `is larger than ${MAX_MANIFEST_BYTES} characters` });
    }
    const result = detectServices(files);
    this.current = result;
    this.log.info(`Detected ${result.services.length} service(s) from ${files.length} file(s) in ${Date.now() - started} ms: ${result.services.map((s) => s.name).join(', ') || 'none'}`);
    for (const line of configProblemLines(result)) this.log.warn(line);
    this.changed.fire(result);
    return result;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Every config problem at its `file:line:column`, then for each refused file what refusing it means. */
export function configProblemLines(result: DetectionResult): string[] {
  const lines: string[] = [];
  for (const report of result.configFiles) {
    for (const p of report.problems) lines.push(formatConfigProblem(report.path, p));
    if (report.refused) lines.push(`${report.path} is refused because of the error(s) above: no request is sent for the services of its folder until it is fixed.`);
  }
  return lines;
}
