import type { FileSystem } from '../../src/fs/FileSystem.js';
import { nodeFileSystem } from '../../src/fs/nodeFileSystem.js';

/**
 * The real file system, passed to the exporter through its `fileSystem` seam, noting when an exit write of
 * many sessions moves from its first phase (every record renamed into place) to its second (each placed
 * file flushed): the moment of the first `fsyncFileSync` after {@link PhaseClock.reset}. Nothing of
 * `node:fs` is replaced; every call goes straight through.
 */
export class PhaseClock {
  /** `performance.now()` at the first flush of a placed file since the last reset. */
  firstFlushAt: number | undefined;
  readonly fileSystem: FileSystem;

  constructor() {
    this.fileSystem = {
      ...nodeFileSystem,
      fsyncFileSync: (path) => {
        this.firstFlushAt ??= performance.now();
        nodeFileSystem.fsyncFileSync(path);
      },
    };
  }

  reset(): void {
    this.firstFlushAt = undefined;
  }
}
