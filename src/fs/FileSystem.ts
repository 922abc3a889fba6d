/**
 * The file operations the exporter needs, and nothing more. The exporter never calls `node:fs` itself:
 * tests replace this seam to inject faults (ENOSPC, EIO, EACCES, EMFILE, slowness) that the real file
 * system cannot be made to produce on demand, above all when tests run as root.
 *
 * @internal
 */

/** How {@link FileSystem.writeFileAtomic} writes. */
export interface AtomicWriteOptions {
  /** Permission bits of the written file, applied exactly (not through the umask). */
  mode: number;
  /** Flush the temporary file to disk before it replaces the old one. */
  fsync: boolean;
  /**
   * Called with the temporary file's path as soon as it exists, before any data is written. Throwing
   * aborts the write; the temporary file is then removed and the old file stays.
   */
  tmpfileCreated?: (tmpfile: string) => void;
}

/** The part of `fs.Stats` the exporter reads. */
export interface FileStat {
  mtimeMs: number;
  isFile(): boolean;
}

/** @internal */
export interface FileSystem {
  /**
   * Replaces `path` with the concatenated chunks of `data` atomically: temporary file `<path>.<pid>.<host tag>.<digits>` in the same directory, write,
   * optional fsync, rename. A failed write leaves the old file as it was and removes the temporary file.
   */
  writeFileAtomic(path: string, data: readonly Uint8Array[], options: AtomicWriteOptions): Promise<void>;
  /** {@link FileSystem.writeFileAtomic}, synchronously. */
  writeFileAtomicSync(path: string, data: readonly Uint8Array[], options: AtomicWriteOptions): void;
  /**
   * Creates `path` and its missing parents. A directory created here gets exactly `mode`; an existing one
   * is left as it is.
   */
  makeDirectory(path: string, mode: number): Promise<void>;
  /** {@link FileSystem.makeDirectory}, synchronously. */
  makeDirectorySync(path: string, mode: number): void;
  /** Flushes a directory's entries (a rename in it) to disk; a no-op where the platform cannot. */
  fsyncDirectory(path: string): Promise<void>;
  /** {@link FileSystem.fsyncDirectory}, synchronously. */
  fsyncDirectorySync(path: string): void;
  /**
   * Flushes a file already in place to disk, opened by path without following a symbolic link: the second
   * phase of the exit write, which renames every crash record into place before it flushes any.
   */
  fsyncFileSync(path: string): void;
  /** The names in a directory. */
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<FileStat>;
  /** {@link FileSystem.stat}, synchronously. */
  statSync(path: string): FileStat;
  /** Reads at most `length` bytes from the start of a file; fewer when the file is shorter. */
  readHead(path: string, length: number): Promise<Uint8Array>;
  /**
   * The whole content of a file. Never follows a symbolic link at `path` (ELOOP where the platform can
   * tell): a link there may point anywhere, and what it points to is not ours to read.
   */
  readFile(path: string): Promise<Uint8Array>;
  /** {@link FileSystem.readFile}, synchronously. */
  readFileSync(path: string): Uint8Array;
  /** Moves a file within one file system (used to move a corrupt file aside, never to delete it). */
  rename(from: string, to: string): Promise<void>;
  /** {@link FileSystem.rename}, synchronously. */
  renameSync(from: string, to: string): void;
  unlink(path: string): Promise<void>;
  unlinkSync(path: string): void;
  /** Creates `path` with `data` and exactly `mode`; fails with EEXIST when anything is there already. */
  createExclusiveSync(path: string, data: Uint8Array, mode: number): void;
  /** Sets a file's modification time to now. */
  touchSync(path: string): void;
}
