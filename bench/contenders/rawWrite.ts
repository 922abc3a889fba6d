import { closeSync, constants, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';

/** Floors for writing a session file: what the bytes cost with nothing of the exporter around them. */

/**
 * The physical floor: `fs.writeFileSync` of the bytes and `fsync`, no temporary file, no rename. Into a
 * new file, or over an existing one (then the old file's blocks are freed on the way, as a replace does).
 */
export function writeFileDurablySync(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    writeFileSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The floor of one synchronous atomic replace, as the exit hook does it: a new temporary file, fsync, rename. */
export function replaceFileDurablySync(path: string, bytes: Uint8Array): void {
  const temporary = `${path}.tmp`;
  writeFileDurablySync(temporary, bytes);
  renameSync(temporary, path);
}

/** The floor of putting one file in place, as the exit write's first phase does: a new temporary file, write, rename. */
export function placeFileSync(path: string, bytes: Uint8Array): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeFileSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** The floor of the exit write's second phase, per file: reopen the placed file and fsync it. */
export function flushPlacedFileSync(path: string): void {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a directory's entries (the renames in it). */
export function flushDirectorySync(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

let temporaryFiles = 0;

/**
 * The floor of an atomic replace done asynchronously: a new temporary file, one `writev` of the
 * snapshot's own chunks (nothing assembled into one buffer), `fsync`, `close`, `rename` over the old file.
 */
export async function replaceAtomically(path: string, parts: readonly Uint8Array[]): Promise<void> {
  const temporary = `${path}.${process.pid}.${temporaryFiles++}`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    const expected = parts.reduce((total, part) => total + part.byteLength, 0);
    // libuv writes every buffer (in IOV_MAX batches, resuming after short writes) before it resolves.
    const { bytesWritten } = await handle.writev(parts as Uint8Array[]);
    if (bytesWritten !== expected) throw new Error(`writev wrote ${bytesWritten} of ${expected} bytes`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}
