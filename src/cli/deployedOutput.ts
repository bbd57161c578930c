// The deployed version of a service in `prodlens status`: one line of text, and the `deployed` object of
// `--json` (additive to schema 1; see the README). The version comes from the snapshot's evidence; the
// service's `.prodlens.json` rule only changes the candidate refs.
import type { HealthSnapshot } from '../core/model';
import { oneLine } from '../core/text';
import { deployedLine, deployedVersion, type DeployedReport } from '../core/versions/deployedVersion';
import type { VersionRefRule } from '../core/versions/deployedVersionRefs';

export function deployedOf(snapshot: HealthSnapshot, rule?: VersionRefRule): DeployedReport {
  return deployedVersion({
    service: snapshot.service,
    environment: snapshot.environment,
    deploys: snapshot.deploys,
    errors: snapshot.errors,
    buildInfo: snapshot.buildInfo,
    rule,
  });
}

/** `deployed` in `status --json`: null when no backend says which version runs. */
export function deployedJson(snapshot: HealthSnapshot, rule?: VersionRefRule) {
  const { service, groups } = deployedOf(snapshot, rule);
  if (!service) return null;
  return {
    version: service.version,
    release: service.release,
    revision: service.revision ?? null,
    refs: service.refs,
    evidence: service.evidence.map((e) => ({ source: e.source, field: e.field, value: e.value, kind: e.kind, at: e.at ?? null, how: e.how, chosen: e.chosen === true })),
    conflicts: service.conflicts,
    groups,
  };
}

/** `deployed 2.14.0 (Sentry release checkout-api@2.14.0+abc1234)`, and a line per disagreement; production text made printable. */
export function deployedTextLines(snapshot: HealthSnapshot): string[] {
  const { service, groups } = deployedOf(snapshot);
  if (!service) return [];
  const lines = [oneLine(deployedLine(service), 160)];
  for (const conflict of service.conflicts.slice(0, 3)) lines.push(`! ${oneLine(conflict, 200)}`);
  const older = groups.filter((g) => !g.seenIn).length;
  if (older) lines.push(`${older} error group${older === 1 ? '' : 's'} from another version (--json lists them)`);
  return lines;
}
