// Python frames against a Django project with a FastAPI service in a src/ layout
// (test/fixtures/mapping/workspaces/python-pkg.json).
import type { CorpusTable } from './types';

const BILLING = 'services/billing/src/billing';

export const pythonCorpus: CorpusTable = {
  language: 'python',
  workspace: 'python-pkg',
  frames: [
    { name: 'Django view under /srv/app/', text: '  File "/srv/app/shop/views.py", line 17, in order_detail', expect: 'shop/views.py:17', reason: 'deploy root /srv/app/ then exact path shop/views.py' },
    { name: 'nested package under /usr/src/app/', text: '  File "/usr/src/app/shop/api/views.py", line 33, in retrieve', expect: 'shop/api/views.py:33' },
    { name: 'site-packages is library', text: '  File "/usr/local/lib/python3.11/site-packages/django/core/handlers/exception.py", line 55, in inner', expect: '!library' },
    { name: 'a virtualenv inside the workspace is library even when indexed', text: '  File "/app/.venv/lib/python3.11/site-packages/django/core/handlers/base.py", line 197, in _get_response', expect: '!library' },
    { name: 'Debian dist-packages is library', text: '  File "/usr/lib/python3/dist-packages/requests/api.py", line 59, in request', expect: '!library' },
    { name: 'standard library threading is library', text: '  File "/usr/local/lib/python3.12/threading.py", line 1010, in run', expect: '!library' },
    { name: 'standard library asyncio is library', text: '  File "/usr/local/lib/python3.11/asyncio/runners.py", line 118, in run', expect: '!library' },
    { name: 'Windows standard library is library', text: '  File "C:\\Python311\\Lib\\asyncio\\base_events.py", line 653, in run_until_complete', expect: '!library' },
    { name: 'frozen importlib is runtime', text: '  File "<frozen importlib._bootstrap>", line 1204, in _gcd_import', expect: '!library' },
    { name: '<string> (exec, python -c) is runtime-compiled code', text: '  File "<string>", line 1, in <module>', expect: '!library', reason: 'compiled from a string' },
    { name: 'src/ layout under /opt/<name>/', text: '  File "/opt/billing/src/billing/invoices.py", line 88, in render', expect: `${BILLING}/invoices.py:88` },
    { name: 'installed-package layout billing/utils.py', text: '  File "/app/billing/utils.py", line 4, in money', expect: `${BILLING}/utils.py:4` },
    { name: 'bare utils.py in two packages: ambiguous', text: '  File "/app/utils.py", line 4, in money', expect: '!ambiguous', candidates: ['services/billing/src/billing/utils.py', 'shop/utils.py'] },
    { name: 'the billing service folder breaks the utils.py tie', text: '  File "/app/utils.py", line 4, in money', expect: `${BILLING}/utils.py:4`, ctx: { preferFolders: ['services/billing'] } },
    { name: 'Windows development checkout', text: '  File "C:\\Users\\dev\\shop\\shop\\models.py", line 120, in save', expect: 'shop/models.py:120' },
    { name: 'management command', text: '  File "/srv/app/shop/management/commands/sync_stock.py", line 41, in handle', expect: 'shop/management/commands/sync_stock.py:41' },
    { name: 'module that does not exist in the workspace', text: '  File "/srv/app/shop/signals.py", line 9, in on_save', expect: '!nomatch', reason: 'No workspace file is named signals.py' },
    { name: 'manage.py at the root', text: '  File "/srv/app/manage.py", line 22, in main', expect: 'manage.py:22' },
    { name: 'home directory deploy', text: '  File "/home/deploy/shop/shop/forms.py", line 14, in clean', expect: 'shop/forms.py:14' },
    { name: 'tests of the billing service', text: '  File "/workspace/services/billing/tests/test_invoices.py", line 30, in test_total', expect: 'services/billing/tests/test_invoices.py:30' },
    { name: 'package __init__.py', text: '  File "/app/src/billing/tasks/__init__.py", line 5, in <module>', expect: `${BILLING}/tasks/__init__.py:5` },
    { name: 'logging prefix before the frame', text: '2024-05-01 10:00:01,123 ERROR [django.request]   File "/srv/app/shop/urls.py", line 8, in <module>', expect: 'shop/urls.py:8' },
    { name: 'settings module', text: '  File "/srv/app/config/settings.py", line 140, in <module>', expect: 'config/settings.py:140' },
    { name: 'Sentry frame with a dotted module and no path', frame: { module: 'shop.services.payments', function: 'charge', line: 57, language: 'python' }, expect: 'shop/services/payments.py:57', reason: 'Python module shop.services.payments' },
    { name: 'dotted module of a package maps to __init__.py', frame: { module: 'shop.services', function: 'configure', line: 3, language: 'python' }, expect: 'shop/services/__init__.py:3' },
    { name: 'dotted module under a src/ layout', frame: { module: 'billing.tasks.reminders', function: 'run', line: 12, language: 'python' }, expect: `${BILLING}/tasks/reminders.py:12` },
    { name: 'dotted module that does not exist', frame: { module: 'shop.signals', function: 'on_save', line: 3, language: 'python' }, expect: '!nomatch' },
    { name: 'dotted module without a language hint', frame: { module: 'shop.forms', function: 'clean', line: 8 }, expect: 'shop/forms.py:8' },
    { name: 'in_app: true on a site-packages frame is not trusted', frame: { deployedPath: '/usr/local/lib/python3.11/site-packages/shop_sdk/client.py', line: 10, inApp: true, language: 'python' }, expect: '!library' },
    { name: 'Sentry relative filename', frame: { deployedPath: 'shop/api/serializers.py', line: 20, function: 'to_representation', language: 'python' }, expect: 'shop/api/serializers.py:20' },
    { name: 'frame with a file but no line number', frame: { deployedPath: '/srv/app/shop/views.py', function: 'order_detail', language: 'python' }, expect: '!nolocation' },
  ],
  traces: [
    {
      name: 'Django "During handling" chain: the first exception is the root cause', file: 'python/django-chained.txt', language: 'python', groups: 2,
      exception: { type: 'shop.models.Order.DoesNotExist', message: 'Order matching query does not exist.' },
      frames: ['shop/views.py:17', '!library', '!library', '!library', '!library', 'shop/views.py:19'],
      crash: 'shop/views.py:17',
    },
    {
      name: 'Django chain with Windows line endings', file: 'python/django-chained.txt', crlf: true, language: 'python', groups: 2,
      frames: ['shop/views.py:17', '!library', '!library', '!library', '!library', 'shop/views.py:19'],
      crash: 'shop/views.py:17',
    },
    {
      name: '"direct cause" chain in a src/ layout service', file: 'python/direct-cause.txt', language: 'python', groups: 2,
      exception: { type: 'TypeError', message: 'unsupported operand type(s) for +: \'int\' and \'NoneType\'' },
      frames: [`${BILLING}/invoices.py:88`, `${BILLING}/invoices.py:88`, `${BILLING}/main.py:41`, `${BILLING}/utils.py:12`],
      crash: `${BILLING}/invoices.py:88`,
    },
    {
      name: 'Python 3.11 caret lines, frozen and <string> frames', file: 'python/py311-carets.txt', language: 'python',
      exception: { type: 'KeyError', message: '\'due_date\'' },
      frames: [`${BILLING}/tasks/reminders.py:30`, '!library', '!library', '!library'],
      crash: `${BILLING}/tasks/reminders.py:30`,
    },
    {
      name: 'Celery log with a prefix on every line', file: 'python/log-prefixed.txt', language: 'python',
      exception: { type: 'requests.exceptions.ConnectionError', message: 'HTTPConnectionPool(host=\'stock\', port=80): Max retries exceeded' },
      frames: ['!library', 'shop/management/commands/sync_stock.py:41', 'shop/services/inventory.py:73', '!library'],
      crash: 'shop/services/inventory.py:73',
    },
    {
      name: 'ExceptionGroup with nested tracebacks behind | markers', file: 'python/exception-group.txt', language: 'python', groups: 3,
      exception: { type: 'ExceptionGroup', message: 'unhandled errors in a TaskGroup (2 sub-exceptions)' },
      frames: ['shop/services/payments.py:57', '!library', 'shop/services/payments.py:31', 'shop/api/views.py:12'],
      crash: 'shop/services/payments.py:57',
    },
    {
      name: 'gunicorn log cut in the middle of a frame', file: 'python/truncated.txt', language: 'python',
      frames: ['!library', 'shop/api/views.py:33', 'shop/api/serializers.py:20'],
      crash: 'shop/api/serializers.py:20',
    },
    {
      name: 'Sentry ingest event: in_app lies on vendor/, a module-only frame', file: 'python/sentry-ingest-event.json', source: 'sentry', language: 'python',
      exception: { type: 'ZeroDivisionError', message: 'division by zero' },
      frames: ['!library', 'shop/api/views.py:48', '!library', 'shop/utils.py:9'],
      crash: 'shop/utils.py:9',
    },
    {
      name: 'OpenTelemetry log record with a plain attributes object', file: 'python/otel-log-record.json', source: 'otel', language: 'python',
      exception: { type: 'KeyError', message: '\'due_date\'' },
      frames: [`${BILLING}/tasks/reminders.py:44`, `${BILLING}/tasks/reminders.py:30`],
      crash: `${BILLING}/tasks/reminders.py:30`,
    },
  ],
};
