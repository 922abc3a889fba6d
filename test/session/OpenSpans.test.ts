import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReadableSpan } from '../../src/sdk/types.js';
import { OpenSpans, ownerOf } from '../../src/session/OpenSpans.js';

function span(name: string): ReadableSpan {
  return { name } as unknown as ReadableSpan;
}

function names(open: OpenSpans): string[] {
  return [...open].map((each) => each.name);
}

describe('OpenSpans', () => {
  it('lists the open spans in the order they started, without the ended ones', () => {
    const key = Symbol('test');
    const open = new OpenSpans(key, {});
    const [a, b, c] = [span('a'), span('b'), span('c')];
    open.add(a);
    open.add(b);
    open.add(c);
    assert.equal(open.remove(b), true);
    assert.deepEqual(names(open), ['a', 'c']);
    assert.equal(open.size, 2);
  });

  it('marks each open span with its owner under the key, and unmarks it when it ends', () => {
    const key = Symbol('test');
    const owner = {};
    const open = new OpenSpans(key, owner);
    const a = span('a');
    open.add(a);
    assert.equal(ownerOf(a, key), owner);
    open.remove(a);
    assert.equal(ownerOf(a, key), undefined);
  });

  it('keeps the owners of two keys apart (two processors on one provider)', () => {
    const first = new OpenSpans(Symbol('first'), {});
    const second = new OpenSpans(Symbol('second'), {});
    const shared = span('shared');
    first.add(shared);
    second.add(shared);
    assert.equal(first.remove(shared), true);
    assert.deepEqual(names(second), ['shared']);
    assert.equal(second.size, 1);
  });

  it('does not count a span that was never added, or one removed twice', () => {
    const open = new OpenSpans(Symbol('test'), {});
    const a = span('a');
    assert.equal(open.remove(a), false);
    open.add(a);
    open.remove(a);
    assert.equal(open.remove(a), false);
    assert.equal(open.size, 0);
  });

  it('keeps every open span through compactions of many ended ones', () => {
    const open = new OpenSpans(Symbol('test'), {});
    const kept: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const each = span(`s${i}`);
      open.add(each);
      if (i % 100 === 0) kept.push(each.name);
      else open.remove(each);
    }
    assert.deepEqual(names(open), kept);
    assert.equal(open.size, kept.length);
  });
});
