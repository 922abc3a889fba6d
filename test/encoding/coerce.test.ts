import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { countOf, isHexId, otlpSpanKind, otlpStatusCode, read, textOf } from '../../src/encoding/coerce.js';

describe('textOf', () => {
  it('keeps a string, and makes text of anything else without throwing', () => {
    assert.equal(textOf('name'), 'name');
    assert.equal(textOf(undefined), '');
    assert.equal(textOf(null), '');
    assert.equal(textOf(12), '12');
    assert.equal(textOf(Symbol('s')), 'Symbol(s)');
    assert.equal(textOf({ toString: () => 'custom' }), 'custom');
    assert.equal(textOf({ toString: () => { throw new Error('no'); } }), '');
    assert.equal(textOf(Object.create(null)), '');
    fc.assert(fc.property(fc.anything(), (value) => assert.equal(typeof textOf(value), 'string')));
  });
});

describe('otlpSpanKind', () => {
  it('adds one to the API\'s kinds 0 to 4', () => {
    for (let kind = 0; kind <= 4; kind++) assert.equal(otlpSpanKind(kind), kind + 1);
  });

  it('reads a kind given by name, in any case', () => {
    assert.deepEqual(['internal', 'SERVER', 'Client', 'producer', 'consumer'].map(otlpSpanKind), [1, 2, 3, 4, 5]);
  });

  it('writes anything else as unspecified (0)', () => {
    for (const kind of [-1, 5, 1.5, Number.NaN, 'toString', 'unknown', '', null, undefined, {}, 2n]) assert.equal(otlpSpanKind(kind), 0, String(kind));
    fc.assert(fc.property(fc.anything(), (kind) => assert.ok([0, 1, 2, 3, 4, 5].includes(otlpSpanKind(kind)))));
  });
});

describe('otlpStatusCode', () => {
  it('keeps 1 and 2, reads names in any case, and writes anything else as unset', () => {
    assert.deepEqual([0, 1, 2].map(otlpStatusCode), [0, 1, 2]);
    assert.deepEqual(['unset', 'OK', 'Error'].map(otlpStatusCode), [0, 1, 2]);
    for (const code of [3, -1, 1.5, 'valueOf', 'failed', null, {}]) assert.equal(otlpStatusCode(code), 0, String(code));
    fc.assert(fc.property(fc.anything(), (code) => assert.ok([0, 1, 2].includes(otlpStatusCode(code)))));
  });
});

describe('countOf', () => {
  it('keeps a safe whole number >= 0, and counts anything else as 0', () => {
    assert.equal(countOf(0), 0);
    assert.equal(countOf(7), 7);
    assert.equal(countOf(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
    for (const value of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Infinity, '3', 3n, null]) assert.equal(countOf(value), 0, String(value));
  });
});

describe('isHexId', () => {
  const model = (value: unknown, length: number) =>
    typeof value === 'string' && new RegExp(`^[0-9a-fA-F]{${length}}$`).test(value) && /[^0]/.test(value);
  const hexLike = (length: number) =>
    fc.oneof(
      fc.stringMatching(new RegExp(`^[0-9a-fA-F]{${length}}$`)),
      fc.string({ unit: fc.constantFrom('0', '0', '0', 'a', 'F'), minLength: length, maxLength: length }),
      // One character just outside the ranges of digits and letters, anywhere in an id.
      fc
        .tuple(fc.stringMatching(new RegExp(`^[0-9a-fA-F]{${length}}$`)), fc.nat(length - 1), fc.constantFrom('/', ':', '@', 'G', '`', 'g', ' '))
        .map(([id, at, c]) => id.slice(0, at) + c + id.slice(at + 1)),
      fc.string(),
    );

  it('accepts hex digits of the exact length, not all zeros, as the OTLP ids are', () => {
    assert.equal(isHexId('0af7651916cd43dd8448eb211c80319c', 32), true);
    assert.equal(isHexId('B7AD6B7169203331', 16), true);
    assert.equal(isHexId('0000000000000000', 16), false);
    assert.equal(isHexId('b7ad6b716920333', 16), false);
    assert.equal(isHexId('b7ad6b7169203331', 32), false);
    assert.equal(isHexId(123, 16), false);
  });

  it('agrees with a regular expression for any text, before and after a trace id is remembered', () => {
    for (const length of [16, 32]) {
      fc.assert(fc.property(hexLike(length), hexLike(length), (first, second) => {
        assert.equal(isHexId(first, length), model(first, length), first);
        assert.equal(isHexId(second, length), model(second, length), second);
        assert.equal(isHexId(first, length), model(first, length), first);
      }));
    }
  });

  it('does not take a remembered trace id for a span id', () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    assert.equal(isHexId(traceId, 32), true);
    assert.equal(isHexId(traceId, 16), false);
    assert.equal(isHexId('00000000000000000000000000000001', 32), true);
    assert.equal(isHexId('0000000000000000', 16), false, 'the first half of a remembered id is no id');
  });
});

describe('read', () => {
  it('reads a property of an object or function, and nothing of anything else', () => {
    assert.equal(read({ a: 1 }, 'a'), 1);
    const fn = Object.assign(() => {}, { a: 2 });
    assert.equal(read(fn, 'a'), 2);
    for (const value of [null, undefined, 'text', 3, true]) assert.equal(read(value, 'length'), undefined);
  });

  it('reads a property whose getter throws, or of a revoked proxy, as undefined', () => {
    const getter = Object.defineProperty({}, 'a', { get: () => { throw new Error('no'); } });
    const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
    revoke();
    assert.equal(read(getter, 'a'), undefined);
    assert.equal(read(proxy, 'a'), undefined);
  });
});
