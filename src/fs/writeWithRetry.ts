import { errorCode } from './writeErrors.js';

/**
 * Retries what a second attempt can fix, and nothing else: ENOENT once after recreating the directory
 * (someone removed it while we run), EAGAIN/EBUSY a few times after a short pause (a scanner or indexer
 * holds the file). Everything else (ENOSPC, EIO, EACCES, EMFILE, …) fails at once: retrying would only
 * delay the report.
 */

// Short enough for an exit hook that waits synchronously; long enough for a virus scanner to let go.
const BUSY_BACKOFF_MS = [5, 20, 50] as const;

/** What the write loop does with a failure. */
type Step = { kind: 'recreate-directory' } | { kind: 'wait'; ms: number } | { kind: 'fail' };

interface Attempts {
  recreatedDirectory: boolean;
  busyRetries: number;
}

function nextStep(error: unknown, attempts: Attempts): Step {
  const code = errorCode(error);
  if (code === 'ENOENT' && !attempts.recreatedDirectory) {
    attempts.recreatedDirectory = true;
    return { kind: 'recreate-directory' };
  }
  if (code === 'EAGAIN' || code === 'EBUSY') {
    const ms = BUSY_BACKOFF_MS[attempts.busyRetries++];
    if (ms !== undefined) return { kind: 'wait', ms };
  }
  return { kind: 'fail' };
}

// Not unref()ed, unlike our other timers: the pause is part of a write in flight, which keeps the process
// alive like the file operation it stands between.
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** What one write needs from its caller. */
export interface RetriedWrite<R> {
  write(): R;
  recreateDirectory(): R;
  /** True once the write must not be retried any more (its session crashed or was superseded). */
  abandoned(): boolean;
}

/** Runs `write`, retrying as described above; rejects with the last error. */
export async function writeWithRetry(job: RetriedWrite<Promise<void>>): Promise<void> {
  const attempts: Attempts = { recreatedDirectory: false, busyRetries: 0 };
  for (;;) {
    try {
      return await job.write();
    } catch (error) {
      const step = job.abandoned() ? { kind: 'fail' as const } : nextStep(error, attempts);
      if (step.kind === 'fail') throw error;
      if (step.kind === 'wait') await delay(step.ms);
      else await job.recreateDirectory();
    }
  }
}

/** {@link writeWithRetry}, synchronously: the pauses block, which an exit hook accepts. */
export function writeWithRetrySync(job: RetriedWrite<void>): void {
  const attempts: Attempts = { recreatedDirectory: false, busyRetries: 0 };
  for (;;) {
    try {
      return job.write();
    } catch (error) {
      const step = job.abandoned() ? { kind: 'fail' as const } : nextStep(error, attempts);
      if (step.kind === 'fail') throw error;
      if (step.kind === 'wait') blockFor(step.ms);
      else job.recreateDirectory();
    }
  }
}
