import fs from 'node:fs';
import { promisify } from 'node:util';
import { onExit } from 'signal-exit';
import type { AtomicWriteOptions } from './FileSystem.js';
import { temporaryFileName } from './temporaryFileName.js';
import { errorCode } from './writeErrors.js';

/**
 * Replaces a file atomically with bytes given as chunks, the way write-file-atomic does it (a temporary
 * file in the same directory, named by temporaryFileName.ts, write, fsync, exact mode, rename; the temporary file is
 * removed on failure and when the process exits mid-write), but writing the chunks where they lie.
 * write-file-atomic takes one buffer: assembling a 50 MB session into one meant a 50 MB copy and a
 * 50 MB allocation per write, whose garbage collections showed up in the application's own spans.
 *
 * `fs` functions are looked up at every call, as write-file-atomic does, so that tests can hold or fail
 * a real `fs.rename` or `fs.writev` in the middle of a write.
 */

const MAX_NAME_TRIES = 3;

async function openTemporary(path: string, mode: number): Promise<{ fd: number; temporary: string }> {
  for (let attempt = 1; ; attempt++) {
    const temporary = temporaryFileName(path);
    try {
      return { fd: await promisify(fs.open)(temporary, 'wx', mode), temporary };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST' || attempt >= MAX_NAME_TRIES) throw error;
    }
  }
}

function openTemporarySync(path: string, mode: number): { fd: number; temporary: string } {
  for (let attempt = 1; ; attempt++) {
    const temporary = temporaryFileName(path);
    try {
      return { fd: fs.openSync(temporary, 'wx', mode), temporary };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST' || attempt >= MAX_NAME_TRIES) throw error;
    }
  }
}

/** Through the callback: `promisify(fs.writev)` would miss a replaced `fs.writev` (a test holding it). */
function writevAt(fd: number, chunks: readonly Uint8Array[], position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.writev(fd, chunks as Uint8Array[], position, (error, bytesWritten) => (error ? reject(error) : resolve(bytesWritten)));
  });
}

// The most buffers one writev takes on Linux (IOV_MAX); a longer list is written in several.
const MAX_CHUNKS_PER_WRITE = 1024;

/** The chunks not yet written once `written` bytes of them are, as views. */
function remainingAfter(chunks: readonly Uint8Array[], written: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  let skip = written;
  for (const chunk of chunks) {
    if (skip >= chunk.byteLength) {
      skip -= chunk.byteLength;
      continue;
    }
    rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  return rest;
}

/**
 * All chunks in as few system calls as possible: one writev per batch. A writev may take fewer bytes
 * than asked for (a full disk on the way, a signal); the rest is written from where it stopped.
 */
async function writeAll(fd: number, chunks: readonly Uint8Array[]): Promise<void> {
  let position = 0;
  let rest = chunks.filter((chunk) => chunk.byteLength > 0);
  while (rest.length > 0) {
    const batch = rest.slice(0, MAX_CHUNKS_PER_WRITE);
    const written = await writevAt(fd, batch, position);
    position += written;
    rest = [...remainingAfter(batch, written), ...rest.slice(batch.length)];
  }
}

function writeAllSync(fd: number, chunks: readonly Uint8Array[]): void {
  let position = 0;
  let rest = chunks.filter((chunk) => chunk.byteLength > 0);
  while (rest.length > 0) {
    const batch = rest.slice(0, MAX_CHUNKS_PER_WRITE);
    const written = fs.writevSync(fd, batch, position);
    position += written;
    rest = [...remainingAfter(batch, written), ...rest.slice(batch.length)];
  }
}

export async function writeChunksAtomic(path: string, chunks: readonly Uint8Array[], options: AtomicWriteOptions): Promise<void> {
  const { fd, temporary } = await openTemporary(path, options.mode);
  const removeOnExit = onExit(() => {
    try {
      fs.unlinkSync(temporary);
    } catch {
      // Renamed already, or never fully created.
    }
  });
  let open = true;
  let renamed = false;
  try {
    options.tmpfileCreated?.(temporary);
    // The mode given to open() passes through the umask; the configured one is meant exactly.
    await promisify(fs.fchmod)(fd, options.mode);
    await writeAll(fd, chunks);
    if (options.fsync) await promisify(fs.fsync)(fd);
    open = false;
    await promisify(fs.close)(fd);
    await promisify(fs.rename)(temporary, path);
    renamed = true;
  } finally {
    if (open) await promisify(fs.close)(fd).catch(() => {});
    if (!renamed) await promisify(fs.unlink)(temporary).catch(() => {});
    removeOnExit();
  }
}

export function writeChunksAtomicSync(path: string, chunks: readonly Uint8Array[], options: AtomicWriteOptions): void {
  const { fd, temporary } = openTemporarySync(path, options.mode);
  let open = true;
  let renamed = false;
  try {
    options.tmpfileCreated?.(temporary);
    fs.fchmodSync(fd, options.mode);
    writeAllSync(fd, chunks);
    if (options.fsync) fs.fsyncSync(fd);
    open = false;
    fs.closeSync(fd);
    fs.renameSync(temporary, path);
    renamed = true;
  } finally {
    if (open) {
      try {
        fs.closeSync(fd);
      } catch {
        // Closing is all that is left to try.
      }
    }
    if (!renamed) {
      try {
        fs.unlinkSync(temporary);
      } catch {
        // Already gone: nothing to clean.
      }
    }
  }
}
