import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FragmentLog } from '../../src/session/FragmentLog.js';

function stored(log: FragmentLog): string {
  return Buffer.concat(log.views()).toString();
}

describe('FragmentLog', () => {
  it('stores each text with a trailing comma, in order, across many chunks', () => {
    const log = new FragmentLog();
    const texts: string[] = [];
    // Texts of every UTF-8 width, long enough to fill chunks and to end near their ends.
    for (let i = 0; i < 2000; i++) texts.push(`${i}:${'a€—😀é'.repeat(i % 97)}`);
    texts.forEach((text, seq) => log.append(text, seq));
    assert.equal(stored(log), texts.map((text) => `${text},`).join(''));
    assert.equal(log.count, texts.length);
    assert.equal(log.byteLength, Buffer.byteLength(stored(log)));
  });

  it('keeps every later fragment whole when the oldest are dropped', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 3000 }), { maxLength: 60 }), fc.nat(60), (texts, drops) => {
        const log = new FragmentLog();
        texts.forEach((text, seq) => log.append(text, seq));
        const dropped = Math.min(drops, texts.length);
        for (let i = 0; i < dropped; i++) assert.equal(log.dropOldest(), true);
        const kept = texts.slice(dropped);
        // Lone surrogates become U+FFFD in UTF-8 either way.
        assert.equal(stored(log), kept.map((text) => `${Buffer.from(text).toString()},`).join(''));
        assert.equal(log.byteLength, kept.reduce((bytes, text) => bytes + Buffer.byteLength(text) + 1, 0));
        assert.equal(log.oldestSeq, kept.length === 0 ? Infinity : dropped);
      }),
    );
  });

  it('cuts its views before a given fragment number, even when the oldest were dropped', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 3000 }), { maxLength: 60 }), fc.nat(60), fc.integer({ min: -1, max: 61 }), (texts, drops, cut) => {
        const log = new FragmentLog();
        texts.forEach((text, seq) => log.append(text, seq * 2));
        const dropped = Math.min(drops, texts.length);
        for (let i = 0; i < dropped; i++) log.dropOldest();
        const { before, after } = log.viewsAround(cut * 2 - 1);
        const written = (list: string[]) => list.map((text) => `${Buffer.from(text).toString()},`).join('');
        const split = Math.max(dropped, Math.min(cut, texts.length));
        assert.equal(Buffer.concat(before).toString(), written(texts.slice(dropped, split)));
        assert.equal(Buffer.concat(after).toString(), written(texts.slice(split)));
      }),
    );
  });
});
