import * as vscode from 'vscode';
import type { CommandDeps } from './deps';
import { registerCreateConfig } from './createConfig';
import { registerRefresh } from './refresh';
import { registerSelectEnvironment } from './selectEnvironment';
import { registerSelectService } from './selectService';
import { registerSelectTimeWindow } from './selectTimeWindow';
import { registerSetBackendToken } from './setBackendToken';
import { registerShowDiagnostics } from './showDiagnostics';
import { registerToggleAnnotations } from './toggleAnnotations';
import { registerOpenInBackend } from './openInBackend';
import { registerCopyDetails } from './copyDetails';
import { registerAcknowledgeIncident } from './acknowledgeIncident';
import { registerSilenceAlert } from './silenceAlert';
import { registerTestConnection } from './testConnection';
import { registerOpenSettings } from './openSettings';
import { registerOpenDemo } from './openDemo';

export function registerCommands(deps: CommandDeps, context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.Disposable.from(
    registerRefresh(deps),
    registerSelectService(deps),
    registerSelectTimeWindow(deps),
    registerSelectEnvironment(deps),
    registerSetBackendToken(deps),
    registerCreateConfig(deps),
    registerShowDiagnostics(deps),
    registerToggleAnnotations(deps),
    registerOpenInBackend(deps),
    registerCopyDetails(deps),
    registerAcknowledgeIncident(deps),
    registerSilenceAlert(deps),
    registerTestConnection(deps),
    registerOpenSettings(),
    registerOpenDemo(deps, context),
  );
}
