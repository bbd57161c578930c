import * as assert from 'node:assert/strict';
import { MANIFEST_GLOB, isDetectionFile } from '../../../src/core/detect/manifests';
import { readRuntimeConfig, runtimeConfigKind, serviceNameFromAttributes } from '../../../src/core/detect/runtimeConfig';
import { composeBuildFolder } from '../../../src/core/detect/runtimeYaml';
import { detectServices, ownerOf } from '../../../src/core/detect/services';

/** name @ folder, for compact assertions. */
function hitsOf(path: string, text: string): string[] {
  return readRuntimeConfig(path, text).hits.map((h) => `${h.name} @ ${h.folder ?? '(unplaced)'}`);
}

describe('core/detect: runtime config files', () => {
  it('knows which files to read, and the glob names them without nested braces', () => {
    const kinds: [string, string | undefined][] = [
      ['services/api/.env', 'env'],
      ['.env.production', 'env'],
      ['.envrc', undefined],
      ['docker-compose.yml', 'compose'],
      ['deploy/compose.prod.yaml', 'compose'],
      ['services/api/Dockerfile', 'dockerfile'],
      ['services/api/Dockerfile.prod', 'dockerfile'],
      ['api.Dockerfile', 'dockerfile'],
      ['services/api/k8s/deployment.yaml', 'kubernetes'],
      ['charts/api/templates/deployment.yml', 'kubernetes'],
      ['.github/workflows/ci.yml', undefined],
      ['openapi/spec.yaml', undefined],
    ];
    for (const [path, kind] of kinds) assert.equal(runtimeConfigKind(path), kind, path);
    assert.ok(isDetectionFile('services/api/.env') && isDetectionFile('package.json') && isDetectionFile('.prodlens.json'));
    assert.ok(!isDetectionFile('src/index.ts'));
    const inner = MANIFEST_GLOB.slice(MANIFEST_GLOB.indexOf('{') + 1, -1);
    assert.ok(!inner.includes('{') && !inner.includes('}'), MANIFEST_GLOB);
    for (const part of ['.env', '.env.*', 'compose.yaml', 'Dockerfile', 'k8s/**/*.yaml', 'helm/**/*.yml']) assert.ok(inner.split(',').includes(part), part);
  });

  it('.env: OTEL_SERVICE_NAME, export, quotes and comments; the exact line is the evidence', () => {
    const read = readRuntimeConfig('services/api/.env', '# local\nexport OTEL_SERVICE_NAME="checkout-api"  \nOTHER=1\n');
    assert.deepEqual(read.hits.map((h) => [h.name, h.folder, h.key, h.kind]), [['checkout-api', 'services/api', 'OTEL_SERVICE_NAME', 'env']]);
    assert.deepEqual(read.hits[0].evidence, { source: 'services/api/.env', detail: 'export OTEL_SERVICE_NAME="checkout-api" (line 2)' });
    assert.deepEqual(hitsOf('.env.production', 'OTEL_SERVICE_NAME=web # the storefront\n'), ['web @ ']);
  });

  it('.env: OTEL_SERVICE_NAME wins over service.name in OTEL_RESOURCE_ATTRIBUTES; attributes alone also name it', () => {
    assert.deepEqual(hitsOf('.env', 'OTEL_RESOURCE_ATTRIBUTES=service.name=old,deployment.environment=prod\nOTEL_SERVICE_NAME=new\n'), ['new @ ']);
    const read = readRuntimeConfig('a/.env', 'OTEL_RESOURCE_ATTRIBUTES=deployment.environment=prod,service.name=billing%20svc\n');
    assert.deepEqual(read.hits.map((h) => [h.name, h.key]), [['billing svc', 'OTEL_RESOURCE_ATTRIBUTES']]);
    assert.equal(serviceNameFromAttributes('service.namespace=shop'), undefined);
    assert.equal(serviceNameFromAttributes('service.name=%E0%A4%A'), '%E0%A4%A'); // malformed escapes: kept verbatim
  });

  it('placeholders and interpolations are not names, and say so', () => {
    for (const value of ['${SERVICE}', '$SERVICE', '<your-service>', 'unknown_service:node', '{{ .Values.name }}', '']) {
      const read = readRuntimeConfig('.env', `OTEL_SERVICE_NAME=${value}\n`);
      assert.deepEqual(read.hits, [], value);
    }
    assert.match(readRuntimeConfig('.env', 'OTEL_SERVICE_NAME=${SERVICE:-api}\n').skipped[0], /not a literal name/);
    // An interpolated OTEL_SERVICE_NAME overrides service.name at run time: the attribute is no answer either.
    assert.deepEqual(readRuntimeConfig('.env', 'OTEL_SERVICE_NAME=${SERVICE}\nOTEL_RESOURCE_ATTRIBUTES=service.name=guess\n').hits, []);
  });

  it('Dockerfile: ENV KEY=value (several per line, continued lines) and the legacy ENV KEY value; the last one wins', () => {
    assert.deepEqual(hitsOf('svc/Dockerfile', 'FROM node:20\nENV NODE_ENV=production OTEL_SERVICE_NAME=orders\n'), ['orders @ svc']);
    assert.deepEqual(hitsOf('svc/Dockerfile', 'FROM node:20\nENV OTEL_SERVICE_NAME orders-legacy\n'), ['orders-legacy @ svc']);
    const continued = readRuntimeConfig('svc/Dockerfile', 'FROM python:3.12 AS build\nENV OTEL_SERVICE_NAME=builder\nFROM python:3.12-slim\nENV PORT=8080 \\\n    OTEL_SERVICE_NAME="payments"\n');
    assert.deepEqual(continued.hits.map((h) => h.name), ['payments']);
    assert.equal(continued.hits[0].evidence.detail, 'ENV PORT=8080 OTEL_SERVICE_NAME="payments" (line 4)');
    assert.deepEqual(hitsOf('svc/Dockerfile', 'FROM x\nENV OTEL_SERVICE_NAME=$NAME\n'), []);
  });

  it('compose: environment as a map or a list, per compose service, placed by its build context', () => {
    const text = [
      'services:',
      '  api:',
      '    build: ./services/api',
      '    environment:',
      '      OTEL_SERVICE_NAME: checkout-api',
      '  billing:',
      '    build:',
      '      context: services/billing',
      '      dockerfile: Dockerfile',
      '    environment:',
      '      - "OTEL_RESOURCE_ATTRIBUTES=service.name=billing-svc"',
      '  redis:',
      '    image: redis:7',
      '    environment:',
      '      - OTEL_SERVICE_NAME=cache',
      '  shell:',
      '    build: .',
      '    environment:',
      '      - OTEL_SERVICE_NAME',
    ].join('\n');
    const read = readRuntimeConfig('docker-compose.yml', text);
    assert.deepEqual(read.hits.map((h) => `${h.name} @ ${h.folder ?? '(unplaced)'}`), ['checkout-api @ services/api', 'billing-svc @ services/billing', 'cache @ (unplaced)']);
    assert.equal(read.hits[0].evidence.detail, 'OTEL_SERVICE_NAME: checkout-api (line 5, compose service "api", build ./services/api)');
    assert.match(read.hits[1].evidence.detail, /^- "OTEL_RESOURCE_ATTRIBUTES=service\.name=billing-svc" \(line 11, compose service "billing"/);
  });

  it('compose: build contexts resolve against the compose file folder, never outside the workspace', () => {
    assert.equal(composeBuildFolder('deploy', '../services/api'), 'services/api');
    assert.equal(composeBuildFolder('', '.'), '');
    assert.equal(composeBuildFolder('', { dockerfile: 'Dockerfile' }), '');
    assert.equal(composeBuildFolder('', '../elsewhere'), undefined);
    assert.equal(composeBuildFolder('', 'https://github.com/acme/api.git'), undefined);
    assert.equal(composeBuildFolder('', '/abs/path'), undefined);
    assert.equal(composeBuildFolder('', undefined), undefined);
  });

  it('compose: YAML anchors and merge keys are followed', () => {
    const text = 'x-otel: &otel\n  OTEL_SERVICE_NAME: shared-name\nservices:\n  api:\n    build: api\n    environment:\n      <<: *otel\n';
    assert.deepEqual(hitsOf('compose.yaml', text), ['shared-name @ api']);
  });

  it('Kubernetes: container env in a multi-document file, each with its Deployment and container; valueFrom is skipped', () => {
    const text = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: checkout }',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: checkout',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: acme/checkout:1.2',
      '          env:',
      '            - name: POD_IP',
      '              valueFrom: { fieldRef: { fieldPath: status.podIP } }',
      '            - name: OTEL_SERVICE_NAME',
      '              value: "checkout-api"',
      '---',
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata: { name: reconcile }',
      'spec:',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          containers:',
      '            - name: job',
      '              image: acme/checkout:1.2',
      '              env:',
      '                - { name: OTEL_SERVICE_NAME, valueFrom: { configMapKeyRef: { name: x, key: y } } }',
    ].join('\n');
    const read = readRuntimeConfig('services/api/k8s/deployment.yaml', text);
    assert.deepEqual(read.hits.map((h) => `${h.name} @ ${h.folder}`), ['checkout-api @ services/api']);
    assert.equal(read.hits[0].evidence.detail, '- name: OTEL_SERVICE_NAME value: "checkout-api" (line 18, Deployment "checkout", container "app")');
  });

  it('Kubernetes: a ConfigMap data map and Helm values name the service too; a root deploy folder places it at the root', () => {
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: otel\ndata:\n  OTEL_SERVICE_NAME: ledger\n';
    assert.deepEqual(hitsOf('deploy/k8s/configmap.yaml', configMap), ['ledger @ ']);
    assert.deepEqual(hitsOf('services/ledger/helm/values.yaml', 'env:\n  OTEL_RESOURCE_ATTRIBUTES: "service.name=ledger,service.version=2"\n'), ['ledger @ services/ledger']);
  });

  it('malformed YAML never throws: a Helm template is read line by line, templated values are reported, not used', () => {
    const template = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      '{{- if .Values.enabled }}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: {{ .Chart.Name }}',
      '          env:',
      '            - name: OTEL_SERVICE_NAME',
      '              value: "inventory"',
      '            - name: OTEL_RESOURCE_ATTRIBUTES',
      '              value: {{ .Values.attributes | quote }}',
      '{{- end }}',
    ].join('\n');
    const read = readRuntimeConfig('charts/inventory/templates/deployment.yaml', template);
    assert.deepEqual(read.hits.map((h) => `${h.name} @ ${h.folder}`), ['inventory @ ']);
    assert.match(read.hits[0].evidence.detail, /^- name: OTEL_SERVICE_NAME value: "inventory" \(line 10, not valid YAML/);
    assert.ok(read.skipped.some((s) => /not valid YAML/.test(s)), read.skipped.join('\n'));
    assert.ok(read.skipped.some((s) => /OTEL_RESOURCE_ATTRIBUTES.*not a literal name/.test(s)), read.skipped.join('\n'));
    for (const garbage of ['OTEL_SERVICE_NAME: [unclosed', ':\n  - : :\n\tOTEL_SERVICE_NAME', '\u0000\u0001OTEL_SERVICE_NAME', 'a: &x\n  b: *x\nc: *y OTEL_SERVICE_NAME']) {
      assert.doesNotThrow(() => readRuntimeConfig('k8s/x.yaml', garbage));
      assert.doesNotThrow(() => readRuntimeConfig('docker-compose.yml', garbage));
    }
    assert.deepEqual(readRuntimeConfig('k8s/empty.yaml', '').hits, []);
  });

  it('a compose file that is not valid YAML still gives its literal names, unplaced (no build context is known)', () => {
    const read = readRuntimeConfig('docker-compose.yml', 'services:\n  api:\n\tenvironment:\n      - OTEL_SERVICE_NAME=api\n');
    assert.deepEqual(read.hits.map((h) => `${h.name} @ ${h.folder ?? '(unplaced)'}`), ['api @ (unplaced)']);
  });
});

