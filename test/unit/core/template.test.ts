import * as assert from 'node:assert/strict';
import { configTemplate } from '../../../src/core/config/template';
import { parseProdlensConfig } from '../../../src/core/config/prodlensConfig';

describe('core/config: the .prodlens.json template', () => {
  it('is valid config pre-filled with the detected services', () => {
    const text = configTemplate([
      { name: 'checkout-api', folders: ['services/api'], environments: [], evidence: [{ source: 'services/api/package.json', detail: '' }] },
      { name: 'billing', folders: ['services/billing'], environments: ['prod'], evidence: [] },
    ]);
    const { config, problems } = parseProdlensConfig(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(config.services.map((s) => [s.name, s.folders, s.environments]), [
      ['checkout-api', ['services/api'], ['production', 'staging']],
      ['billing', ['services/billing'], ['prod']],
    ]);
    assert.deepEqual(config.services[0].pathMappings, [{ from: '/app/', to: 'services/api/' }]);
    assert.match(text, /detected from services\/api\/package\.json/);
  });

  it('offers a placeholder service when nothing was detected', () => {
    assert.equal(parseProdlensConfig(configTemplate([])).config.services[0].name, 'my-service');
  });
});
