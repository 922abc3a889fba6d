import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { removeTempDirs } from '../helpers/tempDir.js';
import { MOMENTS } from './lib/crashPlan.js';
import { describeFailures, FULL_TRIAL_OPTIONS, fullMatrix, matrixTable, runMatrix, type TrialResult } from './lib/crashMatrix.js';

/**
 * The full crash matrix (`npm run test:crash`): every cause × every moment, at least 5 trials a cell and 20
 * for the burst and the writes in flight, each in its own child process and directory, two at a time.
 * The table of passes per cell is printed at the end.
 */

const CONCURRENCY = 2;
const results: TrialResult[] = [];

after(async () => {
  await removeTempDirs();
  console.log(`\nCrash matrix (passed/trials):\n${matrixTable(results)}\n`);
});

describe('crash matrix (full)', () => {
  for (const moment of MOMENTS) {
    it(`leaves a whole, truthful file for every cause at the moment: ${moment}`, async () => {
      const cells = fullMatrix().filter((cell) => cell.moment === moment);
      const cellResults = await runMatrix(cells, FULL_TRIAL_OPTIONS, CONCURRENCY);
      results.push(...cellResults);
      const failed = cellResults.filter((result) => result.failures.length > 0);
      assert.equal(failed.length, 0, `${failed.length} of ${cellResults.length} trials failed:\n${describeFailures(cellResults)}`);
    });
  }
});
