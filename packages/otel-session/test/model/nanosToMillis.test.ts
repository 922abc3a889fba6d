import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { nanosToMillis } from '../../src/model/nanosToMillis.js';

// Epoch nanoseconds from 2001 to 2096: 19 digits, beyond what a double holds exactly.
const timestamps = fc.bigInt({ min: 10n ** 18n, max: 4n * 10n ** 18n });

describe('nanosToMillis', () => {
  it('keeps the difference of two timestamps to within a microsecond', () => {
    fc.assert(
      fc.property(timestamps, fc.bigInt({ min: 0n, max: 10n ** 12n }), (start, duration) => {
        const measured = nanosToMillis(String(start + duration)) - nanosToMillis(String(start));
        assert.ok(Math.abs(measured - Number(duration) / 1e6) < 1e-3, `${measured} vs ${Number(duration) / 1e6}`);
      }),
    );
  });

  it('reads short strings and answers NaN for what is not a decimal string', () => {
    assert.equal(nanosToMillis('0'), 0);
    assert.equal(nanosToMillis('1500000'), 1.5);
    assert.ok(Number.isNaN(nanosToMillis('12ab')));
    assert.ok(Number.isNaN(nanosToMillis(undefined)));
  });
});
