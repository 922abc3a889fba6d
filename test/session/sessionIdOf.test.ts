import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import fc from 'fast-check';
import type { ReadableSpan } from '../../src/sdk/types.js';
import { sessionIdFromAttributes, sessionIdFromBaggage, sessionIdFromValue } from '../../src/session/sessionIdOf.js';

describe('sessionIdFromValue', () => {
  it('takes a non-empty string as it is', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), (id) => assert.deepEqual(sessionIdFromValue(id), { id })));
  });

  it('takes a finite number as its decimal text', () => {
    assert.deepEqual(sessionIdFromValue(42), { id: '42' });
    assert.deepEqual(sessionIdFromValue(-0.5), { id: '-0.5' });
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => assert.deepEqual(sessionIdFromValue(n), { id: String(n) })));
  });

  it('says there is none when the value is missing', () => {
    assert.equal(sessionIdFromValue(undefined), undefined);
  });

  it('calls anything else invalid, keeping the value for the report', () => {
    for (const value of ['', Number.NaN, Number.POSITIVE_INFINITY, true, null, ['ses_1'], { id: 'ses_1' }, 1n]) {
      assert.deepEqual(sessionIdFromValue(value), { invalid: value });
    }
  });
});

describe('sessionIdFromAttributes', () => {
  it('reads the id from the span\'s attribute of the given name', () => {
    const span = { attributes: { 'session.id': 'ses_1', other: 7 } } as unknown as ReadableSpan;
    assert.deepEqual(sessionIdFromAttributes(span, 'session.id'), { id: 'ses_1' });
    assert.deepEqual(sessionIdFromAttributes(span, 'other'), { id: '7' });
    assert.equal(sessionIdFromAttributes(span, 'missing'), undefined);
  });
});

describe('sessionIdFromBaggage', () => {
  it('reads the id from the parent context\'s baggage entry of the given key', () => {
    const baggage = propagation.createBaggage({ 'session.id': { value: 'ses_1' }, empty: { value: '' } });
    const parent = propagation.setBaggage(ROOT_CONTEXT, baggage);

    assert.deepEqual(sessionIdFromBaggage(parent, 'session.id'), { id: 'ses_1' });
    assert.deepEqual(sessionIdFromBaggage(parent, 'empty'), { invalid: '' });
    assert.equal(sessionIdFromBaggage(parent, 'missing'), undefined);
    assert.equal(sessionIdFromBaggage(context.active(), 'session.id'), undefined, 'no baggage at all');
  });

  it('reads an id that came in a W3C baggage header', () => {
    const parent = new W3CBaggagePropagator().extract(ROOT_CONTEXT, { baggage: 'session.id=ses%202' }, {
      get: (carrier, key) => (carrier as Record<string, string>)[key],
      keys: (carrier) => Object.keys(carrier as object),
    });
    assert.deepEqual(sessionIdFromBaggage(parent, 'session.id'), { id: 'ses 2' });
  });
});
