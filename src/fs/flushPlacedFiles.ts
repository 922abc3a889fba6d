import type { FileSystem } from './FileSystem.js';
import { errorCode } from './writeErrors.js';

/**
 * The second phase of the exit write: "in place first, durable next". The exit hook of many sessions
 * first renames every crash record into place (temporary file, write, rename; no fsync), then flushes
 * every file it placed and the directory once, here.
 *
 * Why this order: what a stopping process must not lose is the crash record, and the page cache outlives
 * the process. Once a record is renamed into `<id>.json`, SIGKILL (a container's grace period running
 * out), an OOM kill or a second signal cannot take it away; only a power loss or a kernel crash can, and
 * only between the two phases. Flushing each file before its rename, as the asynchronous writes do, made
 * every record wait for the disk before the next one started: with a thousand sessions, the last record
 * came seconds later, and a kill in between lost all that were still to come. On ext4 the window is smaller
 * than it looks: a rename over an existing file (auto_da_alloc) starts writing the new file's data at the
 * rename, and in the default data=ordered mode the journal commit that carries the rename writes that data
 * first, so a power loss between the phases leaves the old state or the new one, not an empty file. Other
 * file systems may leave an empty file there (docs/guarantees.md).
 *
 * Files are reopened by path (without following a link) rather than kept open from phase one: measured on
 * ext4, the reopen costs the same as flushing a kept descriptor, and phase one then holds no descriptor
 * beyond the one it writes, however many sessions there are. Never throws.
 */

/** A file placed in phase one that could not be flushed. */
export interface FlushFailure {
  path: string;
  error: unknown;
}

export interface PlacedFiles {
  fileSystem: FileSystem;
  /** The directory that holds every placed file. */
  directory: string;
  paths: readonly string[];
  /** Flush each file (the exporter's `fsync` option). */
  files: boolean;
  /** Flush the directory once, so that the renames themselves survive a power loss. */
  directoryToo: boolean;
}

/** Flushes what phase one placed; returns what could not be flushed (the files stay in place all the same). */
export function flushPlacedFilesSync({ fileSystem, directory, paths, files, directoryToo }: PlacedFiles): FlushFailure[] {
  const failures: FlushFailure[] = [];
  if (paths.length === 0) return failures;
  if (files) {
    for (const path of paths) {
      try {
        fileSystem.fsyncFileSync(path);
      } catch (error) {
        // Gone since phase one (another process's retention removed it): nothing of ours left to flush.
        if (errorCode(error) !== 'ENOENT') failures.push({ path, error });
      }
    }
  }
  if (directoryToo) {
    try {
      fileSystem.fsyncDirectorySync(directory);
    } catch (error) {
      failures.push({ path: directory, error });
    }
  }
  return failures;
}
