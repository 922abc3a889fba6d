/**
 * A `Map` that holds at most `capacity` entries and forgets the oldest first. Setting a key makes it the
 * newest, so insertion order is also recency order. Per-session state of a long-running process
 * (crash guards, failure streaks, recent writes) lives in these so that it cannot grow without bound.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Stores `value` as the newest entry; returns the key it evicted to make room, if any. */
  set(key: K, value: V): K | undefined {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size <= this.capacity) return undefined;
    const oldest = this.entries.keys().next().value as K;
    this.entries.delete(oldest);
    return oldest;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Removes entries from the oldest on while `isStale` holds for them. */
  dropOldestWhile(isStale: (value: V, key: K) => boolean): void {
    for (const [key, value] of this.entries) {
      if (!isStale(value, key)) return;
      this.entries.delete(key);
    }
  }
}
