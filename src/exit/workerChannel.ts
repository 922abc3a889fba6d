import type { CrashCause } from '../session/SessionHeader.js';

/**
 * The messages between the main thread's exit hook (watchWorker.ts) and the processors of worker threads
 * (workerResponder.ts), on one process-wide BroadcastChannel so that the program's own `parentPort`
 * messages are never touched.
 */
export const WORKER_EXIT_CHANNEL = 'otel-session-file:worker-exit';

export type WorkerExitMessage =
  /** Main → workers: say `ready` again (the main thread has just started listening). */
  | { kind: 'roll-call' }
  /** Worker → main: this thread has a processor that answers `flush`. */
  | { kind: 'ready'; threadId: number }
  /** Worker → main: this thread's last processor has shut down. */
  | { kind: 'gone'; threadId: number }
  /**
   * Main → workers: the listed threads write their sessions with `cause`, then add 1 to the first Int32 of
   * `answers` and notify it; the main thread waits for them with Atomics.wait.
   */
  | { kind: 'flush'; threadIds: number[]; cause: CrashCause; answers: SharedArrayBuffer };
