// Silences an active Alertmanager alert for a chosen duration with a comment, after the user confirms.
// The silence matches the alert's labels exactly, so it cannot mute other alerts by accident.
import * as os from 'os';
import * as vscode from 'vscode';
import { explainBackendError, isBackendError } from '../../backends/errors';
import { AlertmanagerSource } from '../../services/sources/alertmanagerSource';
import { Commands } from '../../host/ids';
import type { Incident } from '../../core/model';
import type { CommandDeps } from './deps';
import { pickTarget, targetOf } from './targets';
import { BACKEND_LABEL } from '../../core/labels';

const DURATIONS = [
  { label: '1 hour', ms: 3_600_000 },
  { label: '4 hours', ms: 4 * 3_600_000 },
  { label: '24 hours', ms: 24 * 3_600_000 },
];

export interface SilenceOptions {
  durationMs?: number;
  comment?: string;
  confirmed?: boolean;
}

export function registerSilenceAlert(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.silenceAlert, async (arg?: unknown, options: SilenceOptions = {}) => {
    const isAlert = (i: Incident) => i.source === 'alertmanager' && i.kind === 'alert' && i.status !== 'suppressed';
    const target = targetOf(arg) ?? (await pickTarget(deps, 'Silence Alert', (t) => t.kind === 'incident' && isAlert(t.incident)));
    if (!target || target.kind !== 'incident' || !isAlert(target.incident)) {
      if (target) vscode.window.showInformationMessage('ProdLens: only active Alertmanager alerts can be silenced.');
      return undefined;
    }
    const alert = target.incident;
    const service = deps.active.current;
    const source = service ? deps.sourcesFor(service).find((s): s is AlertmanagerSource => s instanceof AlertmanagerSource) : undefined;
    if (!source) {
      vscode.window.showWarningMessage('ProdLens: this service has no Alertmanager backend configured.');
      return undefined;
    }
    const durationMs = options.durationMs ?? (await vscode.window.showQuickPick(DURATIONS, { title: 'ProdLens: silence for how long?' }))?.ms;
    if (!durationMs) return undefined;
    const comment = options.comment ?? (await vscode.window.showInputBox({
      title: 'ProdLens: why silence this alert?',
      prompt: 'Alertmanager keeps this comment with the silence, for the rest of the on-call rotation.',
      validateInput: (v) => (v.trim() ? undefined : 'A comment is required'),
      ignoreFocusOut: true,
    }));
    if (!comment?.trim()) return undefined;
    const labels = alert.labels ?? {};
    const matchers = Object.entries(labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
    if (matchers.length === 0) {
      vscode.window.showWarningMessage('ProdLens: this alert has no labels to match, so it cannot be silenced safely.');
      return undefined;
    }
    if (!options.confirmed) {
      const hours = Math.round(durationMs / 3_600_000);
      const answer = await vscode.window.showWarningMessage(`Silence this alert for ${hours} hour${hours === 1 ? '' : 's'}?`, { modal: true, detail: `${alert.title.slice(0, 200)}\nMatching ${matchers.length} labels exactly.` }, 'Silence');
      if (answer !== 'Silence') return undefined;
    }
    const createdBy = deps.config.pagerDutyFromEmail || os.userInfo().username || 'prodlens';
    try {
      const id = await source.client.createSilence({ matchers, durationMs, createdBy, comment: comment.trim() });
      deps.log.info(`Created Alertmanager silence ${id} for ${alert.title}.`);
      vscode.window.showInformationMessage(`ProdLens: silenced (silence ${id}).`);
      await deps.refreshActive(true);
      return id;
    } catch (err) {
      const message = isBackendError(err) ? explainBackendError(err, BACKEND_LABEL.alertmanager) : String(err);
      deps.log.warn(`Silence failed: ${message}`);
      vscode.window.showErrorMessage(`ProdLens: could not silence: ${message}`);
      return undefined;
    }
  });
}
