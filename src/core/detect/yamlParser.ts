// The YAML parser, loaded on first use: most workspaces have no compose file or Kubernetes manifest, and
// the parser is the largest dependency of the extension. The extension bundle keeps it in a file of its
// own (dist/vendor/yaml.js) that is only read when a YAML file is.
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

export function yamlParser(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy, synchronous load is the point
  loaded ??= require('yaml') as typeof Yaml;
  return loaded;
}
