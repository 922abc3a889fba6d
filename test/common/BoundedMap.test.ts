import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedMap } from '../../src/common/BoundedMap.js';

describe('BoundedMap', () => {
  it('evicts the least recently set key beyond its capacity and returns it', () => {
    const map = new BoundedMap<string, number>(2);
    assert.equal(map.set('a', 1), undefined);
    assert.equal(map.set('b', 2), undefined);
    assert.equal(map.set('a', 3), undefined, 'setting again refreshes');
    assert.equal(map.set('c', 4), 'b');
    assert.equal(map.size, 2);
    assert.equal(map.get('a'), 3);
    assert.equal(map.has('b'), false);
  });

  it('drops the oldest entries while they are stale, and stops at the first fresh one', () => {
    const map = new BoundedMap<string, number>(10);
    for (const [key, at] of [['a', 1], ['b', 2], ['c', 9], ['d', 1]] as const) map.set(key, at);
    map.dropOldestWhile((at) => at < 5);
    assert.deepEqual(['a', 'b', 'c', 'd'].filter((k) => map.has(k)), ['c', 'd']);
  });
});
