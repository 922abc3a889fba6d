/**
 * What Bun needs on top of signal-exit for the exit hook to see every ending (docs/runtimes.md).
 *
 * signal-exit 4 hooks `process.emit` and `process.reallyExit`. Bun emits `exit` without going through
 * `process.emit`, and calls `reallyExit` only from `process.exit()`, so there signal-exit's callback runs
 * for `process.exit(n)` and signals only. A plain `exit` listener does run in Bun after an uncaught
 * exception (code 1) and when the program runs out of work (code 0 or `process.exitCode`).
 *
 * Bun never shows an unhandled rejection to `uncaughtExceptionMonitor`, and its `exit` listeners get code 0
 * although the process then exits 1. An `unhandledRejection` listener sees it, but merely being there tells
 * Bun the rejection was handled. So the listener takes itself away and rejects a new promise with the same
 * reason: Bun reports that one exactly as it would have reported the first (the same error, the same
 * stack and source line) and exits 1. It stands aside whenever the program has listeners of its own, and
 * is not installed when `--unhandled-rejections` chooses another behaviour; Bun then does as it is told.
 *
 * Must never change how the process exits.
 */

/** The runtime is Bun (which also reports a Node version, so `process.versions.node` does not tell). */
export function isBun(): boolean {
  return typeof (process.versions as Record<string, string | undefined>).bun === 'string';
}

export interface BunExitCallbacks {
  /** The process is exiting with `code`. */
  exit(code: number): void;
  /** An unhandled rejection is about to end the process. */
  unhandledRejection(reason: unknown): void;
}

/** Installs the listeners; returns the function that removes them. */
export function installBunExitEvents(callbacks: BunExitCallbacks): () => void {
  let rejectionPassedOn = false;
  const onExit = (code: number): void => {
    // Bun's exit code after a rejection it reported: 1, whatever the listener is told.
    callbacks.exit(rejectionPassedOn && !code ? 1 : code);
  };
  const onRejection = (reason: unknown): void => {
    if (process.listenerCount('unhandledRejection') > 1) return;
    process.off('unhandledRejection', onRejection);
    rejectionPassedOn = true;
    callbacks.unhandledRejection(reason);
    void Promise.reject(reason);
  };
  process.on('exit', onExit);
  const watchRejections = !process.execArgv.some((arg) => arg.startsWith('--unhandled-rejections'));
  if (watchRejections) process.on('unhandledRejection', onRejection);
  return () => {
    process.off('exit', onExit);
    process.off('unhandledRejection', onRejection);
  };
}
