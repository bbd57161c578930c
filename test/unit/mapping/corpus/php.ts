// PHP frames against a Symfony application with a legacy module reusing class names
// (test/fixtures/mapping/workspaces/php.json).
import type { CorpusTable } from './types';

export const phpCorpus: CorpusTable = {
  language: 'php',
  workspace: 'php',
  frames: [
    { name: 'numbered frame under /var/www/html/', text: '#0 /var/www/html/src/Service/OrderService.php(42): App\\Service\\PaymentGateway->charge(Object(App\\Entity\\Order))', expect: 'src/Service/OrderService.php:42', reason: 'deploy root /var/www/html/' },
    { name: 'vendor/ is library', text: '#1 /var/www/html/vendor/symfony/http-kernel/HttpKernel.php(181): App\\Controller\\OrderController->show(42)', expect: '!library' },
    { name: '[internal function] has no file', text: '#2 [internal function]: App\\Service\\OrderService->App\\Service\\{closure}(Array)', expect: '!nolocation' },
    { name: 'src/Controller wins over legacy/Controller on the longer suffix', text: '#3 /var/www/html/src/Controller/OrderController.php(30): App\\Service\\OrderService->place(Object(App\\Entity\\Order))', expect: 'src/Controller/OrderController.php:30' },
    { name: 'Controller/OrderController.php in two trees: ambiguous', text: '#4 /srv/www/lib/Controller/OrderController.php(12): handle()', expect: '!ambiguous', candidates: ['legacy/Controller/OrderController.php', 'src/Controller/OrderController.php'] },
    { name: 'front controller', text: '#5 /var/www/html/public/index.php(20): App\\Kernel->handle(Object(Symfony\\Component\\HttpFoundation\\Request))', expect: 'public/index.php:20' },
    { name: 'legacy function file', text: '#0 /app/legacy/lib/functions.php(88): legacy_total(Array)', expect: 'legacy/lib/functions.php:88' },
    { name: 'phar archive is library', text: '#1 phar:///usr/local/bin/composer/src/Composer/Console/Application.php(140): Composer\\Console\\Application->doRun()', expect: '!library' },
    { name: 'repository', text: '#0 /var/www/html/src/Repository/OrderRepository.php(55): Doctrine\\ORM\\EntityRepository->find(42)', expect: 'src/Repository/OrderRepository.php:55' },
    { name: 'XAMPP on Windows', text: '#0 C:\\xampp\\htdocs\\shop\\src\\Entity\\Order.php(19): App\\Entity\\Order->total()', expect: 'src/Entity/Order.php:19' },
    { name: 'file absent from the workspace', text: '#2 /var/www/html/src/Service/Mailer.php(10): send()', expect: '!nomatch' },
    { name: 'fatal error header names the throw site', text: 'PHP Fatal error:  Uncaught TypeError: App\\Service\\OrderService::place(): Argument #1 ($order) must be of type App\\Entity\\Order, null given in /var/www/html/src/Service/OrderService.php:31', expect: 'src/Service/OrderService.php:31' },
    { name: 'test file', text: '#0 /var/www/html/tests/Service/OrderServiceTest.php(25): App\\Service\\OrderService->place()', expect: 'tests/Service/OrderServiceTest.php:25' },
    { name: 'PHPUnit in vendor', text: '#1 /var/www/html/vendor/phpunit/phpunit/src/Framework/TestCase.php(1617): App\\Tests\\OrderServiceTest->testPlace()', expect: '!library' },
    { name: 'Sentry PHP frame with in_app: true on vendor', frame: { deployedPath: '/var/www/html/vendor/doctrine/orm/src/EntityManager.php', line: 210, function: 'flush', inApp: true, language: 'php' }, expect: '!library' },
    { name: 'kernel', text: '#6 /var/www/html/src/Kernel.php(44): Symfony\\Component\\HttpKernel\\Kernel->boot()', expect: 'src/Kernel.php:44' },
  ],
  traces: [
    {
      name: 'PHP fatal error log with the throw site in the header', file: 'php/uncaught.txt', language: 'php',
      exception: { type: 'App\\Exception\\PaymentDeclined', message: 'card declined for order 42' },
      frames: ['src/Service/PaymentGateway.php:57', 'src/Service/OrderService.php:42', 'src/Controller/OrderController.php:30', '!library', '!nolocation', 'public/index.php:20'],
      crash: 'src/Service/PaymentGateway.php:57',
    },
    {
      name: 'Laravel log line with [stacktrace]', file: 'php/laravel-log.txt', language: 'php',
      exception: { type: 'DivisionByZeroError', message: 'Division by zero' },
      frames: ['src/Repository/OrderRepository.php:55', 'src/Service/OrderService.php:88', 'legacy/lib/functions.php:12', '!library'],
      crash: 'src/Repository/OrderRepository.php:55',
    },
    {
      name: '"Next" chained exceptions with Windows line endings', file: 'php/next-chain.txt', crlf: true, language: 'php', groups: 2,
      exception: { type: 'PDOException' },
      frames: ['src/Repository/OrderRepository.php:31', 'src/Repository/OrderRepository.php:31', 'src/Service/OrderService.php:60',
        'src/Service/OrderService.php:64', '!ambiguous', 'tests/Service/OrderServiceTest.php:25', '!library'],
      crash: 'src/Repository/OrderRepository.php:31',
    },
  ],
};
