import { readPreviousSession, type PreviousSession } from '../session/previousFile.js';
import { currentWriter, isSameWriter } from '../session/writer.js';
import type { SessionWriter } from '../session/SessionHeader.js';
import { isWriterAlive } from './isWriterAlive.js';
import { SESSION_FILE_EXTENSION, sessionKeyOfFileName } from './sessionFileName.js';

/**
 * What to do with the file found at a session's path when this process starts writing the session:
 * continue it, leave it to the live process that is writing it, or move it aside because it is not a
 * file of this session (corrupt, foreign, or another id's). Deciding is pure; the exporter does the I/O.
 */
export type StoredSessionVerdict =
  | { kind: 'absent' }
  | { kind: 'resume'; previous: PreviousSession }
  | { kind: 'liveWriter'; writer: SessionWriter }
  | { kind: 'unusable'; reason: string };

export function judgeStoredSession(bytes: Uint8Array, sessionId: string): StoredSessionVerdict {
  let previous: PreviousSession;
  try {
    previous = readPreviousSession(JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')));
  } catch (error) {
    return { kind: 'unusable', reason: error instanceof Error ? error.message : String(error) };
  }
  const { header } = previous;
  if (header.id !== sessionId) return { kind: 'unusable', reason: `it holds session ${JSON.stringify(header.id)}` };
  const writer = header.writer;
  if (header.status === 'running' && writer && !isCurrentProcess(writer) && isWriterAlive(writer)) {
    return { kind: 'liveWriter', writer };
  }
  return { kind: 'resume', previous };
}

function isCurrentProcess(writer: SessionWriter): boolean {
  return isSameWriter(writer, currentWriter());
}

/** A name beside `key`'s file that no session file can have: session keys never contain `~corrupt-`. */
export function asideFileName(key: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${key}~corrupt-${stamp}-${process.pid}.json`;
}

/** The file a second live writer uses instead of the one another process is writing. */
export function siblingFileName(key: string, pid = process.pid): string {
  return `${key}~pid${pid}.json`;
}

const SIBLING_FILE = /^(.+)~pid\d{1,10}\.json$/;

/** The file key of the session whose sibling file `name` is (see {@link siblingFileName}), or `undefined`. */
export function siblingFileKey(name: string): string | undefined {
  const base = SIBLING_FILE.exec(name)?.[1];
  return base === undefined ? undefined : sessionKeyOfFileName(base + SESSION_FILE_EXTENSION);
}
