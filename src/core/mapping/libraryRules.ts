// The lists behind library classification. Prefixes end with a separator so `java.` never matches `javalin`
// and `kotlin.` never matches an app package `kotlinapp`.

/** JVM packages of the JDK, the Kotlin/Scala runtimes and widely used frameworks and drivers. */
export const JVM_LIBRARY_PREFIXES = [
  'java.', 'javax.', 'jakarta.', 'jdk.', 'sun.', 'com.sun.', 'kotlin.', 'kotlinx.', 'scala.', 'groovy.', 'clojure.',
  'org.codehaus.groovy.', 'org.springframework.', 'org.apache.', 'org.hibernate.', 'org.eclipse.', 'org.glassfish.',
  'org.jboss.', 'io.netty.', 'reactor.', 'io.reactivex.', 'rx.', 'io.micrometer.', 'io.opentelemetry.', 'io.grpc.',
  'io.undertow.', 'io.vertx.', 'io.ktor.', 'io.quarkus.', 'io.micronaut.', 'io.dropwizard.', 'io.javalin.',
  'io.lettuce.', 'io.projectreactor.', 'io.github.resilience4j.', 'io.swagger.', 'io.sentry.', 'com.fasterxml.',
  'com.google.common.', 'com.google.protobuf.', 'com.google.gson.', 'com.google.inject.', 'com.google.cloud.',
  'com.google.api.', 'com.zaxxer.', 'com.mysql.', 'com.mongodb.', 'org.mongodb.', 'org.postgresql.', 'org.mariadb.',
  'oracle.jdbc.', 'com.microsoft.sqlserver.', 'org.h2.', 'org.hsqldb.', 'org.flywaydb.', 'org.liquibase.',
  'liquibase.', 'org.jooq.', 'org.mybatis.', 'org.elasticsearch.', 'co.elastic.', 'redis.clients.', 'org.redisson.',
  'software.amazon.', 'com.amazonaws.', 'com.azure.', 'okhttp3.', 'okio.', 'retrofit2.', 'feign.', 'ch.qos.logback.',
  'org.slf4j.', 'org.junit.', 'junit.', 'org.mockito.', 'org.assertj.', 'org.testng.', 'net.bytebuddy.', 'org.aspectj.',
  'javassist.', 'cglib.', 'org.objectweb.', 'org.yaml.', 'org.thymeleaf.', 'freemarker.', 'akka.', 'play.',
  'org.gradle.', 'android.', 'androidx.', 'dalvik.', 'com.android.', 'libcore.', 'org.jetbrains.',
  'jdk.proxy', 'com.sun.proxy.', 'org.graalvm.', 'com.oracle.', 'io.smallrye.', 'org.keycloak.', 'graphql.',
  'com.netflix.', 'org.quartz.', 'org.camunda.', 'com.github.benmanes.caffeine.', 'org.ehcache.',
];

/** .NET namespaces of the runtime, ASP.NET and common NuGet packages. */
export const DOTNET_LIBRARY_PREFIXES = [
  'System.', 'Microsoft.', 'Windows.', 'Internal.', 'Interop.', 'Newtonsoft.', 'Npgsql.', 'Dapper.', 'Serilog.', 'NLog.',
  'log4net.', 'Polly.', 'MediatR.', 'AutoMapper.', 'FluentValidation.', 'Grpc.', 'Google.Protobuf.', 'StackExchange.',
  'Swashbuckle.', 'Castle.', 'NHibernate.', 'Xunit.', 'NUnit.', 'Moq.', 'Hangfire.', 'MassTransit.', 'RabbitMQ.',
  'Confluent.', 'Amazon.', 'Azure.', 'Pomelo.', 'MySql.', 'MySqlConnector.', 'Oracle.', 'Autofac.', 'Nito.', 'Orleans.',
  'Lamar.', 'Refit.', 'RestSharp.', 'Ocelot.', 'Quartz.', 'Elasticsearch.', 'Nest.', 'MongoDB.', 'OpenTelemetry.',
  'Sentry.', 'Humanizer.', 'Mapster.', 'Marten.', 'Wolverine.', 'Yarp.', 'Duende.', 'IdentityServer4.',
];

