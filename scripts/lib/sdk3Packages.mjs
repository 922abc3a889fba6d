// The OpenTelemetry JS SDK 3 line that `npm run test:sdk3` and the package test run, at exact versions
// (README "Tested versions" lists the same). The SDK 2 line is the repo's own devDependencies.
export const SDK3_PACKAGES = {
  '@opentelemetry/api': '1.10.0',
  '@opentelemetry/context-async-hooks': '3.1.1',
  '@opentelemetry/core': '3.1.1',
  '@opentelemetry/exporter-trace-otlp-http': '0.301.0',
  '@opentelemetry/instrumentation-http': '0.301.0',
  '@opentelemetry/otlp-transformer': '0.301.1',
  '@opentelemetry/resources': '3.1.1',
  '@opentelemetry/sdk-node': '0.301.0',
  '@opentelemetry/sdk-trace': '3.1.1',
};
