import type { CrashCause } from '../session/SessionHeader.js';

/** What `uncaughtExceptionMonitor` saw last: the error that is taking the process down, if any. */
export interface UncaughtError {
  error: unknown;
  origin: 'uncaughtException' | 'unhandledRejection';
}

/** Builds the `crash` record of a process that is exiting. */
export function crashCause(
  code: number | null | undefined,
  signal: string | null | undefined,
  uncaught: UncaughtError | undefined,
  now = Date.now(),
): CrashCause {
  const time = new Date(now).toISOString();
  if (signal) return { reason: 'signal', signal, time };
  const exitCode = code ?? 0;
  if (uncaught) return { reason: uncaught.origin, exitCode, error: describeError(uncaught.error), time };
  return { reason: 'exit', exitCode, time };
}

/** Whether a process that stops for this cause failed (its open sessions are `crashed`, not `interrupted`). */
export function isAbnormal(cause: CrashCause): boolean {
  return cause.reason !== 'exit' || (cause.exitCode ?? 0) !== 0;
}

function describeError(error: unknown): NonNullable<CrashCause['error']> {
  if (error instanceof Error) {
    const described: NonNullable<CrashCause['error']> = { name: error.name, message: error.message };
    if (error.stack !== undefined) described.stack = error.stack;
    return described;
  }
  try {
    return { message: typeof error === 'string' ? error : JSON.stringify(error) ?? String(error) };
  } catch {
    return { message: String(error) };
  }
}
