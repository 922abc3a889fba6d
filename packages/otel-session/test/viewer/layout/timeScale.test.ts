import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { idleTime, TimeScale } from '../../../viewer/layout/timeScale.js';

describe('TimeScale', () => {
  it('finds the pauses between turns that are longer than a turn, and draws them narrow', () => {
    // Three turns of 1 s, 10 minutes apart, with short pauses inside the turns.
    const busy: Array<[number, number]> = [];
    for (const start of [0, 600_000, 1_200_000]) busy.push([start, start + 400], [start + 500, start + 1000]);
    const idle = idleTime(busy);
    assert.deepEqual(
      idle.map((gap) => [gap.from, gap.to]),
      [
        [1000, 600_000],
        [601_000, 1_200_000],
      ],
    );
    const scale = new TimeScale(0, 1_201_000, idle);
    assert.equal(scale.toDisplay(500), 500);
    assert.equal(scale.toDisplay(600_500) - scale.toDisplay(600_000), 500);
    assert.ok(scale.length < 4000, `${scale.length}`);
  });

  it('leaves a session without pauses to scale', () => {
    assert.deepEqual(idleTime([[0, 10], [5, 20], [20, 30]]), []);
    assert.equal(new TimeScale(0, 30, []).toDisplay(17), 17);
  });

  it('maps time to the axis and back, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1e4 })), { minLength: 1, maxLength: 30 }), fc.integer({ min: -10, max: 1.02e6 }), fc.integer({ min: 0, max: 1e4 }), (spans, t, dt) => {
        const busy = spans.map(([start, length]): [number, number] => [start, start + length]);
        const t0 = Math.min(...busy.map((b) => b[0]));
        const t1 = Math.max(...busy.map((b) => b[1]));
        const scale = new TimeScale(t0, t1, idleTime(busy));
        assert.ok(scale.toDisplay(t + dt) >= scale.toDisplay(t));
        assert.ok(Math.abs(scale.toReal(scale.toDisplay(t)) - t) < 1e-6 * Math.max(1, Math.abs(t)) || scale.gaps.some((g) => t > g.from && t < g.to));
      }),
    );
  });
});
