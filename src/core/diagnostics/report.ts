// "Why is nothing showing?": one report, built from what ProdLens knows, shared by the editor's
// Show Diagnostics command and `prodlens doctor`. Every problem comes with a concrete fix.
import type { BackendKind } from '../model';
import type { DetectionResult, DetectedService } from '../detect/services';

export type FindingLevel = 'ok' | 'info' | 'warning' | 'error';

export interface Finding {
  level: FindingLevel;
  /** One line: what was checked and its result. */
  title: string;
  detail?: string;
  /** What to do about it, when something is wrong. */
  fix?: string;
}

export interface BackendFacts {
  kind: BackendKind;
  url: string;
  /** Where the URL came from: `.prodlens.json` or a setting. */
  from: string;
  hasToken: boolean;
  /** Whether the backend can work without a token (Prometheus and Alertmanager often do). */
  tokenOptional: boolean;
}

export interface DiagnosisInput {
  workspaceFolders: string[];
  detection: DetectionResult | undefined;
  /** Workspace-relative path of the active file, when there is one. */
  activeFile?: string;
  activeService?: DetectedService;
  backendsByService: Record<string, BackendFacts[]>;
  serviceOverride?: string;
}

export interface Diagnosis {
  findings: Finding[];
  summary: { errors: number; warnings: number };
}

const TOKEN_ENV: Record<BackendKind, string> = {
  prometheus: 'PRODLENS_PROMETHEUS_TOKEN',
  alertmanager: 'PRODLENS_ALERTMANAGER_TOKEN',
  sentry: 'PRODLENS_SENTRY_TOKEN',
  pagerduty: 'PRODLENS_PAGERDUTY_TOKEN',
};

export function tokenEnvVar(kind: BackendKind): string {
  return TOKEN_ENV[kind];
}

export function diagnose(input: DiagnosisInput): Diagnosis {
  const findings: Finding[] = [];
  if (input.workspaceFolders.length === 0) {
    findings.push({ level: 'error', title: 'No folder is open.', fix: 'Open the folder of your service\'s repository.' });
    return finish(findings);
  }
  const detection = input.detection;
  if (!detection) {
    findings.push({ level: 'info', title: 'Service detection has not finished yet.', fix: 'Run the diagnosis again in a moment.' });
    return finish(findings);
  }

  if (detection.configFiles.length === 0) {
    findings.push({ level: 'info', title: 'No .prodlens.json found; services come from build manifests only.', fix: 'Run "ProdLens: Create .prodlens.json" to name backends and path mappings for your services.' });
  }
  for (const file of detection.configFiles) {
    const errors = file.problems.filter((p) => p.severity === 'error');
    findings.push({
      level: errors.length ? 'error' : file.problems.length ? 'warning' : 'ok',
      title: `${file.path}: ${file.serviceCount} service(s)${file.problems.length ? `, ${file.problems.length} problem(s)` : ', valid'}`,
      detail: file.problems.map((p) => `${p.path}: ${p.message}`).join('\n') || undefined,
      fix: errors.length ? `Fix the problems listed in ${file.path}; the editor underlines them as you type.` : undefined,
    });
  }

  if (detection.services.length === 0) {
    findings.push({
      level: 'error',
      title: 'No service detected in this workspace.',
      detail: detection.ignored.length ? `Files looked at: ${detection.ignored.map((i) => `${i.path} (${i.reason})`).join(', ')}` : 'No .prodlens.json, package.json, pyproject.toml, go.mod, pom.xml, Cargo.toml, settings.gradle or *.csproj was found.',
      fix: 'Create a .prodlens.json naming your service, or set "prodlens.service".',
    });
  }
  for (const service of detection.services) {
    findings.push({
      level: 'ok',
      title: `Service "${service.name}" owns ${service.folders.map((f) => (f === '' ? '(workspace root)' : `${f}/`)).join(', ')}`,
      detail: service.evidence.map((e) => `${e.source}: ${e.detail}`).join('\n'),
    });
    const backends = input.backendsByService[service.name] ?? [];
    if (backends.length === 0) {
      findings.push({
        level: 'warning',
        title: `"${service.name}" has no backend, so no production data can show for it.`,
        fix: `Add "backends" for "${service.name}" in .prodlens.json (Prometheus, Alertmanager, Sentry or PagerDuty), or set "prodlens.prometheus.url".`,
      });
    }
    for (const backend of backends) {
      const missingToken = !backend.hasToken && !backend.tokenOptional;
      findings.push({
        level: missingToken ? 'error' : 'ok',
        title: `"${service.name}" → ${backend.kind} at ${backend.url} (from ${backend.from})${backend.hasToken ? ', token set' : backend.tokenOptional ? ', no token (optional)' : ', no token'}`,
        fix: missingToken ? `Run "ProdLens: Set Backend Token" for ${backend.kind} at ${backend.url} (CLI: set ${TOKEN_ENV[backend.kind]}).` : undefined,
      });
    }
  }

  if (input.serviceOverride && !detection.services.some((s) => s.name === input.serviceOverride)) {
    findings.push({ level: 'warning', title: `"prodlens.service" is set to "${input.serviceOverride}", which no .prodlens.json or manifest defines.`, fix: 'Add it to .prodlens.json with its backends, or clear the setting.' });
  }
  if (input.activeFile !== undefined) {
    findings.push(input.activeService
      ? { level: 'ok', title: `The active file ${input.activeFile} belongs to "${input.activeService.name}".` }
      : { level: 'warning', title: `The active file ${input.activeFile} belongs to no detected service.`, fix: 'Add its folder to a service\'s "folders" in .prodlens.json.' });
  }
  return finish(findings);
}

function finish(findings: Finding[]): Diagnosis {
  return {
    findings,
    summary: {
      errors: findings.filter((f) => f.level === 'error').length,
      warnings: findings.filter((f) => f.level === 'warning').length,
    },
  };
}

const ICON: Record<FindingLevel, string> = { ok: '✔', info: 'ℹ', warning: '⚠', error: '✖' };

/** Plain text for terminals and the read-only diagnostics document. */
export function renderDiagnosis(diagnosis: Diagnosis): string {
  const lines: string[] = ['ProdLens diagnosis', ''];
  for (const f of diagnosis.findings) {
    lines.push(`${ICON[f.level]} ${f.title}`);
    if (f.detail) lines.push(...f.detail.split('\n').map((l) => `    ${l}`));
    if (f.fix) lines.push(`    → ${f.fix}`);
  }
  lines.push('', `${diagnosis.summary.errors} error(s), ${diagnosis.summary.warnings} warning(s)`);
  return lines.join('\n');
}
