import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WriteBudget } from '../../src/session/WriteBudget.js';

describe('WriteBudget', () => {
  it('lets a write start at once after a quiet spell', () => {
    const budget = new WriteBudget(0.1);
    assert.equal(budget.waitMs(1000), 0);
  });

  it('spaces the first writes before any has settled, as if each took a millisecond', () => {
    const budget = new WriteBudget(0.1);
    budget.charge(100, 0);
    assert.equal(budget.waitMs(0), 10);
    budget.charge(100, 10);
    assert.equal(budget.waitMs(10), 10);
  });

  it('follows a write of w ms with 9·w ms without one at a share of 10%', () => {
    const budget = new WriteBudget(0.1);
    const estimate = budget.charge(1000, 0);
    budget.settle(1000, estimate, 20);
    assert.equal(budget.waitMs(20), 180, 'counted from the end of the write');
    assert.equal(budget.waitMs(200), 0);
  });

  it('keeps writes at half the time at a share of 50%, not back to back', () => {
    const budget = new WriteBudget(0.5);
    budget.settle(1000, budget.charge(1000, 0), 30);
    assert.equal(budget.waitMs(30), 30);
  });

  it('spaces nothing at a share of 1', () => {
    const budget = new WriteBudget(1);
    budget.settle(1000, budget.charge(1000, 0), 30);
    budget.charge(1000, 0);
    assert.equal(budget.waitMs(0), 0);
  });

  it('charges writes that start together before any of them settles, from the cost per byte seen so far', () => {
    const budget = new WriteBudget(0.1);
    budget.settle(1000, budget.charge(1000, 0), 10);
    const now = 1000;
    const first = budget.charge(1000, now);
    assert.equal(first, 10);
    assert.equal(budget.waitMs(now), 100, 'a second session whose timer fires now waits');
    budget.settle(1000, first, 10);
    assert.equal(budget.waitMs(now), 100, 'an estimate that held needs no correction');
  });

  it('corrects the charge when a write took longer than estimated', () => {
    const budget = new WriteBudget(0.5);
    budget.settle(100, budget.charge(100, 0), 10);
    const estimate = budget.charge(100, 100);
    budget.settle(100, estimate, 40);
    assert.equal(budget.waitMs(140), 40);
  });
});
