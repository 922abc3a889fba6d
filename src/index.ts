/**
 * otel-session-file: one always-whole, always-current trace file per session.
 *
 * @packageDocumentation
 */
export { SessionSpanProcessor } from './SessionSpanProcessor.js';
export { SessionFileExporter } from './SessionFileExporter.js';
export { watchWorker } from './exit/watchWorker.js';
export type { SessionSpanProcessorOptions, SessionProcessorExporter } from './types.js';
export type { SessionFileExporterOptions, RedactSetting } from './types.js';
export { createRedactor } from './redact/createRedactor.js';
export { DEFAULT_REDACT_KEYS } from './redact/defaultKeys.js';
export { DEFAULT_REDACT_PATTERNS } from './redact/defaultPatterns.js';
export type { RedactOptions, RedactPattern } from './redact/RedactOptions.js';
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
export { headerOnlyText } from './fs/readSessionHeader.js';
/**
 * The span attributes the summary reads a model call's input and output tokens from, in the order they
 * are tried (GenAI, OpenInference, the Vercel AI SDK), so that readers of session files count the same way.
 */
export { INPUT_TOKENS as INPUT_TOKEN_ATTRIBUTES, OUTPUT_TOKENS as OUTPUT_TOKEN_ATTRIBUTES } from './session/usageAttributes.js';
