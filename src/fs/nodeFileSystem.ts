import fs from 'node:fs';
import { writeChunksAtomic, writeChunksAtomicSync } from './atomicWrite.js';
import type { FileSystem } from './FileSystem.js';
import { errorCode } from './writeErrors.js';

/**
 * The real {@link FileSystem}: the chunked atomic replace of `atomicWrite.ts` (temporary file in the same
 * directory, fsync, rename, temporary file removed on failure and on exit) and `node:fs` for the rest.
 */

// File systems that cannot flush a directory say so with these; the rename itself has still happened.
const DIRECTORY_FSYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EISDIR']);

// Windows has no O_NOFOLLOW; creating a symbolic link there takes an administrator or developer mode.
const NO_FOLLOW = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0);

function createExclusiveSync(path: string, data: Uint8Array, mode: number): void {
  const fd = fs.openSync(path, 'wx', mode);
  let written = false;
  try {
    fs.fchmodSync(fd, mode);
    fs.writeFileSync(fd, data);
    written = true;
  } finally {
    fs.closeSync(fd);
    // A half-written file would stand for a claim nobody holds until it grows old.
    if (!written) fs.rmSync(path, { force: true });
  }
}

function ignoreUnsupportedDirectoryFsync(error: unknown): void {
  if (!DIRECTORY_FSYNC_UNSUPPORTED.has(errorCode(error) ?? '')) throw error;
}

async function fsyncDirectory(path: string): Promise<void> {
  // Windows cannot open a directory for flushing; NTFS journals the rename instead.
  if (process.platform === 'win32') return;
  const handle = await fs.promises.open(path, 'r');
  try {
    await handle.sync().catch(ignoreUnsupportedDirectoryFsync);
  } finally {
    await handle.close();
  }
}

function fsyncDirectorySync(path: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(path, 'r');
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    ignoreUnsupportedDirectoryFsync(error);
  } finally {
    fs.closeSync(fd);
  }
}

// Windows flushes only a handle opened for writing; elsewhere a read-only descriptor flushes the file.
const FLUSH_FLAGS = process.platform === 'win32' ? 'r+' : NO_FOLLOW;

function fsyncFileSync(path: string): void {
  const fd = fs.openSync(path, FLUSH_FLAGS);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

async function readHead(path: string, length: number): Promise<Uint8Array> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    let filled = 0;
    // One read may return fewer bytes than asked for without being at the end of the file.
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

async function readFile(path: string): Promise<Uint8Array> {
  const handle = await fs.promises.open(path, NO_FOLLOW);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function readFileSync(path: string): Uint8Array {
  const fd = fs.openSync(path, NO_FOLLOW);
  try {
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The default {@link FileSystem}, on `node:fs`. @internal */
export const nodeFileSystem: FileSystem = {
  writeFileAtomic: writeChunksAtomic,
  writeFileAtomicSync: writeChunksAtomicSync,
  async makeDirectory(path, mode) {
    const firstCreated = await fs.promises.mkdir(path, { recursive: true, mode });
    // mkdir applies the umask; a directory we created gets exactly the configured mode. One that existed
    // belongs to the user and keeps theirs.
    if (firstCreated !== undefined) await fs.promises.chmod(path, mode);
  },
  makeDirectorySync(path, mode) {
    if (fs.mkdirSync(path, { recursive: true, mode }) !== undefined) fs.chmodSync(path, mode);
  },
  fsyncDirectory,
  fsyncDirectorySync,
  fsyncFileSync,
  readdir: (path) => fs.promises.readdir(path),
  stat: (path) => fs.promises.stat(path),
  statSync: (path) => fs.statSync(path),
  readHead,
  readFile,
  readFileSync,
  rename: (from, to) => fs.promises.rename(from, to),
  renameSync: (from, to) => fs.renameSync(from, to),
  unlink: (path) => fs.promises.unlink(path),
  unlinkSync: (path) => fs.unlinkSync(path),
  createExclusiveSync,
  touchSync(path) {
    const now = new Date();
    fs.utimesSync(path, now, now);
  },
};
