import type { ExportResult } from '@opentelemetry/core';
import type { PreviousSession } from './previousFile.js';
import type { SessionHeader } from './SessionHeader.js';

/**
 * One session's whole state at one moment, ready to be written. The spans are already encoded: the
 * processor encodes each ended span once and hands out views of the same bytes in every snapshot, so a
 * snapshot costs no serialization and exporters must treat the bytes as read-only.
 */
export interface SessionSnapshot {
  readonly header: SessionHeader;
  /**
   * The JSON text of the session's OTLP `resourceSpans` array, brackets included, as byte chunks in order.
   * Their concatenation is valid JSON.
   */
  readonly resourceSpans: readonly Uint8Array[];
}

/**
 * An exporter that stores whole sessions. {@link SessionSpanProcessor} gives it snapshots instead of
 * single spans; any other `SpanExporter` receives each ended span once through `export`.
 */
export interface SessionExporter {
  /** Writes the session's whole current state, replacing what was stored for it before. */
  exportSession(snapshot: SessionSnapshot): Promise<ExportResult>;
  /** The same, synchronously: for exit hooks, where no asynchronous work can finish. */
  exportSessionSync(snapshot: SessionSnapshot): ExportResult;
  /**
   * Many sessions' exit writes at once, results in the order given; never throws. An exporter may put
   * every session where a stopping process cannot lose it before it makes any of them durable.
   */
  exportSessionsSync?(snapshots: readonly SessionSnapshot[]): ExportResult[];
  /** From now on no asynchronous write of this session may land. */
  markCrashed?(sessionId: string): void;
  /**
   * What is stored for a session this process is about to write for the first time, so that a
   * session continued across processes keeps its earlier spans. `undefined` when nothing usable is
   * stored; rejects when what is stored cannot be read now, and the caller tries again later.
   */
  readSession?(sessionId: string): Promise<PreviousSession | undefined>;
  /** The same, synchronously, for an exit write that comes before the session's first write; never throws. */
  readSessionSync?(sessionId: string): PreviousSession | undefined;
  /**
   * The session's final state is stored and it has left memory: whatever the exporter holds to keep the
   * session to itself (a claim on its file) may go. Never throws.
   */
  releaseSession?(sessionId: string): void;
}
