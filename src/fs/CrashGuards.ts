import { diag } from '@opentelemetry/api';
import { BoundedMap } from '../common/BoundedMap.js';

/**
 * The sessions whose asynchronous writes must no longer land, keyed by file key (two ids that share a
 * file share a guard). Bounded: a process that crashes sessions for weeks forgets the oldest guard, by
 * then long written, and says so.
 */
export class CrashGuards {
  private readonly keys: BoundedMap<string, true>;

  constructor(capacity: number) {
    this.keys = new BoundedMap(capacity);
  }

  add(key: string): void {
    if (this.keys.has(key)) return;
    const evicted = this.keys.set(key, true);
    if (evicted !== undefined) {
      diag.warn(`otel-session-file: more crashed sessions than can be guarded; asynchronous writes of the oldest (file key ${JSON.stringify(evicted)}) are allowed again`);
    }
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }
}
