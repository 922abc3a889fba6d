import type { AtomicWriteOptions, FileStat, FileSystem } from '../../src/fs/FileSystem.js';
import { nodeFileSystem } from '../../src/fs/nodeFileSystem.js';

/**
 * A {@link FileSystem} that forwards to a real one and fails chosen operations with a chosen error code,
 * the way Node reports system errors. Tests run as root, where permission bits never fail a write: this
 * is how ENOSPC, EIO, EACCES, EPERM, EMFILE and EAGAIN are produced. It also logs every call.
 */

export type FsOperation = keyof FileSystem;

interface Fault {
  code: string;
  /** Calls left to fail; Infinity for "until healed". */
  remaining: number;
}

/** An error shaped like the ones `node:fs` throws. */
export function systemError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected fault, ${syscall} '${path}'`), { code, syscall, path });
}

export class FailingFs implements FileSystem {
  /** Every call, in order: operation and path. */
  readonly calls: Array<{ operation: FsOperation; path: string }> = [];
  private readonly faults = new Map<FsOperation, Fault>();

  constructor(private readonly inner: FileSystem = nodeFileSystem) {}

  /** Makes the next `times` calls of `operation` fail with `code`. */
  failNext(operation: FsOperation, code: string, times = 1): this {
    this.faults.set(operation, { code, remaining: times });
    return this;
  }

  /** Makes every call of `operation` fail with `code` until {@link heal}. */
  failAlways(operation: FsOperation, code: string): this {
    return this.failNext(operation, code, Number.POSITIVE_INFINITY);
  }

  heal(): void {
    this.faults.clear();
  }

  /** How many times `operation` was called. */
  count(operation: FsOperation): number {
    return this.calls.filter((call) => call.operation === operation).length;
  }

  writeFileAtomic(path: string, data: readonly Uint8Array[], options: AtomicWriteOptions): Promise<void> {
    return this.callAsync('writeFileAtomic', path, () => this.inner.writeFileAtomic(path, data, options));
  }
  writeFileAtomicSync(path: string, data: readonly Uint8Array[], options: AtomicWriteOptions): void {
    this.callSync('writeFileAtomicSync', path, () => this.inner.writeFileAtomicSync(path, data, options));
  }
  makeDirectory(path: string, mode: number): Promise<void> {
    return this.callAsync('makeDirectory', path, () => this.inner.makeDirectory(path, mode));
  }
  makeDirectorySync(path: string, mode: number): void {
    this.callSync('makeDirectorySync', path, () => this.inner.makeDirectorySync(path, mode));
  }
  fsyncDirectory(path: string): Promise<void> {
    return this.callAsync('fsyncDirectory', path, () => this.inner.fsyncDirectory(path));
  }
  fsyncDirectorySync(path: string): void {
    this.callSync('fsyncDirectorySync', path, () => this.inner.fsyncDirectorySync(path));
  }
  fsyncFileSync(path: string): void {
    this.callSync('fsyncFileSync', path, () => this.inner.fsyncFileSync(path));
  }
  readdir(path: string): Promise<string[]> {
    return this.callAsync('readdir', path, () => this.inner.readdir(path));
  }
  stat(path: string): Promise<FileStat> {
    return this.callAsync('stat', path, () => this.inner.stat(path));
  }
  statSync(path: string): FileStat {
    return this.callSync('statSync', path, () => this.inner.statSync(path));
  }
  readHead(path: string, length: number): Promise<Uint8Array> {
    return this.callAsync('readHead', path, () => this.inner.readHead(path, length));
  }
  readFile(path: string): Promise<Uint8Array> {
    return this.callAsync('readFile', path, () => this.inner.readFile(path));
  }
  readFileSync(path: string): Uint8Array {
    return this.callSync('readFileSync', path, () => this.inner.readFileSync(path));
  }
  rename(from: string, to: string): Promise<void> {
    return this.callAsync('rename', from, () => this.inner.rename(from, to));
  }
  renameSync(from: string, to: string): void {
    this.callSync('renameSync', from, () => this.inner.renameSync(from, to));
  }
  unlink(path: string): Promise<void> {
    return this.callAsync('unlink', path, () => this.inner.unlink(path));
  }
  unlinkSync(path: string): void {
    this.callSync('unlinkSync', path, () => this.inner.unlinkSync(path));
  }

  createExclusiveSync(path: string, data: Uint8Array, mode: number): void {
    this.callSync('createExclusiveSync', path, () => this.inner.createExclusiveSync(path, data, mode));
  }
  touchSync(path: string): void {
    this.callSync('touchSync', path, () => this.inner.touchSync(path));
  }

  private fault(operation: FsOperation, path: string): NodeJS.ErrnoException | undefined {
    this.calls.push({ operation, path });
    const fault = this.faults.get(operation);
    if (fault === undefined || fault.remaining <= 0) return undefined;
    fault.remaining--;
    return systemError(fault.code, operation, path);
  }

  private async callAsync<T>(operation: FsOperation, path: string, call: () => Promise<T>): Promise<T> {
    const error = this.fault(operation, path);
    if (error !== undefined) throw error;
    return call();
  }

  private callSync<T>(operation: FsOperation, path: string, call: () => T): T {
    const error = this.fault(operation, path);
    if (error !== undefined) throw error;
    return call();
  }
}
