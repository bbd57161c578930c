// Acknowledges a triggered PagerDuty incident, after the user confirms. PagerDuty wants the acting user's
// email in a `From` header: asked once, kept in the user's settings.
import * as vscode from 'vscode';
import { explainBackendError, isBackendError } from '../../backends/errors';
import { PagerDutySource } from '../../services/sources/pagerDutySource';
import { Commands, Settings } from '../../host/ids';
import type { Incident } from '../../core/model';
import type { CommandDeps } from './deps';
import { pickTarget, targetOf } from './targets';
import { BACKEND_LABEL } from '../../core/labels';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function pagerDutyEmail(deps: CommandDeps): Promise<string | undefined> {
  const saved = deps.config.pagerDutyFromEmail;
  if (saved && EMAIL.test(saved)) return saved;
  const email = await vscode.window.showInputBox({
    title: 'ProdLens: your PagerDuty email',
    prompt: 'PagerDuty records who acknowledged: it needs the email of your PagerDuty user (saved in your user settings).',
    placeHolder: 'you@example.com',
    validateInput: (v) => (EMAIL.test(v.trim()) ? undefined : 'Enter the email of your PagerDuty user'),
    ignoreFocusOut: true,
  });
  if (!email) return undefined;
  await deps.config.update(Settings.pagerDutyFromEmail, email.trim(), vscode.ConfigurationTarget.Global);
  return email.trim();
}

export function registerAcknowledgeIncident(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.acknowledgeIncident, async (arg?: unknown, options?: { confirmed?: boolean }) => {
    const isOpenPd = (i: Incident) => i.source === 'pagerduty' && i.status === 'triggered';
    const target = targetOf(arg) ?? (await pickTarget(deps, 'Acknowledge Incident', (t) => t.kind === 'incident' && isOpenPd(t.incident)));
    if (!target || target.kind !== 'incident' || !isOpenPd(target.incident)) {
      if (target) vscode.window.showInformationMessage('ProdLens: only triggered PagerDuty incidents can be acknowledged.');
      return undefined;
    }
    const incident = target.incident;
    const service = deps.active.current;
    const source = service ? deps.sourcesFor(service).find((s): s is PagerDutySource => s instanceof PagerDutySource) : undefined;
    if (!source) {
      vscode.window.showWarningMessage('ProdLens: this service has no PagerDuty backend configured.');
      return undefined;
    }
    const email = await pagerDutyEmail(deps);
    if (!email) return undefined;
    if (!options?.confirmed) {
      const answer = await vscode.window.showWarningMessage(`Acknowledge this PagerDuty incident as ${email}?`, { modal: true, detail: incident.title.slice(0, 300) }, 'Acknowledge');
      if (answer !== 'Acknowledge') return undefined;
    }
    try {
      const updated = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'ProdLens: acknowledging in PagerDuty…' }, () => source.client.acknowledge(incident.id, email));
      deps.log.info(`Acknowledged PagerDuty incident ${incident.id} as ${email}.`);
      vscode.window.showInformationMessage(`ProdLens: acknowledged in PagerDuty (${updated.status}).`);
      await deps.refreshActive(true);
      return updated;
    } catch (err) {
      const message = isBackendError(err) ? explainBackendError(err, BACKEND_LABEL.pagerduty) : String(err);
      deps.log.warn(`Acknowledge failed: ${message}`);
      vscode.window.showErrorMessage(`ProdLens: could not acknowledge: ${message}`);
      return undefined;
    }
  });
}
