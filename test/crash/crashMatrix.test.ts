import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { removeTempDirs } from '../helpers/tempDir.js';
import { CAUSES, type Moment } from './lib/crashPlan.js';
import { describeFailures, matrixTable, runMatrix, type TrialOptions, type TrialResult } from './lib/crashMatrix.js';
import { childRuntime } from './lib/childRuntime.js';

/**
 * The fast subset of the crash matrix, run by `npm test`: every cause before the first write, at the idle
 * moment, mid-burst and with a write in flight, `OTEL_SESSION_CRASH_TRIALS` times per cell (1 unless
 * set; `npm run test:bun` runs 3), and the burst/SIGKILL cell at least 3 times. `npm run test:crash` runs
 * the full matrix (crashMatrix.slow.test.ts).
 */

const OPTIONS: TrialOptions = { largeSessionMb: 22, burstReadyMs: 300 };
const TRIALS = Math.max(1, Number(process.env.OTEL_SESSION_CRASH_TRIALS) || 1);

const results: TrialResult[] = [];

after(async () => {
  await removeTempDirs();
  console.log(`\nCrash matrix subset on ${childRuntime} (passed/trials):\n${matrixTable(results)}\n`);
});

async function assertEveryCausePasses(moment: Moment, trials = TRIALS): Promise<void> {
  const cells = CAUSES.map((cause) => ({ cause, moment, trials: cause === 'SIGKILL' && moment === 'burst' ? Math.max(3, trials) : trials }));
  const cellResults = await runMatrix(cells, OPTIONS);
  results.push(...cellResults);
  const failed = cellResults.filter((result) => result.failures.length > 0);
  assert.equal(failed.length, 0, `${failed.length} of ${cellResults.length} trials failed:\n${describeFailures(cellResults)}`);
}

describe('crash matrix (fast subset)', () => {
  it('leaves a file with the cause recorded when the process dies before the first write (none after SIGKILL)', async () => {
    await assertEveryCausePasses('start');
  });

  it('leaves a whole file with the cause recorded after every cause while idle', async () => {
    await assertEveryCausePasses('idle');
  });

  it('keeps every span and records the cause mid-burst; after SIGKILL, every span that ended one debounce interval plus one write before', async () => {
    await assertEveryCausePasses('burst');
  });

  it('writes the crash record over a large asynchronous write in flight, for every cause', async () => {
    await assertEveryCausePasses('large write');
  });

  it("writes the crash record over endSession's final write in flight, for every cause", async () => {
    await assertEveryCausePasses('final write');
  });
});
