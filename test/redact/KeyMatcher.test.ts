import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyMatcher } from '../../src/redact/KeyMatcher.js';

describe('KeyMatcher', () => {
  it('matches strings exactly, ignoring case, and RegExps by test', () => {
    const matcher = new KeyMatcher(['user.email', /^app\.customer\./]);
    assert.equal(matcher.matches('user.email'), true);
    assert.equal(matcher.matches('User.Email'), true);
    assert.equal(matcher.matches('user.email.domain'), false);
    assert.equal(matcher.matches('app.customer.name'), true);
    assert.equal(matcher.matches('my.app.customer.name'), false);
  });

  it('gives the same answer on every call for a RegExp with the g or y flag', () => {
    const matcher = new KeyMatcher([/secret/gy]);
    for (let i = 0; i < 3; i++) assert.equal(matcher.matches(`secret${i}`), true);
  });

  it('keeps answering correctly once more keys were seen than it remembers', () => {
    const matcher = new KeyMatcher([/^secret_/]);
    for (let i = 0; i < 10_000; i++) {
      assert.equal(matcher.matches(`secret_${i}`), true);
      assert.equal(matcher.matches(`plain_${i}`), false);
    }
  });
});
