// Ruby frames against a Rails application (test/fixtures/mapping/workspaces/ruby.json).
import type { CorpusTable } from './types';

export const rubyCorpus: CorpusTable = {
  language: 'ruby',
  workspace: 'ruby',
  frames: [
    { name: 'relative Rails path with a Ruby 3.4 label', text: 'app/models/order.rb:12:in \'Order#total\'', expect: 'app/models/order.rb:12', reason: 'exact path app/models/order.rb' },
    { name: 'Rails app under /usr/src/app/', text: '/usr/src/app/app/controllers/orders_controller.rb:8:in \'show\'', expect: 'app/controllers/orders_controller.rb:8' },
    { name: 'Rails 7.1 Docker image root /rails/', text: '/rails/app/controllers/api/v1/orders_controller.rb:21:in \'create\'', expect: 'app/controllers/api/v1/orders_controller.rb:21' },
    { name: 'namespaced controller beats the top-level one of the same name', text: '/app/app/controllers/api/v1/orders_controller.rb:30:in \'index\'', expect: 'app/controllers/api/v1/orders_controller.rb:30' },
    { name: 'gem under /usr/local/bundle', text: '/usr/local/bundle/gems/actionpack-7.1.3/lib/action_controller/metal/basic_implicit_render.rb:6:in \'send_action\'', expect: '!library' },
    { name: 'standard library', text: '/usr/local/lib/ruby/3.3.0/net/http.rb:1603:in \'transport_request\'', expect: '!library' },
    { name: '<internal:kernel>', text: '<internal:kernel>:187:in \'loop\'', expect: '!library' },
    { name: 'block in a service object', text: '/app/app/services/payments/charge.rb:33:in \'block in call\'', expect: 'app/services/payments/charge.rb:33' },
    { name: 'backtick label form', text: '/app/app/jobs/invoice_job.rb:7:in `perform\'', expect: 'app/jobs/invoice_job.rb:7' },
    { name: 'Capistrano release folder', text: '/home/deploy/shop/releases/20240501100000/app/models/line_item.rb:19:in \'LineItem#price\'', expect: 'app/models/line_item.rb:19' },
    { name: 'vendor/bundle gems', text: '/app/vendor/bundle/ruby/3.3.0/gems/sidekiq-7.2.0/lib/sidekiq/processor.rb:202:in \'execute_job\'', expect: '!library' },
    { name: 'lib/ module', text: '/app/lib/acme/client.rb:44:in \'Acme::Client#get\'', expect: 'lib/acme/client.rb:44' },
    { name: 'rake task', text: '/app/lib/tasks/import.rake:15:in \'block (2 levels) in <top (required)>\'', expect: 'lib/tasks/import.rake:15' },
    { name: 'ERB view', text: '/app/app/views/orders/show.html.erb:9:in \'_app_views_orders_show_html_erb___3071\'', expect: 'app/views/orders/show.html.erb:9' },
    { name: 'model absent from the workspace', text: '/app/app/models/invoice.rb:3:in \'total\'', expect: '!nomatch' },
    { name: 'spec file', text: '/app/spec/models/order_spec.rb:10:in \'block (3 levels) in <top (required)>\'', expect: 'spec/models/order_spec.rb:10' },
    { name: 'rbenv Ruby', text: '/Users/dev/.rbenv/versions/3.3.0/lib/ruby/3.3.0/json/common.rb:219:in \'parse\'', expect: '!library' },
    { name: 'concern module', text: '/app/app/models/concerns/priceable.rb:5:in \'Priceable#price\'', expect: 'app/models/concerns/priceable.rb:5' },
    { name: 'Rails logger prefix', text: 'I, [2024-05-01T10:00:00.123456 #1]  INFO -- : [abc-123] app/services/checkout.rb:27:in \'Checkout#call\'', expect: 'app/services/checkout.rb:27' },
    { name: 'initializer', text: '/app/config/initializers/sidekiq.rb:4:in \'<main>\'', expect: 'config/initializers/sidekiq.rb:4' },
    { name: 'git-sourced gem that shadows a workspace path is still a gem', text: '/usr/local/bundle/ruby/3.3.0/bundler/gems/acme-sdk-1a2b3c/lib/acme/client.rb:10:in \'get\'', expect: '!library' },
    { name: 'Sentry Ruby frame with inApp: true on a gem', frame: { deployedPath: '/usr/local/bundle/gems/rack-3.0.9/lib/rack/builder.rb', line: 12, function: 'call', inApp: true, language: 'ruby' }, expect: '!library' },
  ],
  traces: [
    {
      name: 'NoMethodError with "from" lines', file: 'ruby/nomethod.txt', language: 'ruby',
      exception: { type: 'NoMethodError', message: 'undefined method \'amount\' for nil' },
      frames: ['app/models/line_item.rb:19', 'app/models/order.rb:12', 'app/models/order.rb:12', 'app/services/checkout.rb:27', '!library', 'lib/tasks/import.rake:15', '!library', '!library'],
      crash: 'app/models/line_item.rb:19',
    },
    {
      name: 'Rails production log with request tags', file: 'ruby/rails-log.txt', language: 'ruby',
      exception: { type: 'ActiveRecord::RecordNotFound', message: 'Couldn\'t find Order with \'id\'=42' },
      frames: ['app/controllers/orders_controller.rb:8', '!nomatch', 'app/models/concerns/priceable.rb:5', '!library'],
      crash: 'app/controllers/orders_controller.rb:8',
    },
    {
      name: 'Sidekiq log cut mid-line, Windows line endings', file: 'ruby/sidekiq.txt', crlf: true, language: 'ruby',
      exception: { type: 'Payments::ChargeError', message: 'card declined' },
      frames: ['app/services/payments/charge.rb:33', 'app/jobs/invoice_job.rb:7', 'lib/acme/client.rb:44', '!library', '!library'],
      crash: 'app/services/payments/charge.rb:33',
    },
  ],
};
