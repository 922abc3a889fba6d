/**
 * The session file beside an OTLP exporter: spans reach your tracing backend as usual and the local
 * session file at the same time. A local receiver on 127.0.0.1 stands in for the Collector here.
 *
 *   npx tsx examples/with-otlp.ts
 */
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { SessionFileExporter, SessionSpanProcessor } from 'otel-session-file';

let spansReceived = 0;
const collector = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString()) as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: unknown[] }> }>;
    };
    spansReceived += body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).length;
    response.setHeader('content-type', 'application/json');
    response.end('{}');
  });
});
collector.listen(0, '127.0.0.1');
await once(collector, 'listening');
const { port } = collector.address() as AddressInfo;

const exporter = new SessionFileExporter({ directory: process.env.OTEL_SESSION_FILE_DIRECTORY ?? './traces' });
const provider = new TracerProvider({
  spanProcessors: [
    new SessionSpanProcessor({ exporter }),
    new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces`, headers: {} }) }),
  ],
});
// What NodeTracerProvider.register() did on SDK 2: children find their parent through the context manager.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(provider);

const tracer = trace.getTracer('with-otlp-example');
await tracer.startActiveSpan('agent turn', { attributes: { 'session.id': 'with-otlp-example' } }, async (turn) => {
  for (const tool of ['read_file', 'run_tests']) tracer.startSpan(`execute_tool ${tool}`).end();
  turn.end();
});

// forceFlush: what was recorded is in the file and at the collector before the process goes on.
await provider.forceFlush();
await provider.shutdown();
collector.close();
console.log(`wrote ${exporter.pathFor('with-otlp-example')}; the collector received ${spansReceived} spans`);
