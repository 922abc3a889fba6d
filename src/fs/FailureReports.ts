import { diag } from '@opentelemetry/api';
import { BoundedMap } from './BoundedMap.js';
import { errorCode } from './writeErrors.js';

/**
 * Reports a session's write failures once per streak: the first failure through `diag.error`, the
 * recovery through `diag.info`, nothing in between. A full disk fails every write of every session; one
 * line per session says so without flooding the log.
 */
export class FailureReports {
  private readonly failing: BoundedMap<string, true>;

  constructor(capacity: number) {
    this.failing = new BoundedMap(capacity);
  }

  failed(key: string, path: string, error: unknown): void {
    if (this.failing.has(key)) return;
    this.failing.set(key, true);
    const code = errorCode(error);
    const message = error instanceof Error ? error.message : String(error);
    diag.error(`otel-session-file: cannot write ${path}${code ? ` (${code})` : ''}: ${message}. The previous file is kept; further failures of this session are not reported until a write succeeds.`);
  }

  succeeded(key: string, path: string): void {
    if (this.failing.delete(key)) diag.info(`otel-session-file: writes of ${path} succeed again`);
  }
}
