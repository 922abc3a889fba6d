/**
 * The crash matrix outside the test runner, to look at one corner of it:
 *
 *   node --import tsx test/crash/runMatrix.ts [--cause=SIGTERM] [--moment=burst] [--trials=N] [--concurrency=2]
 *
 * Prints the `passed/trials` table and every failure; exits 1 when a trial failed.
 */
import { parseArgs } from 'node:util';
import { removeTempDirs } from '../helpers/tempDir.js';
import { describeFailures, FULL_TRIAL_OPTIONS, fullMatrix, matrixTable, runMatrix } from './lib/crashMatrix.js';

const { values } = parseArgs({
  options: {
    cause: { type: 'string' },
    moment: { type: 'string' },
    trials: { type: 'string' },
    concurrency: { type: 'string', default: '2' },
  },
});

const cells = fullMatrix()
  .filter((cell) => values.cause === undefined || cell.cause === values.cause)
  .filter((cell) => values.moment === undefined || cell.moment === values.moment)
  .map((cell) => (values.trials === undefined ? cell : { ...cell, trials: Number(values.trials) }));
if (cells.length === 0) {
  console.error('No cell matches; causes and moments are listed in test/crash/lib/crashPlan.ts');
  process.exit(2);
}

const started = performance.now();
const results = await runMatrix(cells, FULL_TRIAL_OPTIONS, Number(values.concurrency));
await removeTempDirs();
console.log(matrixTable(results));
console.log(`\n${results.length} trials in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const failures = describeFailures(results);
if (failures) {
  console.log(`\n${failures}`);
  process.exitCode = 1;
}
