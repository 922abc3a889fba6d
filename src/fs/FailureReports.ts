import { diag } from '@opentelemetry/api';
import { dirname } from 'node:path';
import { reportMisconfiguration } from '../diag/reportMisconfiguration.js';
import { BoundedMap } from '../common/BoundedMap.js';
import { writeFailureAdvice } from './writeFailureAdvice.js';
import { errorCode } from './writeErrors.js';

/**
 * Reports a session's write failures once per streak: the first failure through `diag.error`, the
 * recovery through `diag.info`, nothing in between. A full disk fails every write of every session; one
 * line per session says so without flooding the log. Without a diag logger, a failure is said once per
 * directory and error code on stderr instead (see reportMisconfiguration.ts): a directory that cannot be
 * written must not leave an application with no file and no word.
 */
export class FailureReports {
  private readonly failing: BoundedMap<string, true>;

  constructor(capacity: number) {
    this.failing = new BoundedMap(capacity);
  }

  /** `sync`: the failure happened in a synchronous (exit) write. */
  failed(key: string, path: string, error: unknown, sync = false): void {
    if (this.failing.has(key)) return;
    this.failing.set(key, true);
    const code = errorCode(error);
    const message = error instanceof Error ? error.message : String(error);
    reportMisconfiguration(
      {
        key: `write ${code ?? 'failed'} ${dirname(path)}`,
        code: 'OTEL_SESSION_FILE_WRITE_FAILED',
        level: 'error',
        message: `otel-session-file: cannot write ${path}${code ? ` (${code})` : ''}: ${message}. ${writeFailureAdvice(code)} Any earlier file of the session is kept.`,
      },
      { sync },
    );
  }

  succeeded(key: string, path: string): void {
    if (this.failing.delete(key)) diag.info(`otel-session-file: writes of ${path} succeed again`);
  }
}
