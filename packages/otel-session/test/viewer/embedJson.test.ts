import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { embedJson, escapeHtml } from '../../src/viewer/embedJson.js';

// Strings rich in what breaks out of a script element.
const hostile = fc.array(fc.constantFrom('</script', '</SCRIPT>', '<!--', '-->', '<', '>', '\u2028', '\u2029', '"', '\\', 'a', 'é', '😀', '&')).map((parts) => parts.join(''));
const values = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, hostile, fc.string(), fc.integer(), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(hostile, tie('value'), { maxKeys: 4 })),
})).value;

describe('embedJson', () => {
  it('leaves nothing that ends a script element or a line, and parses back to the same value', () => {
    fc.assert(
      fc.property(values, (value) => {
        const json = JSON.stringify(value);
        const embedded = embedJson(json);
        assert.doesNotMatch(embedded, /<\/script|<!--|[\u2028\u2029]/i);
        assert.deepEqual(JSON.parse(embedded), JSON.parse(json));
      }),
    );
  });
});

describe('escapeHtml', () => {
  it('leaves no character that starts markup or ends an attribute', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        assert.doesNotMatch(escapeHtml(text), /[<>"']/);
      }),
    );
  });
});
