import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { describeValue } from '../../src/options/describeValue.js';

describe('describeValue', () => {
  it('quotes strings and writes numbers, booleans, null and undefined as they are', () => {
    assert.equal(describeValue('a "b"'), '"a \\"b\\""');
    assert.equal(describeValue(-1), '-1');
    assert.equal(describeValue(Number.NaN), 'NaN');
    assert.equal(describeValue(true), 'true');
    assert.equal(describeValue(null), 'null');
    assert.equal(describeValue(undefined), 'undefined');
  });

  it('names objects by their kind only, never their content', () => {
    assert.equal(describeValue(['secret']), 'an array');
    assert.equal(describeValue({ apiKey: 'secret' }), 'a object');
    assert.equal(describeValue(() => 'secret'), 'a function');
    assert.equal(describeValue(Symbol('secret')), 'a symbol');
    assert.equal(describeValue(10n), 'a bigint');
  });

  it('describes anything without throwing and shows no text of an object', () => {
    fc.assert(fc.property(fc.anything(), (value) => {
      const text = describeValue(value);
      assert.equal(typeof text, 'string');
      if (typeof value === 'object' && value !== null) assert.match(text, /^an? /);
    }));
  });
});
