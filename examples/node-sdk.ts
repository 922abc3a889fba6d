/**
 * NodeSDK with the HTTP instrumentation: outgoing requests made inside a session become spans of
 * that session's file, with no attribute of their own (they inherit it from the active span). The local
 * server's span joins it too: its parent is the client's context, remote to the server, in the same trace.
 *
 *   npx tsx examples/node-sdk.ts
 */
import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SessionFileExporter, SessionSpanProcessor } from 'otel-session-file';

const exporter = new SessionFileExporter({ directory: process.env.OTEL_SESSION_FILE_DIRECTORY ?? './traces' });
const sdk = new NodeSDK({
  serviceName: 'node-sdk-example',
  spanProcessors: [new SessionSpanProcessor({ exporter })],
  // Nothing leaves the machine here: left out, NodeSDK starts OTLP metric and log exporters from
  // OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER (default otlp), which retry for seconds at shutdown when no
  // collector listens. An app that ships them keeps its readers and processors here.
  metricReaders: [],
  logRecordProcessors: [],
  instrumentations: [new HttpInstrumentation()],
});
sdk.start();

// Instrumentations patch modules as they are loaded: load node:http after start (in an ESM app,
// start the SDK from a file given to `node --import` instead).
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');

// A local server stands in for the model API the agent calls.
const server = http.createServer((_request, response) => response.end('{"ok":true}'));
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;

const tracer = trace.getTracer('node-sdk-example');
await tracer.startActiveSpan('agent turn', { attributes: { 'session.id': 'node-sdk-example' } }, async (span) => {
  // node:http, which the HTTP instrumentation records (fetch needs the undici instrumentation).
  const [response] = await once(http.get(`http://127.0.0.1:${port}/v1/chat`), 'response');
  response.resume();
  await once(response, 'end');
  span.end();
});

server.close();
await sdk.shutdown();
console.log(`wrote ${exporter.pathFor('node-sdk-example')}`);
