// What the diagnosis needs to know about one refreshed service, assembled the same way for `prodlens doctor`
// and the editor's Show Diagnostics: mapping statistics, the frames that did not map, and the path mappings
// the workspace's files suggest for them.
import type { DetectedService } from '../core/detect/services';
import { derivePathMappings, unmappedFramesOf, type IdentityValues } from '../core/diagnostics/fixes';
import type { ServiceRuntimeFacts } from '../core/diagnostics/types';
import type { PathIndex } from '../core/mapping';
import type { HealthSnapshot } from '../core/model';
import { mappingStats } from './signalMapper';

export function serviceRuntimeFacts(service: DetectedService, snapshot: HealthSnapshot, index: PathIndex | undefined, prometheusIdentities?: IdentityValues): ServiceRuntimeFacts {
  const unmapped = unmappedFramesOf(snapshot);
  const derived = index ? derivePathMappings(unmapped, index, service.config?.pathMappings ?? []) : { fixes: [], ambiguous: [] };
  return { snapshot, mapping: mappingStats(snapshot), unmapped, pathFixes: derived.fixes, ambiguousPaths: derived.ambiguous, prometheusIdentities };
}
