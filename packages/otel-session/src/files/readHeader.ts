import { open, readFile } from 'node:fs/promises';
import { headerOnlyText } from 'otel-session-file';
import type { SessionHeader } from 'otel-session-file';
import { sessionFileProblem } from './loadSessionFile.js';

/**
 * A session file's header without its spans, so that listing a directory of large files stays fast.
 * The writer puts `{"session":{…},"resourceSpans":[` first, and the header ends at the first
 * `},"resourceSpans":[`: that text cannot occur inside the header (a JSON string holds no raw `"`, and no
 * object in the header has a `resourceSpans` key). A file of another shape (reformatted by hand, say) is
 * parsed whole. The cut is the library's (`headerOnlyText`); unlike the library's reader, which returns
 * nothing for a bad file, this one says why, since listing needs the reason and must never throw.
 */

export const HEADER_READ_BYTES = 64 * 1024;

export type HeaderRead = { header: SessionHeader; problem?: undefined } | { header?: undefined; problem: string };

function fromValue(value: unknown): HeaderRead {
  const problem = sessionFileProblem(value);
  return problem === undefined ? { header: (value as { session: SessionHeader }).session } : { problem };
}

function fromHead(text: string): HeaderRead | undefined {
  // `resourceSpans` as an empty array keeps the shape check of a whole file.
  const cut = headerOnlyText(text);
  if (cut === undefined) return undefined;
  try {
    return fromValue(JSON.parse(cut));
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'unreadable: permission denied';
  return `unreadable: ${(error as Error).message}`;
}

/** The header of the file at `path`, or why there is none. Never throws. */
export async function readHeader(path: string): Promise<HeaderRead> {
  try {
    const handle = await open(path, 'r');
    let head: Buffer;
    try {
      const buffer = Buffer.alloc(HEADER_READ_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEADER_READ_BYTES, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
    // A character cut at the end of `head` decodes to U+FFFD, after the cut we look for.
    const fast = fromHead(head.toString('utf8'));
    if (fast !== undefined) return fast;
    const text = head.byteLength < HEADER_READ_BYTES ? head.toString('utf8') : await readFile(path, 'utf8');
    if (text.trim() === '') return { problem: 'empty file' };
    try {
      return fromValue(JSON.parse(text));
    } catch (error) {
      return { problem: `not valid JSON: ${(error as Error).message}` };
    }
  } catch (error) {
    return { problem: describe(error) };
  }
}
