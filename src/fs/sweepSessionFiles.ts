import { hostname } from 'node:os';
import { join } from 'node:path';
import type { FileSystem } from './FileSystem.js';
import { isWriterAlive } from './isWriterAlive.js';
import { readSessionHeader } from './readSessionHeader.js';
import { sessionFileKey, sessionKeyOfFileName } from './sessionFileName.js';
import { siblingFileKey } from './storedSession.js';
import { hostTag, parseTemporaryFileName } from './temporaryFileName.js';
import { errorCode } from './writeErrors.js';

/**
 * Retention: keeps the newest `maxFiles` session files of a directory (own files and sibling files
 * alike), not counting the files of sessions this process holds open, and removes the temporary files
 * that killed writers left behind. It must never delete a file
 * someone still writes, so a file beyond the newest `maxFiles` is deleted only when all of these hold:
 * - this process is not writing it and does not hold its session open (`isActiveKey`);
 * - its header parses and names an id whose file this is (other JSON files are not ours to delete);
 * - it is not `running` with a writer process alive on this host (another process's live session);
 * - it has not changed since it was looked at.
 * Only headers are read, and only of the files that are candidates for deletion.
 */

/**
 * Temporary files older than this were left by a killed writer, whoever wrote them. A temporary file whose
 * name names a writer on this host that is gone is abandoned whatever its age.
 */
export const STALE_TEMP_FILE_MS = 10 * 60 * 1000;
// `<key>.json.claim`: which process owns a session's file (SessionClaims.ts).
const CLAIM_FILE = /^(.+\.json)\.claim$/;
const STAT_BATCH = 64;
const SESSION_FILE_START = '{"session":';

export interface TempSweepOptions {
  directory: string;
  fileSystem: FileSystem;
  /** Base names of the temporary files of writes in flight: kept whatever their age. */
  tempFilesInFlight: ReadonlySet<string>;
  /** Wall-clock time, compared with file modification times. @default Date.now() */
  now?: number;
  /** @default os.hostname() */
  host?: string;
  /** Called with the session key of every claim file (`<key>.json.claim`) found. */
  claimFound?(key: string): void;
}

export interface SweepOptions extends TempSweepOptions {
  maxFiles: number;
  /** Whether this process writes the session with that file key or holds it open. */
  isActiveKey(key: string): boolean;
}

export interface SweepResult {
  /** Base names of the session files deleted. */
  removedSessionFiles: string[];
  /** Base names of the stale temporary files deleted. */
  removedTempFiles: string[];
}

interface Entry {
  name: string;
  key: string | undefined;
  mtimeMs: number;
}

async function statAll(fileSystem: FileSystem, directory: string, names: string[]): Promise<Entry[]> {
  const entries: Entry[] = [];
  // In batches: a directory of thousands of files must not open thousands of requests at once (EMFILE).
  for (let i = 0; i < names.length; i += STAT_BATCH) {
    const batch = names.slice(i, i + STAT_BATCH).map(async (name) => {
      try {
        const stat = await fileSystem.stat(join(directory, name));
        if (stat.isFile()) entries.push({ name, key: sessionKeyOfFileName(name) ?? siblingFileKey(name), mtimeMs: stat.mtimeMs });
      } catch {
        // Removed meanwhile: nothing to keep or delete.
      }
    });
    await Promise.all(batch);
  }
  return entries;
}

async function unlinkIfPresent(fileSystem: FileSystem, path: string): Promise<boolean> {
  try {
    await fileSystem.unlink(path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

async function isDeletable(options: SweepOptions, entry: Entry & { key: string }, host: string): Promise<boolean> {
  if (options.isActiveKey(entry.key)) return false;
  const path = join(options.directory, entry.name);
  const header = await readSessionHeader(path, options.fileSystem);
  if (header === undefined || sessionFileKey(header.id) !== entry.key) return false;
  if (header.status === 'running' && isWriterAlive(header.writer, host)) return false;
  // A writer may have replaced the file since it was listed: then it is new, not a candidate.
  const now = await options.fileSystem.stat(path).catch(() => undefined);
  return now !== undefined && now.mtimeMs === entry.mtimeMs;
}

async function isStaleTempFile(options: TempSweepOptions, entry: Entry, now: number, host: string): Promise<boolean> {
  const temporary = parseTemporaryFileName(entry.name);
  if (temporary === undefined || sessionKeyOfFileName(temporary.target) === undefined || options.tempFilesInFlight.has(entry.name)) {
    return false;
  }
  // `backup.json.1` may be someone's file: only an empty start (killed before writing) or the start of a
  // session file proves it is a write of ours that never finished.
  const head = await options.fileSystem.readHead(join(options.directory, entry.name), SESSION_FILE_START.length);
  if (head.byteLength > 0 && Buffer.from(head).toString() !== SESSION_FILE_START) return false;
  if (now - entry.mtimeMs > STALE_TEMP_FILE_MS) return true;
  const writer = temporary.writer;
  return (
    writer !== undefined &&
    writer.hostTag === hostTag(host) &&
    writer.pid !== process.pid &&
    !isWriterAlive({ pid: writer.pid, host }, host)
  );
}

/**
 * Removes the temporary files of this exporter's writes that were abandoned (see {@link STALE_TEMP_FILE_MS}).
 * Rejects only when the directory cannot be listed.
 */
export async function sweepStaleTempFiles(options: TempSweepOptions): Promise<string[]> {
  const entries = await statAll(options.fileSystem, options.directory, await options.fileSystem.readdir(options.directory));
  return removeStaleTempFiles(options, entries);
}

async function removeStaleTempFiles(options: TempSweepOptions, entries: Entry[]): Promise<string[]> {
  const now = options.now ?? Date.now();
  const host = options.host ?? hostname();
  const removed: string[] = [];
  for (const entry of entries) {
    const claimed = CLAIM_FILE.exec(entry.name)?.[1];
    const claimKey = claimed === undefined ? undefined : sessionKeyOfFileName(claimed);
    if (claimKey !== undefined) options.claimFound?.(claimKey);
    const stale = await isStaleTempFile(options, entry, now, host).catch(() => false);
    if (stale && (await unlinkIfPresent(options.fileSystem, join(options.directory, entry.name)))) removed.push(entry.name);
  }
  return removed;
}

/** Runs one retention pass over `options.directory`. Rejects only when the directory cannot be listed. */
export async function sweepSessionFiles(options: SweepOptions): Promise<SweepResult> {
  const { directory, fileSystem } = options;
  const host = options.host ?? hostname();
  const result: SweepResult = { removedSessionFiles: [], removedTempFiles: [] };
  const entries = await statAll(fileSystem, directory, await fileSystem.readdir(directory));

  const sessionFiles = entries
    .filter((entry): entry is Entry & { key: string } => entry.key !== undefined)
    .sort((a, b) => b.mtimeMs - a.mtimeMs || (a.name < b.name ? -1 : 1));
  // This process's open sessions are kept beside `maxFiles` others, however recently they were written:
  // else a write budget that delays an open session's write would let it push an ended one out.
  const others = sessionFiles.filter((entry) => !options.isActiveKey(entry.key));
  for (const entry of others.slice(options.maxFiles)) {
    if ((await isDeletable(options, entry, host)) && (await unlinkIfPresent(fileSystem, join(directory, entry.name)))) {
      result.removedSessionFiles.push(entry.name);
    }
  }
  result.removedTempFiles = await removeStaleTempFiles(options, entries);
  return result;
}
