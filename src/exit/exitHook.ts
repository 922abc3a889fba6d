import { diag } from '@opentelemetry/api';
import { isMainThread } from 'node:worker_threads';
import { onExit } from 'signal-exit';
import type { CrashCause } from '../session/SessionHeader.js';
import { installBunExitEvents, isBun } from './bunExitEvents.js';
import { crashCause, type UncaughtError } from './crashCause.js';
import { answerExitRequests } from './workerResponder.js';

/**
 * One synchronous exit hook for the whole process, shared by every processor that asks for it.
 *
 * `signal-exit` runs it for `process.exit`, the end of the event loop, uncaught exceptions, unhandled
 * rejections and catchable signals, and then lets the process exit exactly as it would have.
 * `uncaughtExceptionMonitor` observes the error without handling it, so the crash record can name it.
 * Under Bun, where signal-exit sees only `process.exit` and signals, bunExitEvents.ts adds the rest; an
 * ending seen twice (Bun runs `exit` listeners before `process.exit` reaches signal-exit) is flushed once.
 * In a worker thread the targets also answer the main thread's exit hook (workerResponder.ts).
 * Processors are held weakly: one that is garbage-collected leaves nothing behind, and the hook is
 * removed when the last processor unregisters or is collected.
 */

/** Anything that can write its state synchronously when the process stops. */
export interface ExitFlushTarget {
  flushSync(cause: CrashCause): void;
}

const targets = new Set<WeakRef<ExitFlushTarget>>();
const collected = new FinalizationRegistry<WeakRef<ExitFlushTarget>>((ref) => {
  targets.delete(ref);
  uninstallIfUnused();
});
let removeExitHandler: (() => void) | undefined;
let removeBunEvents: (() => void) | undefined;
let stopAnswering: (() => void) | undefined;
let lastUncaught: UncaughtError | undefined;
let exitFlushed = false;

function rememberUncaught(error: unknown, origin: NodeJS.UncaughtExceptionOrigin): void {
  lastUncaught = { error, origin };
}

function runExitFlush(code: number | null | undefined, signal: NodeJS.Signals | null): void {
  if (exitFlushed) return;
  exitFlushed = true;
  flushTargets(crashCause(code, signal, lastUncaught));
}

/** Writes every registered target with `cause`; never throws. */
export function flushTargets(cause: CrashCause): void {
  for (const ref of [...targets]) {
    try {
      ref.deref()?.flushSync(cause);
    } catch (error) {
      diag.error('otel-session-file: exit flush failed', error);
    }
  }
}

function install(): void {
  if (removeExitHandler) return;
  removeExitHandler = onExit(runExitFlush);
  process.on('uncaughtExceptionMonitor', rememberUncaught);
  if (isBun()) {
    removeBunEvents = installBunExitEvents({
      exit: (code) => runExitFlush(code, null),
      unhandledRejection: (reason) => rememberUncaught(reason, 'unhandledRejection'),
    });
  }
  if (!isMainThread) stopAnswering = answerExitRequests(flushTargets);
}

function uninstallIfUnused(): void {
  if (targets.size > 0 || !removeExitHandler) return;
  removeExitHandler();
  removeExitHandler = undefined;
  process.off('uncaughtExceptionMonitor', rememberUncaught);
  removeBunEvents?.();
  removeBunEvents = undefined;
  stopAnswering?.();
  stopAnswering = undefined;
}

/** Registers `target` for the exit flush; returns the function that unregisters it. */
export function registerExitFlush(target: ExitFlushTarget): () => void {
  const ref = new WeakRef(target);
  targets.add(ref);
  collected.register(target, ref, ref);
  install();
  return () => {
    if (!targets.delete(ref)) return;
    collected.unregister(ref);
    uninstallIfUnused();
  };
}

/** How many targets are registered (for tests of the no-leak promise). */
export function registeredExitFlushCount(): number {
  return targets.size;
}
