/**
 * What the scenario fixtures (test/crash/fixtures/) and their tests agree on. Kept out of the fixtures:
 * importing a fixture runs it.
 */
import { CAUSES } from './crashPlan.js';

/** burstThenQuiet.ts: the spans that end back to back. */
export const BURST_SPANS = 8;

/** twoSessions.ts: the marker of the crash record written with `exportSessionSync`. */
export const CRASH_MARKER = 'the crash record of session crashed';

/** resumeSession.ts: the error that ends the first run. */
export const RESUME_CRASH_MESSAGE = 'the first run crashes mid-turn';

/** exitBehaviour.ts: the error thrown or rejected with. */
export const EXIT_MESSAGE = 'exit behaviour fixture';

/** exitBehaviour.ts: how the process ends. */
export const ENDINGS = [
  ...CAUSES,
  'natural',
  'exitCode 3',
  'own SIGTERM handler',
] as const;
export type Ending = (typeof ENDINGS)[number];

/** workerMain.ts: how a process whose tracing lives in a worker thread ends. */
export const WORKER_ENDINGS = [
  'uncaught exception in the worker',
  'SIGTERM',
  'exit(1) on the main thread',
  'uncaught exception on the main thread',
  'worker.terminate()',
  'worker runs out of work',
  'worker stuck, exit(1)',
] as const;
export type WorkerEnding = (typeof WORKER_ENDINGS)[number];

/** workerMain.ts / workerTracing.ts: the errors thrown on either thread. */
export const WORKER_THREAD_ERROR = 'the worker thread throws';
export const MAIN_THREAD_ERROR = 'the main thread throws';
