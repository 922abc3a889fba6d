import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { RetentionSchedule } from '../../src/fs/RetentionSchedule.js';

/** A sweep that finishes when the test says so. */
function controlledSweep() {
  const runs: Array<() => void> = [];
  const sweep = () => new Promise<void>((resolve) => runs.push(resolve));
  return { sweep, runs, finish: (index: number) => runs[index]!() };
}

describe('RetentionSchedule', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 10_000;
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => mock.timers.reset());

  it('sweeps at once on the first request', () => {
    const { sweep, runs } = controlledSweep();
    new RetentionSchedule(sweep, 1000, clock).request();
    assert.equal(runs.length, 1);
  });

  it('sweeps at most once per interval, with one trailing sweep for a burst', async () => {
    const { sweep, runs, finish } = controlledSweep();
    const schedule = new RetentionSchedule(sweep, 1000, clock);
    schedule.request();
    finish(0);
    await schedule.idle();

    for (let i = 0; i < 50; i++) {
      now += 10;
      schedule.request();
    }
    assert.equal(runs.length, 1, 'throttled');

    now = 11_000;
    mock.timers.tick(1000);
    assert.equal(runs.length, 2, 'one trailing sweep');
    finish(1);
    await schedule.idle();
    assert.equal(runs.length, 2);
  });

  it('never runs two sweeps at once', async () => {
    const { sweep, runs, finish } = controlledSweep();
    const schedule = new RetentionSchedule(sweep, 1000, clock);
    schedule.request();
    now += 5000;
    schedule.request();
    assert.equal(runs.length, 1);

    finish(0);
    await schedule.idle();
    assert.equal(runs.length, 2, 'the request made while busy runs afterwards');
  });

  it('runs nothing after stop', () => {
    const { sweep, runs, finish } = controlledSweep();
    const schedule = new RetentionSchedule(sweep, 1000, clock);
    schedule.request();
    finish(0);
    schedule.request();
    schedule.stop();
    mock.timers.tick(5000);
    schedule.request();
    assert.equal(runs.length, 1);
  });
});