/** The Go standard library's top-level packages (import paths without a domain). */
export const GO_STD_ROOTS = new Set([
  'archive', 'bufio', 'builtin', 'bytes', 'cmp', 'compress', 'container', 'context', 'crypto', 'database', 'debug',
  'embed', 'encoding', 'errors', 'expvar', 'flag', 'fmt', 'go', 'hash', 'html', 'image', 'index', 'internal', 'io',
  'iter', 'log', 'maps', 'math', 'mime', 'net', 'os', 'path', 'plugin', 'reflect', 'regexp', 'runtime', 'slices',
  'sort', 'strconv', 'strings', 'structs', 'sync', 'syscall', 'testing', 'text', 'time', 'unicode', 'unique',
  'unsafe', 'weak', 'vendor',
]);

/** Core modules of old Node versions that printed bare file names (`timers.js:365:15`). */
export const NODE_CORE_FILES = new Set([
  'events.js', 'timers.js', 'net.js', 'fs.js', 'module.js', 'domain.js', 'stream.js', 'http.js', 'https.js', 'tls.js',
  'dns.js', 'zlib.js', 'child_process.js', 'cluster.js', 'bootstrap_node.js', 'node.js', '_stream_readable.js',
  '_stream_writable.js', '_stream_transform.js', '_http_server.js', '_http_client.js', '_http_common.js',
  '_http_incoming.js', '_http_outgoing.js', '_tls_wrap.js', 'async_hooks.js', 'vm.js',
]);

/** Path fragments that always mean installed or runtime code, with how to say it. */
export const LIBRARY_PATH_MARKS: [string, string][] = [
  ['/node_modules/', 'an npm package (node_modules)'],
  ['/site-packages/', 'an installed Python package (site-packages)'],
  ['/dist-packages/', 'an installed Python package (dist-packages)'],
  ['/vendor/', 'vendored third-party code (vendor/)'],
  ['/pkg/mod/', 'the Go module cache'],
  ['/gems/', 'a Ruby gem'],
  ['/.rbenv/versions/', 'the Ruby runtime'],
  ['/.rvm/rubies/', 'the Ruby runtime'],
  ['/.pyenv/versions/', 'the Python runtime'],
  ['/.nuget/packages/', 'a NuGet package'],
  ['/.m2/repository/', 'a Maven dependency'],
  ['/.gradle/caches/', 'a Gradle dependency'],
  ['/webpack/bootstrap', 'the webpack runtime'],
  ['/var/runtime/', 'the AWS Lambda runtime'],
  ['/var/lang/lib/', 'the AWS Lambda runtime'],
  ['/(webpack)/', 'the webpack runtime'],
];

/**
 * Names runtimes give code that is in no file, matched as the last path segment: sentry-python turns them into
 * paths under the working directory (`os.path.abspath('<frozen runpy>')` is `/app/<frozen runpy>`).
 */
export const RUNTIME_PSEUDO_FILES: [RegExp, string][] = [
  [/^<frozen [^<>]+>$/, 'the Python runtime'],
  [/^<(string|stdin|console|input)>$/, 'code compiled from a string or typed at a prompt (exec, eval, python -c, a REPL), which no file holds'],
  [/^(<anonymous>|native|\[native code\])$/, "the JavaScript engine's built-in code (or code it compiled at run time), which no file holds"],
  // `<decorator-gen-12>`, `<attrs generated init ...>`, `<template>`: generated by a library at run time.
  // `<unknown>` says nothing about the code, so it is left to say that it has no location.
  [/^<(?!unknown>)[^<>/]+>$/, 'code generated at run time, which no file holds'],
];
