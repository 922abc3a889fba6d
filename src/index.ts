/**
 * otel-session-file: one always-whole, always-current trace file per session.
 *
 * @packageDocumentation
 */
export { SessionSpanProcessor } from './SessionSpanProcessor.js';
export { SessionFileExporter } from './SessionFileExporter.js';
export type { SessionSpanProcessorOptions, SessionProcessorExporter } from './processorOptions.js';
export type { SessionFileExporterOptions } from './types.js';
export type { SessionExporter, SessionSnapshot } from './session/SessionSnapshot.js';
export type {
  CrashCause,
  SessionHeader,
  SessionSegment,
  SessionStatus,
  SessionSummary,
  SessionWriter,
} from './session/SessionHeader.js';
export type { SpanRedactor, UnendedSpanState } from './encoding/encodeSpan.js';
export { SPAN_STATE_ATTRIBUTE } from './encoding/encodeSpan.js';
