import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { SpanRedactor } from './encoding/encodeSpan.js';
import type { SessionExporter } from './session/SessionSnapshot.js';

/** An exporter the processor can feed: one that stores whole sessions, or any standard `SpanExporter`. */
export type SessionProcessorExporter = SessionExporter | SpanExporter | (SessionExporter & SpanExporter);

/** Options of {@link SessionSpanProcessor}. */
export interface SessionSpanProcessorOptions {
  /** Where sessions go; usually a {@link SessionFileExporter}. Give this or `exporters`. */
  exporter?: SessionProcessorExporter;
  /**
   * Several exporters. Session-aware ones (with `exportSession`) receive snapshots; any other
   * `SpanExporter` (OTLP, console, in-memory) receives each ended span of a session once, batched.
   */
  exporters?: SessionProcessorExporter[];
  /**
   * The span attribute (and baggage entry) that names a span's session. Child spans inherit their
   * parent's session without carrying it.
   * @default 'session.id'
   */
  sessionAttribute?: string;
  /**
   * How long after a change a session's snapshot is written. Bursts within this window cost one write.
   * 100 ms keeps a watcher's view live and a SIGKILL's loss to a tenth of a second, at no more than ten
   * small writes per second per busy session.
   * @default 100
   */
  debounceMs?: number;
  /**
   * The longest a change may wait for its write once a large session's writes are stretched to keep
   * write time under 10% of wall time.
   * @default 5000
   */
  maxDelayMs?: number;
  /**
   * Ended spans kept per session. Beyond it the oldest are dropped (the root span is always kept) and
   * counted in the file's `droppedSpanCount`.
   * @default 100000
   */
  maxSpansPerSession?: number;
  /**
   * Sessions held in memory at once. Spans of further sessions are dropped (counted and reported
   * through `diag`) until a session ends.
   * @default 1000
   */
  maxSessions?: number;
  /**
   * Register the process-wide synchronous exit hook that writes every open session as `crashed`
   * (or `interrupted` on a clean exit) when the process stops.
   * @default true
   */
  exitHook?: boolean;
  /** Rewrites span content before it is encoded (secrets). */
  redactor?: SpanRedactor;
}
