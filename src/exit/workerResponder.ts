import { diag } from '@opentelemetry/api';
import { BroadcastChannel, threadId } from 'node:worker_threads';
import type { CrashCause } from '../session/SessionHeader.js';
import { WORKER_EXIT_CHANNEL, type WorkerExitMessage } from './workerChannel.js';

/**
 * The worker-thread side of watchWorker.ts. Signals reach only the main thread, and a worker stopped by the
 * process's exit or by `worker.terminate()` runs none of its exit hooks; so while a processor lives in a
 * worker thread, the thread listens for the main thread's exit hook and writes its sessions with the main
 * thread's cause, then answers through shared memory. The channel is unref'd: it keeps neither the worker
 * nor the process alive. Must never throw.
 */

/** Starts answering `flush` requests with `flush(cause)`; returns the function that stops. */
export function answerExitRequests(flush: (cause: CrashCause) => void): () => void {
  const channel = new BroadcastChannel(WORKER_EXIT_CHANNEL);
  const say = (message: WorkerExitMessage): void => channel.postMessage(message);
  channel.onmessage = (event) => {
    const message = (event as { data: WorkerExitMessage }).data;
    if (message.kind === 'roll-call') say({ kind: 'ready', threadId });
    if (message.kind !== 'flush' || !message.threadIds.includes(threadId)) return;
    try {
      flush(message.cause);
    } catch (error) {
      diag.error('otel-session-file: the worker thread could not write its sessions for the exit', error);
    } finally {
      const answers = new Int32Array(message.answers);
      Atomics.add(answers, 0, 1);
      Atomics.notify(answers, 0);
    }
  };
  channel.unref();
  say({ kind: 'ready', threadId });
  return () => {
    say({ kind: 'gone', threadId });
    channel.close();
  };
}
