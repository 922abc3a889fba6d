import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { registeredExitFlushCount } from '../../src/exit/exitHook.js';
import { watchWorker } from '../../src/index.js';

/**
 * watchWorker's bookkeeping in this process; what it records when a process ends is tested in real child
 * processes (test/crash/workers.test.ts).
 */

function idleWorker(): Worker {
  // Waits for one message, then has nothing left to do.
  return new Worker(`require('node:worker_threads').parentPort.once('message', () => {});`, { eval: true });
}

describe('watchWorker', () => {
  it('holds the exit hook while a watched worker runs and lets it go when the worker exits by itself', async () => {
    assert.equal(registeredExitFlushCount(), 0);
    const worker = idleWorker();
    watchWorker(worker);
    watchWorker(worker);
    assert.equal(registeredExitFlushCount(), 1);
    worker.postMessage('done');
    const [code] = await once(worker, 'exit');
    assert.equal(code, 0);
    assert.equal(registeredExitFlushCount(), 0);
  });

  it('keeps terminate() resolving with the exit code of a terminated worker', async () => {
    const worker = idleWorker();
    await once(worker, 'online');
    watchWorker(worker);
    assert.equal(await worker.terminate(), 1);
    assert.equal(registeredExitFlushCount(), 0);
  });

  it('ignores a worker that has already stopped', async () => {
    const worker = idleWorker();
    worker.postMessage('done');
    await once(worker, 'exit');
    watchWorker(worker);
    assert.equal(registeredExitFlushCount(), 0);
  });
});
