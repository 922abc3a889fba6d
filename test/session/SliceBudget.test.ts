import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, it, mock } from 'node:test';
import { SliceBudget } from '../../src/session/SliceBudget.js';

afterEach(() => mock.restoreAll());

describe('SliceBudget', () => {
  it('gives every job of one turn the deadline the first one started', () => {
    let now = 100;
    mock.method(performance, 'now', () => now);
    const budget = new SliceBudget(4);

    assert.equal(budget.deadline(), 104);
    now = 103;
    assert.equal(budget.deadline(), 104);
    now = 110;
    assert.equal(budget.deadline(), 104, 'a job late in the turn gets what is left, even nothing');
  });

  it('starts a new slice in the next turn of the event loop', async () => {
    let now = 100;
    mock.method(performance, 'now', () => now);
    const budget = new SliceBudget(4);
    assert.equal(budget.deadline(), 104);

    now = 200;
    await nextTurn();

    assert.equal(budget.deadline(), 204);
  });

  it('keeps the slices of two budgets apart', () => {
    mock.method(performance, 'now', () => 0);
    const [a, b] = [new SliceBudget(1), new SliceBudget(8)];
    assert.equal(a.deadline(), 1);
    assert.equal(b.deadline(), 8);
  });
});
