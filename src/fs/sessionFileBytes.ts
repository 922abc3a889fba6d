import type { SessionSnapshot } from '../session/SessionSnapshot.js';
import { yieldToEventLoop } from '../session/yieldToEventLoop.js';

/**
 * The bytes of a session file: `{"session":<header>,"resourceSpans":<spans>}` and a newline, in one
 * buffer (write-file-atomic takes one data argument). The header comes first so that tools can read it
 * from the first kilobytes. A session can reach tens of megabytes, so the asynchronous version copies in
 * slices and lets the event loop run between them.
 */

/** Bytes copied between two turns of the event loop. */
export const COPY_SLICE_BYTES = 4 * 1024 * 1024;

const TAIL = Buffer.from('}\n');

interface Layout {
  buffer: Buffer;
  head: Buffer;
}

function layout(snapshot: SessionSnapshot): Layout {
  const head = Buffer.from(`{"session":${JSON.stringify(snapshot.header)},"resourceSpans":`);
  let total = head.length + TAIL.length;
  for (const chunk of snapshot.resourceSpans) total += chunk.byteLength;
  // Every byte is overwritten below, so the buffer need not be zeroed first.
  return { buffer: Buffer.allocUnsafe(total), head };
}

/** The file's bytes, assembled without holding the event loop for more than one slice. */
export async function sessionFileBytes(snapshot: SessionSnapshot): Promise<Buffer> {
  const { buffer, head } = layout(snapshot);
  let offset = head.copy(buffer, 0);
  let sinceYield = 0;
  for (const chunk of snapshot.resourceSpans) {
    for (let start = 0; start < chunk.byteLength; ) {
      const end = Math.min(chunk.byteLength, start + COPY_SLICE_BYTES - sinceYield);
      buffer.set(chunk.subarray(start, end), offset);
      offset += end - start;
      sinceYield += end - start;
      start = end;
      if (sinceYield >= COPY_SLICE_BYTES) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
  }
  TAIL.copy(buffer, offset);
  return buffer;
}

/** The file's bytes in one go, for the synchronous exit path where nothing else may run anyway. */
export function sessionFileBytesSync(snapshot: SessionSnapshot): Buffer {
  const { buffer, head } = layout(snapshot);
  let offset = head.copy(buffer, 0);
  for (const chunk of snapshot.resourceSpans) {
    buffer.set(chunk, offset);
    offset += chunk.byteLength;
  }
  TAIL.copy(buffer, offset);
  return buffer;
}
