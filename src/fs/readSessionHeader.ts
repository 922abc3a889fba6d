import type { SessionHeader } from '../session/SessionHeader.js';
import type { FileSystem } from './FileSystem.js';
import { nodeFileSystem } from './nodeFileSystem.js';

/**
 * Reads a session file's header without reading its spans. A session file starts with
 * `{"session":{…},"resourceSpans":[`; the header ends at the first `},"resourceSpans":[`. That cut is
 * safe: a JSON string cannot contain a raw `"`, and no object inside the header has a `resourceSpans`
 * key after an object value. Files that do not have that shape (reformatted by hand, say) are parsed
 * whole when they are small enough to have been read whole.
 */

/** Bytes read first: headers are a few kilobytes. */
export const HEADER_READ_BYTES = 64 * 1024;
// A header with a long error stack or many segments can outgrow the first read; beyond this, give up.
const MAX_HEADER_READ_BYTES = 1024 * 1024;
const HEADER_END = '},"resourceSpans":[';

function asSessionHeader(value: unknown): SessionHeader | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const header = (value as { session?: unknown }).session;
  if (typeof header !== 'object' || header === null) return undefined;
  const { formatVersion, id, status } = header as Partial<Record<keyof SessionHeader, unknown>>;
  return formatVersion === 1 && typeof id === 'string' && typeof status === 'string'
    ? (header as SessionHeader)
    : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The header in the first bytes of a session file, or `undefined` when they do not hold one.
 *
 * @param head - the first bytes of the file.
 * @param wholeFile - whether `head` is the whole file, so that it may be parsed whole as a last resort.
 */
export function parseSessionHeader(head: Uint8Array, wholeFile: boolean): SessionHeader | undefined {
  // A character cut at the end of `head` decodes to U+FFFD, which lies after the cut we look for.
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8');
  const cut = headerOnlyText(text);
  if (cut !== undefined) {
    const header = asSessionHeader(parseJson(cut));
    if (header !== undefined) return header;
  }
  return wholeFile ? asSessionHeader(parseJson(text)) : undefined;
}

/**
 * The start of a session file's text cut after its header and closed as `{"session":{…},"resourceSpans":[]}`,
 * or `undefined` when the text does not start with a header in the writer's layout. Readers use it to list
 * large session files without parsing their spans.
 *
 * @param text - the first bytes of a session file, decoded as UTF-8 (a character cut at the end is harmless).
 * @example
 * ```ts
 * const cut = headerOnlyText(firstKilobytes);
 * const header = cut === undefined ? undefined : (JSON.parse(cut) as { session: SessionHeader }).session;
 * ```
 */
export function headerOnlyText(text: string): string | undefined {
  const end = text.startsWith('{"session":') ? text.indexOf(HEADER_END) : -1;
  return end === -1 ? undefined : `${text.slice(0, end + 1)},"resourceSpans":[]}`;
}

/**
 * The header of the session file at `path`, reading only its first bytes; `undefined` when the file
 * cannot be read or is not a session file. Never throws.
 */
export async function readSessionHeader(
  path: string,
  fileSystem: FileSystem = nodeFileSystem,
): Promise<SessionHeader | undefined> {
  try {
    const head = await fileSystem.readHead(path, HEADER_READ_BYTES);
    const wholeFile = head.byteLength < HEADER_READ_BYTES;
    const header = parseSessionHeader(head, wholeFile);
    if (header !== undefined || wholeFile) return header;
    const longer = await fileSystem.readHead(path, MAX_HEADER_READ_BYTES);
    return parseSessionHeader(longer, longer.byteLength < MAX_HEADER_READ_BYTES);
  } catch {
    return undefined;
  }
}
