import * as vscode from 'vscode';
import { originOf } from '../../host/secrets';
import { Commands } from '../../host/ids';
import type { BackendKind } from '../../core/model';
import type { CommandDeps } from './deps';

const KINDS: BackendKind[] = ['prometheus', 'alertmanager', 'sentry', 'pagerduty'];

interface Target {
  kind: BackendKind;
  url: string;
}

/** Asks which backend (and so which origin) the token is for; the token is bound to that origin only. */
async function pickTarget(deps: CommandDeps): Promise<Target | undefined> {
  const configured = new Map<string, Target>();
  for (const list of Object.values(deps.overview.all)) {
    for (const b of list) configured.set(`${b.kind} ${originOf(b.url)}`, { kind: b.kind, url: b.url });
  }
  const items: (vscode.QuickPickItem & { target?: Target })[] = [...configured.values()].map((t) => ({
    label: t.kind,
    description: originOf(t.url),
    target: t,
  }));
  items.push({ label: 'Another backend…', alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title: 'ProdLens: Set Backend Token', placeHolder: 'The token is sent only to this backend\'s origin' });
  if (!picked) return undefined;
  if (picked.target) return picked.target;
  const kind = await vscode.window.showQuickPick(KINDS, { title: 'Backend type' });
  if (!kind) return undefined;
  const url = await vscode.window.showInputBox({
    title: `${kind} base URL`,
    placeHolder: 'https://…',
    validateInput: (v) => (originOf(v.trim()) ? undefined : 'Enter an http(s) URL'),
  });
  return url ? { kind: kind as BackendKind, url: url.trim() } : undefined;
}

export function registerSetBackendToken(deps: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.setBackendToken, async (arg?: Target) => {
    const target = arg && KINDS.includes(arg.kind) && originOf(arg.url) ? arg : await pickTarget(deps);
    if (!target) return;
    const origin = originOf(target.url);
    const token = await vscode.window.showInputBox({
      title: `ProdLens: token for ${target.kind} at ${origin}`,
      prompt: 'Stored in VS Code SecretStorage and sent only to this origin. Leave empty to remove the stored token.',
      password: true,
      ignoreFocusOut: true,
    });
    if (token === undefined) return;
    if (token.trim() === '') {
      await deps.tokens.delete(target.kind, target.url);
      deps.log.info(`Removed the ${target.kind} token for ${origin}.`);
    } else {
      await deps.tokens.set(target.kind, target.url, token.trim());
      deps.log.info(`Stored a ${target.kind} token for ${origin}.`);
    }
    await deps.overview.recompute();
  });
}
