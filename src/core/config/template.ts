// The starting `.prodlens.json` for a workspace, pre-filled from what detection found.
import type { Service } from '../model';

export function configTemplate(services: readonly Service[]): string {
  const list = services.length > 0 ? services : [{ name: 'my-service', folders: [''], environments: [], evidence: [] }];
  const entries = list.map((s) => {
    const folders = JSON.stringify(s.folders.length ? s.folders : ['']);
    const evidence = s.evidence[0] ? `      // detected from ${s.evidence[0].source}\n` : '';
    return `    {
${evidence}      "name": ${JSON.stringify(s.name)},
      "folders": ${folders},
      "environments": ${JSON.stringify(s.environments.length ? s.environments : ['production', 'staging'])},
      // Where deployed paths in stack traces live in this repository.
      "pathMappings": [{ "from": "/app/", "to": ${JSON.stringify(s.folders[0] ? `${s.folders[0]}/` : '')} }],
      "backends": {
        // Uncomment what you run. Tokens never go here: use "ProdLens: Set Backend Token".
        // "prometheus": { "url": "http://localhost:9090", "selector": { "job": ${JSON.stringify(s.name)} } },
        // "alertmanager": { "url": "http://localhost:9093", "matchers": { "service": ${JSON.stringify(s.name)} } },
        // "sentry": { "url": "https://sentry.io", "organization": "my-org", "project": ${JSON.stringify(s.name)} },
        // "pagerduty": { "serviceIds": ["PXXXXXX"] }
      }
    }`;
  });
  return `// ProdLens: which services live in this repository and where their production signals come from.
// Check this file in; it holds no secrets.
{
  "services": [
${entries.join(',\n')}
  ]
}
`;
}
