import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { COPY_SLICE_BYTES, sessionFileBytes, sessionFileBytesSync } from '../../src/fs/sessionFileBytes.js';
import type { SessionSnapshot } from '../../src/session/SessionSnapshot.js';
import { headerOf } from '../helpers/sessionSnapshot.js';

function expectedBytes(snapshot: SessionSnapshot): Buffer {
  return Buffer.concat([
    Buffer.from(`{"session":${JSON.stringify(snapshot.header)},"resourceSpans":`),
    ...snapshot.resourceSpans,
    Buffer.from('}\n'),
  ]);
}

describe('sessionFileBytes', () => {
  it('lays out header, spans and newline the same way synchronously and asynchronously (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), fc.string(), async (chunks, title) => {
        const snapshot = { header: headerOf('ses_1', { title }), resourceSpans: chunks };
        const expected = expectedBytes(snapshot);
        assert.deepEqual(await sessionFileBytes(snapshot), expected);
        assert.deepEqual(sessionFileBytesSync(snapshot), expected);
      }),
      { numRuns: 300 },
    );
  });

  it('copies chunks larger than a slice and chunks that straddle slices correctly', async () => {
    const big = Buffer.alloc(COPY_SLICE_BYTES * 2 + 123);
    for (let i = 0; i < big.length; i++) big[i] = i % 251;
    const snapshot = { header: headerOf('ses_1'), resourceSpans: [Buffer.alloc(COPY_SLICE_BYTES - 7, 1), big, Buffer.from([9])] };

    assert.ok((await sessionFileBytes(snapshot)).equals(expectedBytes(snapshot)));
  });

  it('lets the event loop run between slices', async () => {
    const snapshot = { header: headerOf('ses_1'), resourceSpans: Array.from({ length: 20 }, () => Buffer.alloc(1024 * 1024)) };
    let turns = 0;
    let counting = true;
    const count = (): void => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);

    await sessionFileBytes(snapshot);
    counting = false;

    assert.ok(turns >= Math.floor((20 * 1024 * 1024) / COPY_SLICE_BYTES) - 1, `only ${turns} turns of the event loop`);
  });
});
