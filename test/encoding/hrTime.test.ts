import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { HrTime } from '@opentelemetry/api';
import { hrTimeToNanosString } from '../../src/encoding/hrTime.js';

const MAX_UINT64 = 2n ** 64n - 1n;

describe('hrTimeToNanosString', () => {
  it('writes the exact nanoseconds of a time the SDK makes', () => {
    assert.equal(hrTimeToNanosString([1_764_547_200, 5]), '1764547200000000005');
  });

  it('writes a time past what a uint64 holds as its maximum, even with whole seconds', () => {
    assert.equal(hrTimeToNanosString([100_000_006_144, 0]), MAX_UINT64.toString());
    assert.equal(hrTimeToNanosString([18_446_744_073, 709_551_616]), MAX_UINT64.toString());
    assert.equal(hrTimeToNanosString([18_446_744_073, 709_551_615]), MAX_UINT64.toString());
    assert.equal(hrTimeToNanosString([18_446_744_072, 999_999_999]), '18446744072999999999');
  });

  it('writes a time that is not one, or is before 1970, as 0', () => {
    for (const time of [undefined, [Number.NaN, 0], ['1', 0], [-1, 0], [0, -5]]) {
      assert.equal(hrTimeToNanosString(time as unknown as HrTime), '0', JSON.stringify(time));
    }
  });

  it('always writes the decimal string of an unsigned 64-bit integer', () => {
    fc.assert(
      fc.property(fc.tuple(fc.double(), fc.double()), fc.tuple(fc.integer(), fc.integer()), (doubles, integers) => {
        for (const time of [doubles, integers] as HrTime[]) {
          const written = hrTimeToNanosString(time);
          assert.match(written, /^\d+$/);
          assert.ok(BigInt(written) <= MAX_UINT64, written);
        }
      }),
    );
  });
});
