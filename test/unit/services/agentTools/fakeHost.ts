// A host for the agent tools in plain mocha: fixed services and files, a snapshot handed in by the test,
// the real locate engine over a small file index, findings handed in.
import type { DetectedService } from '../../../../src/core/detect/services';
import type { Finding } from '../../../../src/core/diagnostics/types';
import { FileIndex } from '../../../../src/core/mapping';
import type { HealthSnapshot } from '../../../../src/core/model';
import type { AgentToolHost } from '../../../../src/services/agentTools';
import { locateTrace, traceMappingContext } from '../../../../src/services/traceLocator';

export const FILES = ['api/src/orders.ts', 'api/src/cart.ts', 'api/src/lib/pricing.ts', 'web/src/app.ts'];
export const SERVICES: DetectedService[] = [
  { name: 'api', folders: ['api'], environments: ['production'], evidence: [], config: { name: 'api', folders: ['api'], pathMappings: [{ from: '/app/', to: 'api/' }] } as never },
  { name: 'web', folders: ['web'], environments: ['production'], evidence: [] },
];
export const NOW = Date.parse('2026-12-01T12:00:00Z');

export function emptySnapshot(service = 'api'): HealthSnapshot {
  return { service, environment: 'production', window: '1h', fetchedAt: NOW - 5_000, status: 'ok', statusReasons: [], current: { latency: {} }, series: {}, routes: [], errors: [], incidents: [], deploys: [], backends: [], stale: false };
}

export function fakeHost(options: { snapshot?: (service: string) => HealthSnapshot; findings?: Finding[]; services?: DetectedService[] } = {}): AgentToolHost & { snapshotCalls: { service: string; refresh: boolean }[] } {
  const index = new FileIndex(FILES);
  const services = options.services ?? SERVICES;
  const snapshotCalls: { service: string; refresh: boolean }[] = [];
  return {
    snapshotCalls,
    services: () => Promise.resolve(services),
    fileExists: (file) => Promise.resolve(FILES.includes(file)),
    snapshot: (service, { refresh }) => {
      snapshotCalls.push({ service: service.name, refresh });
      return Promise.resolve((options.snapshot ?? emptySnapshot)(service.name));
    },
    locate: (trace, preferService) => Promise.resolve(locateTrace(trace, traceMappingContext(index, { services, preferService }))),
    diagnose: () => Promise.resolve(options.findings ?? []),
    now: () => NOW,
  };
}
