import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';
import { childRuntime } from './lib/childRuntime.js';
import { runLimited } from './lib/crashMatrix.js';
import { describeExit, FixtureChild, type ChildExit } from './lib/FixtureChild.js';
import { MAIN_THREAD_ERROR, WORKER_ENDINGS, WORKER_THREAD_ERROR, type WorkerEnding } from './lib/scenarioFacts.js';
import { readSessionFile, spansByName } from './lib/sessionFile.js';

/**
 * Tracing in a worker thread, watched by the main thread with `watchWorker`, in real child processes
 * (fixtures/workerMain.ts and workerTracing.ts): every way the process or the worker ends leaves the
 * worker's session with its cause, and the process exits as the same process without `watchWorker` does.
 * Each ending runs `OTEL_SESSION_CRASH_TRIALS` times (1 unless set), each beside its control.
 */

after(removeTempDirs);

const TRIALS = Math.max(1, Number(process.env.OTEL_SESSION_CRASH_TRIALS) || 1);
/** Far above the documented bound of the wait for a worker (1 s); only a hang reaches it. */
const HANG_MS = 20_000;

interface Expected {
  exit: ChildExit;
  status: string;
  crash?: { reason: string; signal?: string; exitCode?: number; message?: string };
}

const EXPECTED: Record<WorkerEnding, Expected> = {
  'uncaught exception in the worker': {
    exit: { code: 0, signal: null },
    status: 'crashed',
    crash: { reason: 'uncaughtException', exitCode: 1, message: WORKER_THREAD_ERROR },
  },
  SIGTERM: { exit: { code: null, signal: 'SIGTERM' }, status: 'crashed', crash: { reason: 'signal', signal: 'SIGTERM' } },
  'exit(1) on the main thread': { exit: { code: 1, signal: null }, status: 'crashed', crash: { reason: 'exit', exitCode: 1 } },
  'uncaught exception on the main thread': {
    exit: { code: 1, signal: null },
    status: 'crashed',
    crash: { reason: 'uncaughtException', exitCode: 1, message: MAIN_THREAD_ERROR },
  },
  'worker.terminate()': { exit: { code: 0, signal: null }, status: 'crashed', crash: { reason: 'exit', exitCode: 1 } },
  'worker runs out of work': { exit: { code: 0, signal: null }, status: 'interrupted', crash: { reason: 'exit', exitCode: 0 } },
  // A worker stuck in synchronous code cannot answer: the exit waits for it no longer than the bound.
  'worker stuck, exit(1)': { exit: { code: 1, signal: null }, status: 'running' },
};

async function run(ending: WorkerEnding, watch: boolean): Promise<{ exit: ChildExit; directory: string; child: FixtureChild }> {
  const directory = await tempDir('otel-session-worker-');
  const child = await FixtureChild.start('workerMain', [JSON.stringify({ directory, ending, watch })]);
  await child.waitFor('READY');
  if (ending === 'SIGTERM') child.kill('SIGTERM');
  return { exit: await child.ended(HANG_MS), directory, child };
}

function failuresOf(ending: WorkerEnding, watched: Awaited<ReturnType<typeof run>>, control: Awaited<ReturnType<typeof run>>): string[] {
  const failures: string[] = [];
  const want = EXPECTED[ending];
  for (const [name, { exit }] of [['watched', watched], ['control', control]] as const) {
    if (exit.code !== want.exit.code || exit.signal !== want.exit.signal) {
      failures.push(`${name} exited with ${describeExit(exit)}, expected ${describeExit(want.exit)}`);
    }
  }
  const file = readSessionFile(join(watched.directory, 'worker-session.json'));
  const { status, crash } = file.session;
  if (status !== want.status) failures.push(`status is ${status}, expected ${want.status}`);
  const actual = { reason: crash?.reason, signal: crash?.signal, exitCode: crash?.exitCode, message: crash?.error?.message };
  for (const [key, value] of Object.entries(want.crash ?? { reason: undefined })) {
    const got = actual[key as keyof typeof actual];
    if (got !== value) failures.push(`crash.${key} is ${JSON.stringify(got)}, expected ${JSON.stringify(value)}`);
  }
  const spans = spansByName(file);
  const openState = status === 'running' ? 'open' : status;
  if (spans.get('worker-open')?.state !== openState) failures.push(`worker-open is ${spans.get('worker-open')?.state}, expected ${openState}`);
  if (!spans.has('worker-done') || spans.get('worker-done')?.state !== undefined) failures.push('worker-done is missing or not ended');
  return failures.length === 0 ? [] : [`${ending}: ${failures.join('; ')}${watched.child.tail()}`];
}

describe(`tracing in a worker thread watched with watchWorker (children on ${childRuntime})`, () => {
  for (const ending of WORKER_ENDINGS) {
    const what = EXPECTED[ending].status === 'running' ? 'gives up on a worker stuck in synchronous code' : `records the worker's session`;
    it(`${what} when the process ends by: ${ending}`, async () => {
      const jobs = Array.from({ length: TRIALS }, () => [() => run(ending, true), () => run(ending, false)]).flat();
      const runs = await runLimited(jobs, 2);
      const failures: string[] = [];
      for (let trial = 0; trial < TRIALS; trial++) failures.push(...failuresOf(ending, runs[2 * trial]!, runs[2 * trial + 1]!));
      assert.deepEqual(failures, []);
    });
  }
});
