import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeAttributes, encodeKeyValue } from '../../src/encoding/anyValue.js';

function officialKeyValue(key: string, value: string): string {
  return JSON.stringify({ key, value: { stringValue: value } });
}

describe('encodeAttributes', () => {
  it('writes each key the same way however many other keys came before it', () => {
    // More distinct keys than are remembered, so that the remembered openings start afresh on the way.
    const keys = Array.from({ length: 10_000 }, (_, i) => `key.${i} "quoted" ✓`);
    const first = encodeAttributes({ [keys[0]!]: 'v' });
    for (const key of keys) assert.equal(encodeAttributes({ [key]: 'v' }), `[${officialKeyValue(key, 'v')}]`);
    assert.equal(encodeAttributes({ [keys[0]!]: 'v' }), first);
  });

  it('writes long keys whole', () => {
    const key = `${'k'.repeat(5000)}\n`;
    assert.equal(encodeAttributes({ [key]: 'a', other: 'b' }), `[${officialKeyValue(key, 'a')},${officialKeyValue('other', 'b')}]`);
    assert.equal(encodeKeyValue(key, 'a'), officialKeyValue(key, 'a'));
  });
});