describe('core/detect: runtime names and manifests together', () => {
  it('the runtime name wins over the manifest name for the same folder, and both evidences are kept', () => {
    const { services } = detectServices([
      { path: 'package.json', text: '{"name":"@acme/storefront-web"}' },
      { path: '.env.production', text: 'OTEL_SERVICE_NAME=storefront\n' },
      { path: 'Dockerfile', text: 'FROM node:20\nENV OTEL_SERVICE_NAME=storefront\n' },
    ]);
    assert.equal(services.length, 1);
    const [svc] = services;
    assert.equal(svc.name, 'storefront');
    assert.equal(svc.nameSource, 'runtime');
    assert.deepEqual(svc.folders, ['']);
    assert.deepEqual(svc.evidence.map((e) => e.source), ['.env.production', 'Dockerfile', 'package.json']);
    assert.deepEqual(svc.otherNames, [{ name: 'storefront-web', evidence: { source: 'package.json', detail: '"name": "@acme/storefront-web"' } }]);
  });

  it('.prodlens.json beats the runtime name, which is kept aside for the diagnosis', () => {
    const { services } = detectServices([
      { path: '.prodlens.json', text: '{"services":[{"name":"checkout","folders":["api"]}]}' },
      { path: 'api/package.json', text: '{"name":"api"}' },
      { path: 'api/.env', text: 'OTEL_SERVICE_NAME=checkout-prod\n' },
    ]);
    assert.deepEqual(services.map((s) => s.name), ['checkout']);
    assert.equal(services[0].nameSource, 'config');
    assert.deepEqual(services[0].otherNames?.map((o) => o.name), ['api', 'checkout-prod']);
  });

  it('a monorepo: compose names each built folder; a root deploy folder confirms by name and never claims the root', () => {
    const result = detectServices([
      { path: 'package.json', text: '{"name":"acme","private":true,"workspaces":["services/*"]}' },
      { path: 'services/api/package.json', text: '{"name":"@acme/checkout-api"}' },
      { path: 'services/billing/pyproject.toml', text: '[project]\nname = "billing"\n' },
      { path: 'docker-compose.yml', text: 'services:\n  api:\n    build: services/api\n    environment: [OTEL_SERVICE_NAME=checkout-api]\n  billing:\n    build: services/billing\n    environment: { OTEL_SERVICE_NAME: billing-svc }\n' },
      { path: 'deploy/k8s/api.yaml', text: 'kind: Deployment\nspec: { template: { spec: { containers: [ { name: api, image: x, env: [ { name: OTEL_SERVICE_NAME, value: checkout-api } ] } ] } } }\n' },
      { path: 'deploy/k8s/mystery.yaml', text: 'kind: Deployment\nspec: { template: { spec: { containers: [ { name: m, image: x, env: [ { name: OTEL_SERVICE_NAME, value: mystery } ] } ] } } }\n' },
    ]);
    assert.deepEqual(result.services.map((s) => `${s.name}:${s.folders.join(',')}:${s.nameSource}`), ['checkout-api:services/api:manifest', 'billing-svc:services/billing:runtime']);
    assert.deepEqual(result.services[0].evidence.map((e) => e.source), ['docker-compose.yml', 'services/api/package.json', 'deploy/k8s/api.yaml']);
    assert.equal(result.services[1].otherNames?.[0].name, 'billing');
    const mystery = result.ignored.find((i) => i.path === 'deploy/k8s/mystery.yaml');
    assert.match(mystery?.reason ?? '', /names service "mystery".*which holds other services: add "mystery" to \.prodlens\.json/);
    assert.equal(ownerOf(result.services, 'README.md'), undefined);
  });

  it('different runtime names for one folder choose nothing: the manifest name stays and the others are listed', () => {
    const { services } = detectServices([
      { path: 'app/go.mod', text: 'module example.com/app\n' },
      { path: 'app/.env.development', text: 'OTEL_SERVICE_NAME=app-dev\n' },
      { path: 'app/.env.production', text: 'OTEL_SERVICE_NAME=app-prod\n' },
    ]);
    assert.deepEqual(services.map((s) => s.name), ['app']);
    assert.deepEqual(services[0].otherNames?.map((o) => o.name), ['app-dev', 'app-prod']);
  });

  it('a folder with only runtime config becomes a service; a subfolder process gets its own service', () => {
    const { services } = detectServices([
      { path: 'services/api/package.json', text: '{"name":"api"}' },
      { path: 'services/api/worker/Dockerfile', text: 'FROM node:20\nENV OTEL_SERVICE_NAME=api-worker\n' },
      { path: 'tools/cron/Dockerfile', text: 'FROM alpine\nENV OTEL_SERVICE_NAME cron\n' },
    ]);
    assert.deepEqual(services.map((s) => `${s.name}:${s.folders.join(',')}`), ['api:services/api', 'api-worker:services/api/worker', 'cron:tools/cron']);
    assert.equal(ownerOf(services, 'services/api/worker/index.js')?.name, 'api-worker');
    assert.equal(ownerOf(services, 'services/api/src/index.js')?.name, 'api');
  });

  it('an image-only compose service confirms a service of the same name, or is reported as unplaced', () => {
    const result = detectServices([
      { path: 'api/package.json', text: '{"name":"api"}' },
      { path: 'compose.yaml', text: 'services:\n  a:\n    image: acme/api\n    environment: { OTEL_SERVICE_NAME: api }\n  b:\n    image: acme/b\n    environment: { OTEL_SERVICE_NAME: other }\n' },
    ]);
    assert.deepEqual(result.services[0].evidence.map((e) => e.source), ['api/package.json', 'compose.yaml']);
    assert.ok(result.ignored.some((i) => i.path === 'compose.yaml' && /"other".*without tying it to a folder/.test(i.reason)));
  });

  it('runtime config in dependency or test folders is ignored', () => {
    const result = detectServices([{ path: 'node_modules/x/.env', text: 'OTEL_SERVICE_NAME=x\n' }, { path: 'test/fixtures/k8s/a.yaml', text: 'OTEL_SERVICE_NAME: y\n' }]);
    assert.deepEqual(result.services, []);
  });
});

describe('core/detect: config files in dependency and test folders', () => {
  it('a .prodlens.json inside test fixtures or node_modules describes someone else\'s services', () => {
    const result = detectServices([
      { path: '.prodlens.json', text: '{"services":[{"name":"mine"}]}' },
      { path: 'test/fixtures/workspaces/x/.prodlens.json', text: '{"services":[{"name":"fixture","backends":{"sentry":{"organization":"o","project":"p","token":"t"}}}]}' },
      { path: 'node_modules/lib/.prodlens.json', text: '{"services":[{"name":"dependency"}]}' },
    ]);
    assert.deepEqual(result.services.map((s) => s.name), ['mine']);
    assert.deepEqual(result.configFiles.map((f) => f.path), ['.prodlens.json']);
    assert.ok(result.ignored.some((i) => i.path === 'test/fixtures/workspaces/x/.prodlens.json'));
  });
});
