// .NET frames against a solution with an ASP.NET Core API, a domain library, and a billing project whose folder
// does not repeat its namespace (test/fixtures/mapping/workspaces/dotnet.json).
import type { CorpusTable } from './types';

const API = 'src/Acme.Orders.Api';
const DOMAIN = 'src/Acme.Orders.Domain';

export const dotnetCorpus: CorpusTable = {
  language: 'dotnet',
  workspace: 'dotnet',
  frames: [
    { name: 'container build under /src/', text: '   at Acme.Orders.Api.Services.OrderService.PlaceAsync(Order order) in /src/Acme.Orders.Api/Services/OrderService.cs:line 42', expect: `${API}/Services/OrderService.cs:42` },
    { name: 'Windows build path', text: '   at Acme.Orders.Api.Controllers.OrdersController.Get(Int32 id) in C:\\build\\src\\Acme.Orders.Api\\Controllers\\OrdersController.cs:line 18', expect: `${API}/Controllers/OrdersController.cs:18` },
    { name: 'async state machine on an Azure Pipelines agent', text: '   at Acme.Orders.Api.Services.OrderService.<PlaceAsync>d__4.MoveNext() in D:\\a\\1\\s\\src\\Acme.Orders.Api\\Services\\OrderService.cs:line 57', expect: `${API}/Services/OrderService.cs:57` },
    { name: 'no PDB: file found from the namespace but no line', text: '   at Acme.Orders.Domain.Services.PricingService.Quote(Order order)', expect: '!nolocation' },
    { name: 'Sentry frame: namespace segments match folders', frame: { module: 'Acme.Orders.Domain.Services.PricingService', function: 'Quote', line: 31, language: 'dotnet' }, expect: `${DOMAIN}/Services/PricingService.cs:31`, reason: 'namespace Acme.Orders.Domain.Services' },
    { name: 'project folder that drops the root namespace', frame: { module: 'Acme.Billing.Services.InvoiceService', function: 'Issue', line: 12, language: 'dotnet' }, expect: 'src/Billing/Services/InvoiceService.cs:12' },
    { name: 'two Validator.cs equally close to the namespace: ambiguous', frame: { module: 'Acme.Shared.Validation.Validator', function: 'Check', line: 5, language: 'dotnet' }, expect: '!ambiguous', candidates: [`${API}/Validation/Validator.cs`, 'src/Billing/Validation/Validator.cs'] },
    { name: 'the longer namespace match wins', frame: { module: 'Acme.Orders.Api.Validation.Validator', function: 'Check', line: 5, language: 'dotnet' }, expect: `${API}/Validation/Validator.cs:5` },
    { name: 'nested type Outer+Inner', frame: { module: 'Acme.Orders.Domain.Order+Line', function: 'Total', line: 9, language: 'dotnet' }, expect: `${DOMAIN}/Order.cs:9` },
    { name: 'type absent from the workspace', frame: { module: 'Acme.Payments.Gateway', function: 'Charge', line: 3, language: 'dotnet' }, expect: '!nomatch' },
    { name: 'System.Linq', text: '   at System.Linq.ThrowHelper.ThrowNoElementsException()', expect: '!library' },
    { name: 'ASP.NET Core MVC', text: '   at Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.TaskOfIActionResultExecutor.Execute(ActionContext actionContext, IActionResultTypeMapper mapper, ObjectMethodExecutor executor, Object controller, Object[] arguments)', expect: '!library' },
    { name: 'TaskAwaiter', text: '   at System.Runtime.CompilerServices.TaskAwaiter.ThrowForNonSuccess(Task task)', expect: '!library' },
    { name: 'Npgsql', text: '   at Npgsql.NpgsqlConnector.Connect(NpgsqlTimeout timeout)', expect: '!library' },
    { name: 'expression-tree lambda_method', text: '   at lambda_method12(Closure, Object, Object[])', expect: '!library' },
    { name: 'top-level statements <Main>$', text: '   at Acme.Orders.Api.Program.<Main>$(String[] args) in /app/Program.cs:line 25', expect: `${API}/Program.cs:25` },
    { name: 'root-level file', text: '   at Acme.Orders.Api.Startup.Configure(IApplicationBuilder app) in /app/Startup.cs:line 40', expect: 'Startup.cs:40' },
    { name: 'test project on a developer machine', text: '   at Acme.Orders.Tests.OrderServiceTests.PlacesOrder() in /home/dev/acme/tests/Acme.Orders.Tests/OrderServiceTests.cs:line 33', expect: 'tests/Acme.Orders.Tests/OrderServiceTests.cs:33' },
    { name: 'deterministic build path /_/', text: '   at Acme.Orders.Api.Controllers.HealthController.Get() in /_/src/Acme.Orders.Api/Controllers/HealthController.cs:line 9', expect: `${API}/Controllers/HealthController.cs:9` },
    { name: 'file absent from the workspace', text: '   at Acme.Payments.Gateway.Charge(Decimal amount) in /src/Acme.Payments/Gateway.cs:line 3', expect: '!nomatch' },
    { name: 'F# source', text: '   at Billing.Invoices.total(Invoice inv) in /src/Billing/Invoices.fs:line 12', expect: 'src/Billing/Invoices.fs:12' },
    { name: 'Visual Studio repos folder', text: '   at Acme.Orders.Domain.Order.AddLine(LineItem item) in C:\\Users\\dev\\source\\repos\\Acme\\src\\Acme.Orders.Domain\\Order.cs:line 66', expect: `${DOMAIN}/Order.cs:66` },
    { name: 'Hangfire', text: '   at Hangfire.Server.Worker.Execute(BackgroundProcessContext context)', expect: '!library' },
    { name: 'compiler-generated closure in System', text: '   at System.Threading.Tasks.Task.<>c.<ThrowAsync>b__128_1(Object state)', expect: '!library' },
    { name: 'display class lambda', text: '   at Acme.Orders.Api.Controllers.OrdersController.<>c__DisplayClass5_0.<Get>b__0(Order o) in /src/Acme.Orders.Api/Controllers/OrdersController.cs:line 22', expect: `${API}/Controllers/OrdersController.cs:22` },
    { name: 'generic type with arity', text: '   at Acme.Orders.Api.Services.Repository`1.Find(Int32 id) in /src/Acme.Orders.Api/Services/Repository.cs:line 8', expect: '!nomatch' },
    { name: 'German :Zeile line marker', text: '   at Acme.Orders.Api.Services.OrderService.PlaceAsync(Order order) in /src/Acme.Orders.Api/Services/OrderService.cs:Zeile 42', expect: `${API}/Services/OrderService.cs:42` },
    { name: 'ref parameter', text: '   at Acme.Orders.Domain.Order.TryGet(Int32 id, Order& order) in /src/Acme.Orders.Domain/Order.cs:line 80', expect: `${DOMAIN}/Order.cs:80` },
  ],
  traces: [
    {
      name: 'ASP.NET Core log with an inner exception: the inner one is the crash', file: 'dotnet/aspnet-inner.txt', language: 'dotnet', groups: 2,
      exception: { type: 'System.InvalidOperationException', message: 'Could not place order 42' },
      frames: ['!library', `${API}/Services/OrderService.cs:88`, `${API}/Services/OrderService.cs:42`, `${API}/Controllers/OrdersController.cs:31`, '!library', '!library', '!library'],
      crash: `${API}/Services/OrderService.cs:88`,
    },
    {
      name: 'unhandled exception with Windows paths and line endings', file: 'dotnet/unhandled.txt', crlf: true, language: 'dotnet',
      exception: { type: 'System.ArgumentNullException', message: 'Value cannot be null. (Parameter \'order\')' },
      frames: ['!library', `${DOMAIN}/Services/PricingService.cs:17`, `${DOMAIN}/Order.cs:66`, `${API}/Program.cs:25`],
      crash: `${DOMAIN}/Services/PricingService.cs:17`,
    },
    {
      name: 'async rethrow across "End of stack trace from previous location"', file: 'dotnet/async-rethrow.txt', language: 'dotnet', groups: 1,
      exception: { type: 'System.Net.Http.HttpRequestException', message: 'Response status code does not indicate success: 503 (Service Unavailable).' },
      frames: ['!library', 'src/Billing/Services/InvoiceService.cs:54', '!library', '!library', `${API}/Controllers/OrdersController.cs:22`, 'tests/Acme.Orders.Tests/OrderServiceTests.cs:33', '!library'],
      crash: 'src/Billing/Services/InvoiceService.cs:54',
    },
  ],
};
