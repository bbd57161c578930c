// Deployed paths in terminal output become links to the workspace line they stand for. Thin: finding and
// mapping are services/terminalLinks.ts; this only asks for the mapping context and opens the result.
import * as vscode from 'vscode';
import type { MappingContext } from '../../core/mapping';
import { findDeployedPaths, mapTerminalMatches, type TerminalTraceLink } from '../../services/terminalLinks';
import { toAbortSignal } from '../../host/cancellation';
import { openLocation } from '../shared/openLocation';

export class TraceTerminalLink extends vscode.TerminalLink {
  constructor(readonly target: TerminalTraceLink) {
    super(target.startIndex, target.length, `Open ${target.location.file}:${target.location.line} (ProdLens: mapped from the deployed path)`);
  }
}

export class TraceTerminalLinkProvider implements vscode.TerminalLinkProvider<TraceTerminalLink> {
  constructor(private readonly mappingContext: (signal?: AbortSignal) => Promise<MappingContext>) {}

  async provideTerminalLinks(context: vscode.TerminalLinkContext, token: vscode.CancellationToken): Promise<TraceTerminalLink[]> {
    // Most lines hold no location: answer those without touching the workspace index.
    const matches = findDeployedPaths(context.line);
    if (matches.length === 0) return [];
    const ctx = await this.mappingContext(toAbortSignal(token));
    if (token.isCancellationRequested) return [];
    return mapTerminalMatches(matches, ctx).map((link) => new TraceTerminalLink(link));
  }

  async handleTerminalLink(link: TraceTerminalLink): Promise<void> {
    const { file, line, column } = link.target.location;
    await openLocation(file, line, column);
  }
}
