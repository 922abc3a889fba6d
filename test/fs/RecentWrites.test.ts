import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecentWrites } from '../../src/fs/RecentWrites.js';

describe('RecentWrites', () => {
  it('remembers a key for the window after its last write', () => {
    let now = 0;
    const recent = new RecentWrites(1000, 100, () => now);
    recent.record('a');
    now = 999;
    assert.equal(recent.has('a'), true);
    now = 1000;
    assert.equal(recent.has('a'), false);
    recent.record('a');
    assert.equal(recent.has('a'), true);
    assert.equal(recent.has('never'), false);
  });

  it('prunes keys written before the window', () => {
    let now = 0;
    const recent = new RecentWrites(1000, 100, () => now);
    recent.record('old');
    now = 500;
    recent.record('new');
    now = 1200;
    recent.prune();
    assert.equal(recent.has('new'), true);
    now = 0;
    assert.equal(recent.has('old'), false, 'pruned, not just expired');
  });
});
