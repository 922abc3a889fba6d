import { basename } from 'node:path';
import type { DiscardReason } from './writeErrors.js';

/**
 * The asynchronous writes that have started and not settled, per file key, with the temporary files
 * they created. This is what closes the window between "the guard was checked" and "the rename landed":
 * a crash write removes the temporary files of the writes in flight, so their rename fails with ENOENT
 * instead of replacing the crash record.
 */

/** One asynchronous write in flight. */
export interface InFlightWrite {
  readonly key: string;
  /** The temporary files this write created (a retry creates another). */
  readonly tempFiles: Set<string>;
  /** Set when the write must not land any more. */
  discarded: DiscardReason | undefined;
}

export class InFlightWrites {
  private readonly byKey = new Map<string, Set<InFlightWrite>>();
  private readonly pending = new Set<Promise<unknown>>();
  /** The last write of each key: a write starts only after the one before it settled. */
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `body` as a write of `key`, tracked until its promise settles. Writes of one key run one after
   * the other, in call order, so that the state asked for last is the one that lands last.
   */
  run<T>(key: string, body: (write: InFlightWrite) => Promise<T>): Promise<T> {
    const write: InFlightWrite = { key, tempFiles: new Set(), discarded: undefined };
    let writes = this.byKey.get(key);
    if (writes === undefined) this.byKey.set(key, (writes = new Set()));
    writes.add(write);
    const previous = this.tails.get(key);
    const started = previous === undefined ? body(write) : previous.then(() => body(write));
    const promise = started.finally(() => {
      writes.delete(write);
      if (writes.size === 0 && this.byKey.get(key) === writes) this.byKey.delete(key);
      this.pending.delete(promise);
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    const tail = promise.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    this.pending.add(promise);
    return promise;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /**
   * Marks every write of `key` in flight as discarded and removes their temporary files, synchronously,
   * so that none of them can land after this returns.
   */
  discard(key: string, reason: DiscardReason, unlinkSync: (path: string) => void): void {
    for (const write of this.byKey.get(key) ?? []) {
      write.discarded ??= reason;
      for (const tempFile of write.tempFiles) {
        try {
          unlinkSync(tempFile);
        } catch {
          // Gone already: the write renamed it (and the caller's newer write follows) or removed it.
        }
      }
    }
  }

  /** Base names of the temporary files of all writes in flight. */
  tempFileNames(): Set<string> {
    const names = new Set<string>();
    for (const writes of this.byKey.values()) {
      for (const write of writes) for (const tempFile of write.tempFiles) names.add(basename(tempFile));
    }
    return names;
  }

  /** Resolves when every write in flight now has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
