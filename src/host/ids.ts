// Every identifier the extension shares with package.json, declared once. A unit test checks both agree.

export const EXTENSION_ID = 'prodlens.prodlens';

export const Commands = {
  refresh: 'prodlens.refresh',
  selectService: 'prodlens.selectService',
  selectTimeWindow: 'prodlens.selectTimeWindow',
  selectEnvironment: 'prodlens.selectEnvironment',
  setBackendToken: 'prodlens.setBackendToken',
  createConfig: 'prodlens.createConfig',
  showDiagnostics: 'prodlens.showDiagnostics',
  toggleAnnotations: 'prodlens.toggleAnnotations',
  openInBackend: 'prodlens.openInBackend',
  acknowledgeIncident: 'prodlens.acknowledgeIncident',
  silenceAlert: 'prodlens.silenceAlert',
  copyDetails: 'prodlens.copyDetails',
  testConnection: 'prodlens.testConnection',
  openSettings: 'prodlens.openSettings',
  revealRoute: 'prodlens.revealRoute',
  openDeployedVersion: 'prodlens.openDeployedVersion',
  openDemo: 'prodlens.openDemo',
  stopDemo: 'prodlens.stopDemo',
  openStackTrace: 'prodlens.openStackTrace',
  dismissStackTrace: 'prodlens.dismissStackTrace',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const ViewContainer = 'prodlens';
/** The built-in command that reveals the activity-bar container. */
export const FocusContainerCommand = `workbench.view.extension.${ViewContainer}`;

export const Views = {
  health: 'prodlens.health',
  incidents: 'prodlens.incidents',
  errors: 'prodlens.errors',
  backends: 'prodlens.backends',
  stackTrace: 'prodlens.stackTrace',
} as const;

export const Settings = {
  section: 'prodlens',
  service: 'service',
  environment: 'environment',
  timeWindow: 'timeWindow',
  refreshIntervalSeconds: 'refreshIntervalSeconds',
  statusBarEnabled: 'statusBar.enabled',
  annotationsEnabled: 'annotations.enabled',
  codeLensEnabled: 'codeLens.enabled',
  problemsEnabled: 'problems.enabled',
  notifyNewIncidents: 'notifications.newIncidents',
  pagerDutyFromEmail: 'pagerduty.fromEmail',
  prometheusUrl: 'prometheus.url',
  alertmanagerUrl: 'alertmanager.url',
  logLevel: 'log.level',
} as const;

export const ContextKeys = {
  hasService: 'prodlens.hasService',
  hasBackend: 'prodlens.hasBackend',
  /** A pasted stack trace is loaded in the Stack Trace view. */
  hasStackTrace: 'prodlens.hasStackTrace',
} as const;

export const DiagnosticsScheme = 'prodlens-diagnostics';

/** Secret keys are bound to a backend kind and the origin the token was saved for. */
export function tokenSecretKey(kind: string, origin: string): string {
  return `prodlens.token/${kind}/${origin}`;
}
