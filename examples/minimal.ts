/**
 * The smallest setup: a TracerProvider with the session processor. Every span whose
 * `session.id` attribute (or whose parent's) names a session lands in `<directory>/<session id>.json`.
 * On SDK 2, `BasicTracerProvider` from `@opentelemetry/sdk-trace-base` takes the same options.
 *
 *   npx tsx examples/minimal.ts
 */
import { context, trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { SessionFileExporter, SessionSpanProcessor } from 'otel-session-file';

const exporter = new SessionFileExporter({ directory: process.env.OTEL_SESSION_FILE_DIRECTORY ?? './traces' });
const processor = new SessionSpanProcessor({ exporter });
const provider = new TracerProvider({ spanProcessors: [processor] });
const tracer = provider.getTracer('minimal-example');

const run = tracer.startSpan('cli run', { attributes: { 'session.id': 'minimal-example' } });
const step = tracer.startSpan('download', {}, trace.setSpan(context.active(), run));
step.end();
run.end();

await provider.shutdown();
console.log(`wrote ${exporter.pathFor('minimal-example')}`);
