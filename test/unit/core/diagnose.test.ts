import * as assert from 'node:assert/strict';
import { diagnose, renderDiagnosis } from '../../../src/core/diagnostics/report';
import { detectServices } from '../../../src/core/detect/services';

describe('core/diagnostics: why nothing shows', () => {
  it('says when no folder is open', () => {
    const d = diagnose({ workspaceFolders: [], detection: undefined, backendsByService: {} });
    assert.equal(d.summary.errors, 1);
    assert.match(d.findings[0].fix ?? '', /Open the folder/);
  });

  it('names a missing service and what to create', () => {
    const d = diagnose({ workspaceFolders: ['ws'], detection: detectServices([{ path: 'README.md', text: '' }]), backendsByService: {} });
    const finding = d.findings.find((f) => f.level === 'error');
    assert.match(finding?.title ?? '', /No service detected/);
    assert.match(finding?.fix ?? '', /\.prodlens\.json/);
  });

  it('flags a service without backends, a missing required token, and a file outside every service', () => {
    const detection = detectServices([{ path: '.prodlens.json', text: '{"services":[{"name":"api","folders":["api"]},{"name":"web","folders":["web"]}]}' }]);
    const d = diagnose({
      workspaceFolders: ['ws'],
      detection,
      activeFile: 'docs/readme.md',
      backendsByService: { api: [{ kind: 'sentry', url: 'https://sentry.io', from: '.prodlens.json', hasToken: false, tokenOptional: false }] },
    });
    const text = renderDiagnosis(d);
    assert.match(text, /✖ "api" → sentry at https:\/\/sentry\.io .*no token/);
    assert.match(text, /PRODLENS_SENTRY_TOKEN/);
    assert.match(text, /⚠ "web" has no backend/);
    assert.match(text, /⚠ The active file docs\/readme\.md belongs to no detected service/);
    assert.deepEqual(d.summary, { errors: 1, warnings: 2 });
  });
});
