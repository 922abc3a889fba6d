import { createHash } from 'node:crypto';

/**
 * Maps a session id to the name of its file. Names are sanitized (no path separators, no hidden or
 * reserved names, far below 255 bytes even with the `.<digits>` suffix of a temporary file) and
 * collision-free: plain ids stay readable as `<id>.json`; every other id becomes
 * `<readable part>~<hash>.json`. A kept id never contains `~`, so a changed id can never collide with a
 * kept one, and changed ids are told apart by the hash of the raw id.
 */

const PLAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
// Windows refuses these names, also with any extension (`CON.txt`, `nul.tar.gz`).
const RESERVED_DEVICE_NAME = /^(?:CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(?:\.|$)/i;
const REPLACED_CHARACTER = /[^A-Za-z0-9._-]/gu;
// With the `u` flag this matches only surrogates that are not part of a pair.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const READABLE_LENGTH = 64;
const HASH_HEX_LENGTH = 32;
// A byte that never occurs in UTF-8, so the two hash inputs below can never be equal.
const NOT_UTF8_MARKER = Buffer.from([0xff]);

/** The extension of every session file. */
export const SESSION_FILE_EXTENSION = '.json';

/** Matches any key {@link sessionFileKey} can return. */
const SESSION_FILE_KEY = new RegExp(`^[A-Za-z0-9._-]{1,128}(?:~[0-9a-f]{${HASH_HEX_LENGTH}})?$`);

function isCaseInsensitive(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

function keepsId(id: string, platform: NodeJS.Platform): boolean {
  return (
    PLAIN_ID.test(id) &&
    !id.includes('..') &&
    !id.endsWith('.') &&
    !RESERVED_DEVICE_NAME.test(id) &&
    // Ids differing only in case would share one file on a case-insensitive file system.
    !(isCaseInsensitive(platform) && /[A-Z]/.test(id))
  );
}

function idHash(id: string): string {
  // UTF-8 maps every lone surrogate to U+FFFD, which would merge distinct ids; those ids hash their
  // UTF-16 code units instead, behind a marker that keeps the two inputs apart.
  const bytes = LONE_SURROGATE.test(id)
    ? Buffer.concat([NOT_UTF8_MARKER, Buffer.from(id, 'utf16le')])
    : Buffer.from(id, 'utf8');
  return createHash('sha256').update(bytes).digest('hex').slice(0, HASH_HEX_LENGTH);
}

function readablePart(id: string): string {
  let part = id.replace(REPLACED_CHARACTER, '_').replace(/^\.+/, '').slice(0, READABLE_LENGTH);
  if (RESERVED_DEVICE_NAME.test(part)) part = `_${part}`.slice(0, READABLE_LENGTH);
  return part === '' ? '_' : part;
}

/**
 * The key of a session: its file name without `.json`. The exporter also keys its crash guards by it,
 * so that two ids sharing a file share a guard.
 *
 * @param platform - decides whether case matters; tests pass it to check the other platforms' names.
 */
export function sessionFileKey(sessionId: string, platform: NodeJS.Platform = process.platform): string {
  if (keepsId(sessionId, platform)) return sessionId;
  return `${readablePart(sessionId)}~${idHash(sessionId)}`;
}

/** The file name of a session: `<key>.json`. */
export function sessionFileName(sessionId: string, platform: NodeJS.Platform = process.platform): string {
  return sessionFileKey(sessionId, platform) + SESSION_FILE_EXTENSION;
}

/**
 * The key of a file name that {@link sessionFileName} could have produced, or `undefined`. Only the shape
 * is checked: whether the file belongs to that key is known from the id in its header.
 */
export function sessionKeyOfFileName(fileName: string): string | undefined {
  if (!fileName.endsWith(SESSION_FILE_EXTENSION)) return undefined;
  const key = fileName.slice(0, -SESSION_FILE_EXTENSION.length);
  return SESSION_FILE_KEY.test(key) && !key.startsWith('.') ? key : undefined;
}
