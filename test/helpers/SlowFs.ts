import type { AtomicWriteOptions, FileStat, FileSystem } from '../../src/fs/FileSystem.js';
import { nodeFileSystem } from '../../src/fs/nodeFileSystem.js';

/**
 * A {@link FileSystem} whose every asynchronous call waits `delayMs` before it reaches the real one, so
 * that many writes are in flight at once. Synchronous calls cannot wait and pass straight through.
 */
export class SlowFs implements FileSystem {
  constructor(
    private readonly delayMs: number,
    private readonly inner: FileSystem = nodeFileSystem,
  ) {}

  writeFileAtomic(path: string, data: readonly Uint8Array[], options: AtomicWriteOptions): Promise<void> {
    return this.later(() => this.inner.writeFileAtomic(path, data, options));
  }
  writeFileAtomicSync(path: string, data: readonly Uint8Array[], options: AtomicWriteOptions): void {
    this.inner.writeFileAtomicSync(path, data, options);
  }
  makeDirectory(path: string, mode: number): Promise<void> {
    return this.later(() => this.inner.makeDirectory(path, mode));
  }
  makeDirectorySync(path: string, mode: number): void {
    this.inner.makeDirectorySync(path, mode);
  }
  fsyncDirectory(path: string): Promise<void> {
    return this.later(() => this.inner.fsyncDirectory(path));
  }
  fsyncDirectorySync(path: string): void {
    this.inner.fsyncDirectorySync(path);
  }
  fsyncFileSync(path: string): void {
    this.inner.fsyncFileSync(path);
  }
  readdir(path: string): Promise<string[]> {
    return this.later(() => this.inner.readdir(path));
  }
  stat(path: string): Promise<FileStat> {
    return this.later(() => this.inner.stat(path));
  }
  readHead(path: string, length: number): Promise<Uint8Array> {
    return this.later(() => this.inner.readHead(path, length));
  }
  unlink(path: string): Promise<void> {
    return this.later(() => this.inner.unlink(path));
  }
  readFile(path: string): Promise<Uint8Array> {
    return this.later(() => this.inner.readFile(path));
  }
  readFileSync(path: string): Uint8Array {
    return this.inner.readFileSync(path);
  }
  rename(from: string, to: string): Promise<void> {
    return this.later(() => this.inner.rename(from, to));
  }
  renameSync(from: string, to: string): void {
    this.inner.renameSync(from, to);
  }
  unlinkSync(path: string): void {
    this.inner.unlinkSync(path);
  }
  statSync(path: string): FileStat {
    return this.inner.statSync(path);
  }
  createExclusiveSync(path: string, data: Uint8Array, mode: number): void {
    this.inner.createExclusiveSync(path, data, mode);
  }
  touchSync(path: string): void {
    this.inner.touchSync(path);
  }

  private async later<T>(call: () => Promise<T>): Promise<T> {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return call();
  }
}
