import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sessionFileChunks } from '../../src/fs/sessionFileChunks.js';
import { headerOf } from '../helpers/sessionSnapshot.js';

describe('sessionFileChunks', () => {
  it('lays out the header first, then the spans, then the closing brace and a newline (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), fc.string(), (chunks, title) => {
        const snapshot = { header: headerOf('ses_1', { title }), resourceSpans: chunks };
        const expected = Buffer.concat([
          Buffer.from(`{"session":${JSON.stringify(snapshot.header)},"resourceSpans":`),
          ...chunks,
          Buffer.from('}\n'),
        ]);
        assert.deepEqual(Buffer.concat(sessionFileChunks(snapshot)), expected);
      }),
      { numRuns: 300 },
    );
  });

  it('hands out the snapshot chunks themselves, not copies', () => {
    const spans = Buffer.from('[]');
    const chunks = sessionFileChunks({ header: headerOf('ses_1'), resourceSpans: [spans] });
    assert.equal(chunks[1], spans);
  });
});
