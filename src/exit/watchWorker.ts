import { diag } from '@opentelemetry/api';
import { BroadcastChannel, type Worker } from 'node:worker_threads';
import type { CrashCause } from '../session/SessionHeader.js';
import { registerExitFlush } from './exitHook.js';
import { WORKER_EXIT_CHANNEL, type WorkerExitMessage } from './workerChannel.js';

/**
 * The main-thread side of recording sessions that live in worker threads (workerResponder.ts is the other).
 * The main thread's synchronous exit hook, and `worker.terminate()`, ask each watched worker to write its
 * sessions as its own exit hook would, and wait for the answers with Atomics.wait, for at most
 * {@link WORKER_EXIT_WAIT_MS} in all: a worker stuck in synchronous code cannot answer, and must not hang
 * the exit. Owns nothing the process waits for: the channel is unref'd, and watching adds no listener that
 * keeps a worker alive. Never changes how the process or a worker exits.
 */

/** The longest the exit hook, or `terminate()`, waits for all watched workers together. */
export const WORKER_EXIT_WAIT_MS = 1000;
/**
 * How long to wait for a watched worker whose processor has not said `ready` (it may be on its way, or the
 * worker has no processor at all).
 */
const UNANNOUNCED_WAIT_MS = 100;

const watched = new Set<Worker>();
/** Threads whose processor said `ready` and not yet `gone`. */
const ready = new Set<number>();
let channel: BroadcastChannel | undefined;
let unregisterExit: (() => void) | undefined;

const bridge = {
  flushSync(cause: CrashCause): void {
    askWorkers([...watched], cause);
  },
};

function listen(): void {
  if (channel) return;
  channel = new BroadcastChannel(WORKER_EXIT_CHANNEL);
  channel.onmessage = (event) => {
    const message = (event as { data: WorkerExitMessage }).data;
    if (message.kind === 'ready') ready.add(message.threadId);
    if (message.kind === 'gone') ready.delete(message.threadId);
  };
  channel.unref();
  channel.postMessage({ kind: 'roll-call' } satisfies WorkerExitMessage);
  unregisterExit = registerExitFlush(bridge);
}

function stopListeningIfUnused(): void {
  if (watched.size > 0 || !channel) return;
  channel.close();
  channel = undefined;
  ready.clear();
  unregisterExit?.();
  unregisterExit = undefined;
}

/** Asks the live ones of `workers` to write their sessions with `cause`, and waits for them (bounded). */
function askWorkers(workers: Worker[], cause: CrashCause): void {
  // A worker that has stopped running has threadId -1, even before its `exit` event.
  const threadIds = workers.map((worker) => worker.threadId).filter((id) => id >= 0);
  if (threadIds.length === 0 || !channel) return;
  const answers = new Int32Array(new SharedArrayBuffer(4));
  channel.postMessage({ kind: 'flush', threadIds, cause, answers: answers.buffer as SharedArrayBuffer } satisfies WorkerExitMessage);
  const started = Date.now();
  const announced = threadIds.filter((id) => ready.has(id)).length;
  for (;;) {
    const answered = Atomics.load(answers, 0);
    if (answered >= threadIds.length) return;
    const waited = Date.now() - started;
    const limit = answered >= announced ? Math.min(UNANNOUNCED_WAIT_MS, WORKER_EXIT_WAIT_MS) : WORKER_EXIT_WAIT_MS;
    if (waited >= limit) {
      if (answered < announced) {
        diag.warn(`otel-session-file: ${announced - answered} worker thread(s) did not write their sessions within ${WORKER_EXIT_WAIT_MS} ms`);
      }
      return;
    }
    Atomics.wait(answers, 0, answered, limit - waited);
  }
}

/**
 * Makes the sessions of `worker` end as the main thread's do. Call it on the main thread (or any thread
 * that creates workers) once per worker, right after creating it; nothing needs to be called inside the
 * worker, where a `SessionSpanProcessor` answers by itself.
 *
 * Signals reach only the main thread, and a worker that the process's exit or `worker.terminate()` stops
 * runs none of its own exit hooks. With `watchWorker`, the exit hook of the main thread asks each watched
 * worker to write its open sessions as `crashed` (`interrupted` for exit code 0) with the main thread's
 * cause (signal, exit code, uncaught error), and `worker.terminate()` does the same first with
 * `{ reason: 'exit', exitCode: 1 }` (the code a terminated worker exits with). Both wait for the worker's
 * answer for at most 1000 ms for all watched workers together (100 ms for a worker whose processor has
 * not announced itself yet), so a worker stuck in synchronous code delays the exit by that much and no
 * more. How the process and the worker exit does not change, and neither is kept alive.
 *
 * An uncaught exception inside the worker needs none of this: the worker's own exit hook records it.
 *
 * @example
 * ```ts
 * import { Worker } from 'node:worker_threads';
 * import { watchWorker } from 'otel-session-file';
 *
 * const worker = new Worker(new URL('./tracing-worker.js', import.meta.url));
 * watchWorker(worker);
 * ```
 */
export function watchWorker(worker: Worker): void {
  if (watched.has(worker) || worker.threadId < 0) return;
  const threadId = worker.threadId;
  watched.add(worker);
  listen();
  const terminate = worker.terminate;
  worker.terminate = function terminateWatched(this: Worker) {
    if (watched.has(worker)) {
      try {
        askWorkers([worker], { reason: 'exit', exitCode: 1, time: new Date().toISOString() });
      } catch (error) {
        diag.error('otel-session-file: could not ask the worker to write its sessions before terminate()', error);
      }
    }
    return terminate.call(this);
  };
  worker.once('exit', () => {
    watched.delete(worker);
    ready.delete(threadId);
    stopListeningIfUnused();
  });
}
