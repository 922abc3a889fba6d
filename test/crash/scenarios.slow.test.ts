import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';
import { DEFAULT_DEBOUNCE_MS, describeFailures, longestBudgetWait, runLimited, runMatrix, writeDelayBound, type TrialResult } from './lib/crashMatrix.js';
import { FixtureChild } from './lib/FixtureChild.js';
import { BURST_SPANS } from './lib/scenarioFacts.js';
import { readSessionFile, spansByName } from './lib/sessionFile.js';

/**
 * The named scenarios that need many trials (`npm run test:crash`): a burst followed by a short
 * quiet and a SIGKILL loses nothing; a 50 MB session whose final write is in flight when the exit hook runs
 * ends `crashed`, and no late rename overwrites it.
 */

after(removeTempDirs);

const BURST_TRIALS = 20;
/** A disk on which one write takes a few tens of milliseconds. */
const SLOW_FSYNC_MS = 30;
/** Timer lateness on a loaded machine, on top of the quiet the promise needs. */
const QUIET_SLACK_MS = 100;

interface BurstTrial {
  trial: number;
  failures: string[];
}

async function burstThenKill(trial: number): Promise<BurstTrial> {
  const directory = await tempDir('otel-session-burst-');
  // Alternately from idle and during a write in flight; every other pair on a disk whose fsync is slow.
  const during = trial % 2 === 0 ? 'idle' : 'write';
  const fsyncDelayMs = trial % 4 < 2 ? 0 : SLOW_FSYNC_MS;
  const args = JSON.stringify({ directory, sessionId: 'burst', during, fsyncDelayMs });
  const child = await FixtureChild.start('burstThenQuiet', [args]);
  const failures: string[] = [];
  try {
    const burstDone = await child.waitFor('BURST-DONE');
    // A burst during a write: the quiet starts when that write has landed (`X` started it, `W` lands it).
    const started = child.lines.filter((line) => line.fields[0] === 'X').length;
    const landed = child.lines.filter((line) => line.fields[0] === 'W').length;
    if (started > landed) await child.waitFor('W', { after: child.lines.indexOf(burstDone) });
    // "One write": the longest write the child has done (`W <session> <ended> <from> <to>`).
    const writes = child.lines.filter((line) => line.fields[0] === 'W');
    const oneWriteMs = Math.max(...writes.map((line) => Number(line.fields[4]) - Number(line.fields[3])));
    // One debounce interval plus one write; on the slow disk the debounce is stretched to the spacing
    // that keeps writing under a tenth of the time ("a few hundred milliseconds at worst", README), or to
    // the wait the processor announces for its budget, which measures a write with its encoding.
    const quietFrom = Date.now();
    const quietFor = () => Math.max(writeDelayBound(DEFAULT_DEBOUNCE_MS, oneWriteMs), longestBudgetWait(child.lines)) + oneWriteMs + QUIET_SLACK_MS;
    let quietMs = quietFor();
    while (Date.now() - quietFrom < quietMs) {
      await sleep(quietMs - (Date.now() - quietFrom));
      quietMs = quietFor();
    }
    child.kill('SIGKILL');
    await child.ended();
    const file = readSessionFile(join(directory, 'burst.json'));
    const spans = spansByName(file);
    const burst = Array.from({ length: BURST_SPANS }, (_, i) => `burst-${i + 1}`);
    const lost = burst.filter((name) => !spans.has(name) || spans.get(name)?.state !== undefined);
    if (lost.length > 0) {
      failures.push(`${lost.length} burst spans lost (${during}, fsync +${fsyncDelayMs} ms, quiet ${quietMs} ms): ${lost.join(', ')}`);
    }
    if (file.session.status !== 'running') failures.push(`status ${file.session.status}, expected running`);
  } catch (error) {
    failures.push((error as Error).message);
  }
  if (failures.length > 0) failures.push(child.tail());
  return { trial, failures };
}

describe('named crash scenarios', () => {
  it(`loses no span of a burst of ${BURST_SPANS} when SIGKILL follows a quiet of one debounce interval plus one write (${BURST_TRIALS} trials)`, async () => {
    const results = await runLimited(
      Array.from({ length: BURST_TRIALS }, (_, trial) => () => burstThenKill(trial)),
      2,
    );
    const failed = results.filter((result) => result.failures.length > 0);
    console.log(`burst then SIGKILL: ${results.length - failed.length}/${results.length} trials lost no span`);
    assert.equal(failed.length, 0, failed.map((result) => `trial ${result.trial}: ${result.failures.join('\n  ')}`).join('\n'));
  });

  it('ends a 50 MB session crashed when the exit hook meets its final write in flight, never overwritten (10 trials)', async () => {
    // exit(1) and the uncaught exception hand the held rename to the kernel and die in the same turn; for
    // SIGTERM the rename stays held. Every trial re-reads the file after the child is gone and again later.
    const results: TrialResult[] = await runMatrix(
      [
        { cause: 'exit(1)', moment: 'final write', trials: 4 },
        { cause: 'uncaughtException', moment: 'final write', trials: 3 },
        { cause: 'SIGTERM', moment: 'final write', trials: 3 },
      ],
      { largeSessionMb: 50, burstReadyMs: 0, lateRenameWaitMs: 500 },
    );
    const failed = results.filter((result) => result.failures.length > 0);
    console.log(`50 MB final write in flight: ${results.length - failed.length}/${results.length} trials crashed and never overwritten`);
    assert.equal(failed.length, 0, describeFailures(results));
  });
});
