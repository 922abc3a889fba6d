import type { SessionSnapshot } from '../session/SessionSnapshot.js';

/**
 * The bytes of a session file, as chunks to write in order: `{"session":<header>,"resourceSpans":`,
 * the snapshot's own span chunks, and `}` with a newline. The header comes first so that tools can read
 * it from the first kilobytes. Nothing is copied: a session can reach tens of megabytes.
 */

const TAIL = Buffer.from('}\n');

export function sessionFileChunks(snapshot: SessionSnapshot): Uint8Array[] {
  const head = Buffer.from(`{"session":${JSON.stringify(snapshot.header)},"resourceSpans":`);
  return [head, ...snapshot.resourceSpans, TAIL];
}
