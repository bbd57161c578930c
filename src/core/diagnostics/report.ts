// "Why is nothing showing?": one report, built from what ProdLens knows, shared by the editor's
// Show Diagnostics command and `prodlens doctor`. Every problem comes with a concrete fix. Pure: the caller
// runs detection and the refresh and passes their results in.
import { formatConfigProblem } from '../config/prodlensConfig';
import type { DetectedService, DetectionResult } from '../detect/services';
import type { BackendKind } from '../model';
import { backendFindings, noBackendFinding, tokenEnvVar, tokenFix } from './backendFindings';
import { jsonSnippet } from './fixes';
import { mappingFindings } from './mappingFindings';
import { metricFindings } from './metricFindings';
import type { Diagnosis, DiagnosisInput, Finding, FindingLevel, Surface } from './types';

export { tokenEnvVar };
export type { BackendFacts, Diagnosis, DiagnosisInput, Finding, FindingLevel, FixSuggestion, MappingFacts, ServiceRuntimeFacts, Surface } from './types';

function createConfigFix(surface: Surface | undefined): string {
  return surface === 'cli'
    ? 'Create a .prodlens.json at the repository root naming your services, their folders and backends (see the README).'
    : 'Run "ProdLens: Create .prodlens.json" to name backends and path mappings for your services.';
}

function evidenceLines(evidence: readonly { source: string; detail: string }[]): string {
  return evidence.map((e) => `${e.source}: ${e.detail}`).join('\n');
}

/** Where the service's name comes from, when files of its folders disagree about it. */
function nameFindings(service: DetectedService): Finding[] {
  const others = service.otherNames ?? [];
  if (others.length === 0) return [];
  const listed = [...new Set(others.map((o) => `"${o.name}"`))].join(', ');
  const evidence = [...service.evidence.slice(0, 3), ...others.map((o) => o.evidence)];
  const unique = evidence.filter((e, i) => evidence.findIndex((o) => o.source === e.source && o.detail === e.detail) === i);
  const base = { service: service.name, detail: evidenceLines(unique) };
  if (service.nameSource === 'runtime') {
    return [{
      ...base,
      level: 'info',
      title: `"${service.name}" is the name production uses (${service.evidence[0]?.source}); its manifest calls it ${listed}. ProdLens uses "${service.name}", as backends know the service by it.`,
      fix: `Nothing to do if the backends know it as "${service.name}"; to use another name, set it in .prodlens.json.`,
      code: 'service.runtimeName',
    }];
  }
  if (service.nameSource === 'config') {
    return [{
      ...base,
      level: 'info',
      title: `.prodlens.json names "${service.name}"; other files of its folders call it ${listed}. The .prodlens.json name is used.`,
      fix: `If production knows it as ${listed}, make the backends select it so (Prometheus "selector", Sentry "project").`,
      code: 'service.otherNames',
    }];
  }
  return [{
    ...base,
    level: 'warning',
    title: `Runtime config of "${service.name}" gives it several names (${listed}); ProdLens kept the manifest's name "${service.name}".`,
    fix: `Name the service in .prodlens.json as production knows it: ${jsonSnippet({ services: [{ name: '<name production uses>', folders: service.folders }] })}.`,
    code: 'service.conflictingNames',
  }];
}

const SECRET_PATH = /^services\[\d+\]\.backends\.(prometheus|alertmanager|sentry|pagerduty)\./;

/** One finding per `.prodlens.json`; a secret in it gets the concrete fix: remove it, revoke it, and where the token goes instead. */
function configFileFinding(file: DetectionResult['configFiles'][number], surface: Surface | undefined): Finding {
  const errors = file.problems.filter((p) => p.severity === 'error');
  const secrets = errors.filter((p) => /looks like a secret/.test(p.message));
  const fixes = secrets.map((p) => {
    const kind = SECRET_PATH.exec(p.path)?.[1] as BackendKind | undefined;
    const env = kind ? tokenEnvVar(kind) : 'the PRODLENS_<BACKEND>_TOKEN variable';
    const instead = surface === 'cli' ? `Set ${env} instead.` : surface === 'editor' ? 'Store it with "ProdLens: Set Backend Token" instead.' : `Store it with "ProdLens: Set Backend Token" instead (CLI: ${env}).`;
    return `Remove ${p.path} from ${file.path} and revoke that credential (it is in the repository, maybe in its history). ${instead}`;
  });
  if (errors.length > secrets.length) fixes.push(`Fix the problems listed in ${file.path}${surface === 'cli' ? '' : '; the editor underlines them as you type'}.`);
  const secretKind = secrets.map((p) => SECRET_PATH.exec(p.path)?.[1] as BackendKind | undefined).find((k) => k);
  const title = file.refused
    ? `${file.path} is refused (${errors.length} error(s)): nothing is sent for the ${file.serviceCount} service(s) it names, nor for others of its folder, until it is fixed`
    : `${file.path}: ${file.serviceCount} service(s)${file.problems.length ? `, ${file.problems.length} problem(s)` : ', valid'}`;
  return {
    level: errors.length ? 'error' : file.problems.length ? 'warning' : 'ok',
    title,
    detail: file.problems.map((p) => formatConfigProblem(file.path, p)).join('\n') || undefined,
    fix: fixes.join(' ') || undefined,
    code: errors.length ? 'config.invalid' : 'config.valid',
    suggestion: secretKind ? tokenFix(secretKind, '', surface).suggestion : undefined,
  };
}

