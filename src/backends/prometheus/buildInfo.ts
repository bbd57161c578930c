// Which version a service runs, as its own metrics say: an app's `*_build_info` gauge (the
// `prometheus_build_info` shape: `version`, `revision` labels) or OpenTelemetry's `target_info`, whose labels
// are the resource attributes (`service_version`, `vcs_ref_head_revision`, ...). One query for all of them.
import type { VersionEvidence } from '../../core/model';
import { oneLine } from '../../core/text';
import { IDENTITY_LABELS, promString, selectorText } from './conventions';
import type { PromVectorSample } from './types';

/** Labels that name a version or a commit, in the order a claim of each kind is preferred. */
const VERSION_LABELS = ['version', 'service_version'] as const;
const REVISION_LABELS = ['revision', 'commit', 'vcs_ref_head_revision', 'vcs_repository_ref_revision', 'git_commit', 'git_sha'] as const;

const BUILD_INFO_NAMES = '.+_build_info|target_info';
const BUILD_INFO_NAME = new RegExp(`^(?:${BUILD_INFO_NAMES})$`);

/** Claims kept at most: a rollout shows two versions, a misconfigured job perhaps a few more. */
const MAX_CLAIMS = 10;

/**
 * Counts the build-info series of the service by their version labels: the answer holds one sample per
 * version running (a rollout in progress shows two), however many instances there are. Go's own
 * `go_build_info` names the Go toolchain and module, not the app's release, so it is left out.
 */
export function buildInfoQuery(serviceName: string, selector: Record<string, string> | undefined): string {
  const names = [`__name__=~${promString(BUILD_INFO_NAMES)}`, `__name__!=${promString('go_build_info')}`];
  const branches = selector && Object.keys(selector).length > 0
    ? [selectorText(selector, names)]
    : IDENTITY_LABELS.map((l) => selectorText({ [l]: serviceName }, names));
  const by = ['__name__', ...VERSION_LABELS, ...REVISION_LABELS];
  return `count by (${by.join(', ')}) (${branches.join(' or ')})`;
}

/**
 * The answer as version claims, one per metric and value, the most common (most series) first, then in a fixed
 * order (Prometheus does not order an aggregation's answer); empty labels say nothing.
 */
export function parseBuildInfo(samples: readonly PromVectorSample[]): VersionEvidence[] {
  const counted = new Map<string, { claim: VersionEvidence; series: number; name: string }>();
  for (const sample of samples) {
    // The answer may be shared with other queries (the convention detection's): only build-info series count.
    const name = sample.metric.__name__;
    if (!name || !BUILD_INFO_NAME.test(name) || name === 'go_build_info') continue;
    const source: VersionEvidence['source'] = name === 'target_info' ? 'otel-resource' : 'prometheus-build-info';
    const series = sample.v;
    const add = (labels: readonly string[], kind: VersionEvidence['kind']) => {
      const label = labels.find((l) => sample.metric[l]?.trim());
      if (!label) return;
      const value = oneLine(sample.metric[label], 200);
      const key = `${name} ${kind} ${value}`;
      const seen = counted.get(key);
      if (seen) seen.series += Number.isFinite(series) ? series : 1;
      else counted.set(key, { claim: { source, field: `${oneLine(name, 100)}{${label}}`, value, kind }, series: Number.isFinite(series) ? series : 1, name });
    };
    add(VERSION_LABELS, 'version');
    add(REVISION_LABELS, 'revision');
  }
  const kindOrder = (c: VersionEvidence) => (c.kind === 'version' ? 0 : 1);
  return [...counted.values()]
    .sort((a, b) => b.series - a.series || a.name.localeCompare(b.name) || kindOrder(a.claim) - kindOrder(b.claim) || a.claim.value.localeCompare(b.claim.value))
    .slice(0, MAX_CLAIMS)
    .map((c) => c.claim);
}
