/**
 * What a failed write means: its error code, and the error for a write that was discarded on purpose
 * because its session crashed or a newer synchronous write replaced it.
 */

/** The `code` of a Node.js system error (`ENOSPC`, `EIO`, …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** Anything thrown, as an `Error` for an `ExportResult`. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Why an asynchronous write of a session was not allowed to land. */
export type DiscardReason = 'crashed' | 'superseded';

/**
 * The error of an asynchronous write that was discarded on purpose: its session was marked crashed, or
 * a synchronous write of the same session replaced it while it was in flight. The file holds the newer
 * state, so this is not a fault of the file system.
 */
export class SessionWriteDiscardedError extends Error {
  override readonly name = 'SessionWriteDiscardedError';
  readonly sessionId: string;
  readonly reason: DiscardReason;

  constructor(sessionId: string, reason: DiscardReason) {
    super(
      reason === 'crashed'
        ? `Session ${JSON.stringify(sessionId)} was marked crashed: its asynchronous write was discarded so that it cannot replace the crash record`
        : `Session ${JSON.stringify(sessionId)} was written synchronously while this asynchronous write was in flight: the older state was discarded`,
    );
    this.sessionId = sessionId;
    this.reason = reason;
  }
}
