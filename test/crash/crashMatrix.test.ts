import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { removeTempDirs } from '../helpers/tempDir.js';
import { CAUSES, type Moment } from './lib/crashPlan.js';
import { describeFailures, runCrashTrial, runMatrix, type TrialOptions, type TrialResult } from './lib/crashMatrix.js';

/**
 * The fast subset of the crash matrix, run by `npm test`: every cause once at the idle moment, the
 * burst/SIGKILL cell and the cells with a write in flight a few times. `npm run test:crash` runs the full
 * matrix (crashMatrix.slow.test.ts).
 */

const OPTIONS: TrialOptions = { largeSessionMb: 22, burstReadyMs: 300 };

after(removeTempDirs);

function assertPassed(results: TrialResult[]): void {
  const failed = results.filter((result) => result.failures.length > 0);
  assert.equal(failed.length, 0, `${failed.length} of ${results.length} trials failed:\n${describeFailures(results)}`);
}

function everyCause(moment: Moment, trials: number) {
  return CAUSES.map((cause) => ({ cause, moment, trials }));
}

describe('crash matrix (fast subset)', () => {
  for (const cause of CAUSES) {
    it(`leaves a whole file with the cause recorded after ${cause} while idle`, async () => {
      assertPassed([await runCrashTrial(cause, 'idle', 0, OPTIONS)]);
    });
  }

  it('keeps, after SIGKILL mid-burst, every span that ended one debounce interval plus one write before', async () => {
    assertPassed(await runMatrix([{ cause: 'SIGKILL', moment: 'burst', trials: 3 }], OPTIONS));
  });

  it('writes the crash record over a large asynchronous write in flight, for every cause', async () => {
    assertPassed(await runMatrix(everyCause('large write', 1), OPTIONS));
  });

  it("writes the crash record over endSession's final write in flight, for every cause", async () => {
    assertPassed(await runMatrix(everyCause('final write', 1), OPTIONS));
  });
});
