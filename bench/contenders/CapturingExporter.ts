import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { SessionExporter, SessionSnapshot } from '../../src/index.js';

const SUCCESS: ExportResult = { code: ExportResultCode.SUCCESS };

/**
 * Keeps the latest snapshot of each session and writes nothing: how the bench gets the exact snapshot
 * the processor would hand to a file exporter, spans already encoded.
 */
export class CapturingExporter implements SessionExporter {
  readonly latest = new Map<string, SessionSnapshot>();

  exportSession(snapshot: SessionSnapshot): Promise<ExportResult> {
    this.latest.set(snapshot.header.id, snapshot);
    return Promise.resolve(SUCCESS);
  }

  exportSessionSync(snapshot: SessionSnapshot): ExportResult {
    this.latest.set(snapshot.header.id, snapshot);
    return SUCCESS;
  }
}