function detectionFindings(detection: DetectionResult): Finding[] {
  const out: Finding[] = [];
  for (const i of detection.ignored.filter((i) => /^names service/.test(i.reason))) {
    out.push({ level: 'info', title: `${i.path} ${i.reason}`, code: 'detection.unplacedName' });
  }
  const skipped = detection.ignored.filter((i) => /not valid YAML|not a literal name|could not be read/.test(i.reason));
  if (skipped.length) {
    out.push({
      level: 'info',
      title: `${new Set(skipped.map((s) => s.path)).size} runtime config file(s) were read only in part`,
      detail: skipped.map((s) => `${s.path}: ${s.reason}`).join('\n'),
      code: 'detection.skipped',
    });
  }
  return out;
}

export function diagnose(input: DiagnosisInput): Diagnosis {
  const findings: Finding[] = [];
  const surface = input.surface;
  if (input.workspaceFolders.length === 0) {
    findings.push({ level: 'error', title: 'No folder is open.', fix: 'Open the folder of your service\'s repository.', code: 'workspace.none' });
    return finish(findings);
  }
  const detection = input.detection;
  if (!detection) {
    findings.push({ level: 'info', title: 'Service detection has not finished yet.', fix: 'Run the diagnosis again in a moment.', code: 'detection.pending' });
    return finish(findings);
  }

  if (detection.configFiles.length === 0) {
    findings.push({ level: 'info', title: 'No .prodlens.json found; services come from build manifests and runtime config only.', fix: createConfigFix(surface), code: 'config.none' });
  }
  for (const file of detection.configFiles) findings.push(configFileFinding(file, surface));

  if (detection.services.length === 0) {
    findings.push({
      level: 'error',
      title: 'No service detected in this workspace.',
      detail: detection.ignored.length ? `Files looked at: ${detection.ignored.map((i) => `${i.path} (${i.reason})`).join(', ')}` : 'No .prodlens.json, package.json, pyproject.toml, go.mod, pom.xml, Cargo.toml, settings.gradle, *.csproj, OTEL_SERVICE_NAME (.env, compose, Kubernetes, Dockerfile) was found.',
      fix: surface === 'cli' ? 'Create a .prodlens.json naming your service (see the README).' : 'Create a .prodlens.json naming your service, or set "prodlens.service".',
      code: 'detection.noService',
    });
  }
  findings.push(...detectionFindings(detection));
  for (const service of detection.services) {
    findings.push({
      level: 'ok',
      title: `Service "${service.name}" owns ${service.folders.map((f) => (f === '' ? '(workspace root)' : `${f}/`)).join(', ')}`,
      detail: evidenceLines(service.evidence),
      code: 'service.detected',
      service: service.name,
    });
    findings.push(...nameFindings(service));
    const backends = input.backendsByService[service.name] ?? [];
    const runtime = input.runtime?.[service.name];
    if (backends.length === 0) findings.push(noBackendFinding(service, surface));
    for (const backend of backends) findings.push(...backendFindings(service, backend, runtime, surface), ...metricFindings(service, backend, runtime));
    if (runtime) findings.push(...mappingFindings(service, runtime));
  }

  if (input.serviceOverride && !detection.services.some((s) => s.name === input.serviceOverride)) {
    findings.push({ level: 'warning', title: `"prodlens.service" is set to "${input.serviceOverride}", which no .prodlens.json or manifest defines.`, fix: 'Add it to .prodlens.json with its backends, or clear the setting.', code: 'settings.unknownService' });
  }
  if (input.activeFile !== undefined) {
    findings.push(input.activeService
      ? { level: 'ok', title: `The active file ${input.activeFile} belongs to "${input.activeService.name}".`, code: 'editor.activeFile' }
      : { level: 'warning', title: `The active file ${input.activeFile} belongs to no detected service.`, fix: 'Add its folder to a service\'s "folders" in .prodlens.json.', code: 'editor.activeFile' });
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
  let section: string | undefined;
  for (const f of diagnosis.findings) {
    if (f.service !== section) {
      section = f.service;
      lines.push('', section === undefined ? '──' : `── ${section} ──`);
    }
    lines.push(`${ICON[f.level]} ${f.title}`);
    if (f.detail) lines.push(...f.detail.split('\n').map((l) => `    ${l}`));
    if (f.fix) lines.push(`    → ${f.fix}`);
  }
  lines.push('', `${diagnosis.summary.errors} error(s), ${diagnosis.summary.warnings} warning(s)`);
  return lines.join('\n');
}
