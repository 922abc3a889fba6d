import { statSync } from 'node:fs';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { SessionExporter, SessionFileExporter, SessionSnapshot } from '../../src/index.js';

/**
 * Wraps a {@link SessionFileExporter} and records every asynchronous write: when it started and
 * landed, how many spans it held and how many bytes the file had once it landed. Only one write of a
 * session is in flight at a time, so the file's size right after a write is that write's size. With
 * `statFiles: false` the size is the snapshot's span bytes instead (no system call on the main thread,
 * for the hot path; the header's few hundred bytes are left out).
 */

export interface RecordedWrite {
  sessionId: string;
  /** `performance.now()` when `exportSession` was called and when it resolved. */
  start: number;
  end: number;
  spanCount: number;
  openSpanCount: number;
  /** Size of the file after the write, 0 when it failed. */
  bytes: number;
  ok: boolean;
}

export class RecordingExporter implements SessionExporter {
  readonly writes: RecordedWrite[] = [];
  /** Called after each write is recorded, in the order writes land. */
  onWrite: ((write: RecordedWrite) => void) | undefined;

  constructor(
    readonly inner: SessionFileExporter,
    private readonly statFiles = true,
  ) {}

  /** Bytes of the writes that landed. */
  get bytesWritten(): number {
    let bytes = 0;
    for (const write of this.writes) bytes += write.bytes;
    return bytes;
  }

  async exportSession(snapshot: SessionSnapshot): Promise<ExportResult> {
    const start = performance.now();
    const result = await this.inner.exportSession(snapshot);
    const end = performance.now();
    const ok = result.code === ExportResultCode.SUCCESS;
    const write: RecordedWrite = {
      sessionId: snapshot.header.id,
      start,
      end,
      spanCount: snapshot.header.spanCount,
      openSpanCount: snapshot.header.openSpanCount,
      bytes: ok ? this.sizeOf(snapshot) : 0,
      ok,
    };
    this.writes.push(write);
    this.onWrite?.(write);
    return result;
  }

  private sizeOf(snapshot: SessionSnapshot): number {
    if (this.statFiles) return statSync(this.inner.pathFor(snapshot.header.id)).size;
    let bytes = 0;
    for (const chunk of snapshot.resourceSpans) bytes += chunk.byteLength;
    return bytes;
  }

  exportSessionSync(snapshot: SessionSnapshot): ExportResult {
    return this.inner.exportSessionSync(snapshot);
  }

  markCrashed(sessionId: string): void {
    this.inner.markCrashed(sessionId);
  }

  readSession(sessionId: string) {
    return this.inner.readSession(sessionId);
  }

  readSessionSync(sessionId: string) {
    return this.inner.readSessionSync(sessionId);
  }

  pathFor(sessionId: string): string {
    return this.inner.pathFor(sessionId);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
