/**
 * What a crash fixture is asked to do, shared by the parent (test/crash/lib/crashMatrix.ts) and the child
 * (test/crash/fixtures/crashAtMoment.ts): how the process dies and at which moment of its session's life.
 */

/** How the process dies. Signals are sent by the parent; the other causes are the child's own doing. */
export const CAUSES = [
  'uncaughtException',
  'unhandledRejection',
  'exit(1)',
  'exit(0)',
  'SIGTERM',
  'SIGINT',
  'SIGHUP',
  'SIGKILL',
] as const;
export type Cause = (typeof CAUSES)[number];

/**
 * - `start`: spans started and ended in the process's first turn; nothing is on disk yet.
 * - `idle`: every ended span is on disk, nothing is scheduled; spans are open.
 * - `burst`: spans end back to back, one per turn of the event loop, for a while and on until the crash.
 * - `debounce`: spans ended, their snapshot is waiting for the debounce timer.
 * - `large write`: an asynchronous snapshot write of a large session is in flight.
 * - `final write`: `endSession`'s final write of a large session is in flight.
 */
export const MOMENTS = ['start', 'idle', 'burst', 'debounce', 'large write', 'final write'] as const;
export type Moment = (typeof MOMENTS)[number];

/** Where a write in flight is held: its data write to the temporary file, or its rename over the file. */
export type HeldStage = 'write' | 'rename';

export interface CrashPlan {
  directory: string;
  sessionId: string;
  cause: Cause;
  moment: Moment;
  /** For the moments with a write in flight. */
  stage: HeldStage;
  debounceMs: number;
  /** Size of the large session, for the moments with a write in flight. */
  largeSessionMb: number;
  /** How long the burst runs before the child announces the moment. */
  burstReadyMs: number;
}

/** The causes a child carries out itself; the others are signals its parent sends. */
export function isSelfInflicted(cause: Cause): boolean {
  return !cause.startsWith('SIG');
}

/** The message of the error a child throws or rejects with, so the parent can find it in the crash record. */
export function crashMessage(cause: Cause, moment: Moment): string {
  return `crash fixture: ${cause} at ${moment}`;
}
