import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionHeader } from 'otel-session-file';
import { CliError } from '../CliError.js';
import { readHeader } from './readHeader.js';

/**
 * The session files of a directory with their headers. Only `*.json` files directly in the directory
 * count (the writer's temporary files end in `.json.<n>`); a file that cannot be read or is not a session
 * file is listed with the reason, never fatal. Headers are read a few at a time, so a directory with
 * thousands of files neither runs out of file descriptors nor waits on one file after another.
 */

export interface ScannedFile {
  path: string;
  /** The file's name inside the directory. */
  name: string;
  size: number;
  modifiedMs: number;
  header?: SessionHeader;
  /** Why the file has no header. */
  problem?: string;
}

const CONCURRENT_READS = 32;

async function scanFile(dir: string, name: string): Promise<ScannedFile | undefined> {
  const path = join(dir, name);
  let size: number;
  let modifiedMs: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) return undefined;
    size = stats.size;
    modifiedMs = stats.mtimeMs;
  } catch {
    // Deleted between readdir and stat: retention or a rename got there first.
    return undefined;
  }
  const read = await readHeader(path);
  return read.header ? { path, name, size, modifiedMs, header: read.header } : { path, name, size, modifiedMs, problem: read.problem };
}

export async function scanSessions(dir: string): Promise<ScannedFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => !entry.isDirectory() && entry.name.endsWith('.json') && !entry.name.startsWith('.'))
      .map((entry) => entry.name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`directory ${dir} does not exist`);
    if (code === 'ENOTDIR') throw new CliError(`${dir} is not a directory`);
    throw new CliError(`cannot read directory ${dir}: ${(error as Error).message}`);
  }
  const found: ScannedFile[] = [];
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const file = await scanFile(dir, names[next++]!);
      if (file) found.push(file);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, names.length) }, worker));
  return found;
}

/** When a file's state was written: the header's `updateTime`, else the file's modification time. */
export function updatedMs(file: ScannedFile): number {
  const time = file.header ? Date.parse(file.header.updateTime) : NaN;
  return Number.isFinite(time) ? time : file.modifiedMs;
}

/** Newest first, then by name so that the order is stable. */
export function newestFirst(a: ScannedFile, b: ScannedFile): number {
  return updatedMs(b) - updatedMs(a) || a.name.localeCompare(b.name);
}
