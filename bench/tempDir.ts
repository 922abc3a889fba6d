import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The one directory the bench writes into, under the system's temporary directory, removed when the
 * bench ends, also when it fails or is interrupted.
 */
export class BenchDir {
  readonly path = mkdtempSync(join(tmpdir(), 'otel-session-file-bench-'));
  private next = 0;
  private readonly removeOnExit = (): void => this.remove();

  constructor() {
    process.once('exit', this.removeOnExit);
  }

  /** A new empty directory for one measurement, so that no session continues an earlier file. */
  fresh(label: string): string {
    const dir = join(this.path, `${label}-${this.next++}`);
    mkdirSync(dir);
    return dir;
  }

  /** Removes a directory made by {@link fresh} (between rounds, so the disk does not fill up). */
  discard(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
    process.off('exit', this.removeOnExit);
  }
}
