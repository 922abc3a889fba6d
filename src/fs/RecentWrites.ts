import { performance } from 'node:perf_hooks';
import { BoundedMap } from './BoundedMap.js';

/**
 * The file keys this process wrote within the last `windowMs`. Retention never deletes their files: the
 * exporter is not told when a session is finished, so a recent write stands for "still in use".
 */
export class RecentWrites {
  private readonly writtenAt: BoundedMap<string, number>;

  constructor(
    private readonly windowMs: number,
    capacity: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.writtenAt = new BoundedMap(capacity);
  }

  record(key: string): void {
    this.writtenAt.set(key, this.now());
  }

  has(key: string): boolean {
    const at = this.writtenAt.get(key);
    return at !== undefined && this.now() - at < this.windowMs;
  }

  /** Forgets the keys written before the window; insertion order is write order, so this stops early. */
  prune(): void {
    const oldest = this.now() - this.windowMs;
    this.writtenAt.dropOldestWhile((at) => at <= oldest);
  }
}
