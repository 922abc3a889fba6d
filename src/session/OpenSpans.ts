import type { ReadableSpan } from '../sdk/types.js';

/**
 * A session's open spans, on the hot path without a `Map` or a `Set`: each open span carries its session
 * in a property under a `Symbol` of the processor's own (two processors on one provider keep apart), so
 * that `onEnd` and a child's `onStart` find it with a property read. The session keeps the spans in the
 * order they started in an array that ended spans leave lazily (from its end, or in a compaction once
 * they outnumber the open ones), so a start is a push and an end is a store and a decrement.
 *
 * SDK spans are ordinary objects that the SDK itself mutates until they end, so the property can be set.
 */

type Marked = Record<symbol, unknown>;

/** The session (or other owner) an open span was marked with under `key`, if any. */
export function ownerOf(span: ReadableSpan, key: symbol): unknown {
  return (span as unknown as Marked)[key];
}

/** Arrays shorter than this are never compacted: scanning them is cheaper than copying. */
const COMPACT_FROM = 64;

export class OpenSpans {
  private readonly started: ReadableSpan[] = [];
  private count = 0;

  constructor(
    private readonly key: symbol,
    private readonly owner: object,
  ) {}

  get size(): number {
    return this.count;
  }

  add(span: ReadableSpan): void {
    (span as unknown as Marked)[this.key] = this.owner;
    this.count++;
    if (this.started.length >= COMPACT_FROM && this.started.length > 2 * this.count) this.compact();
    this.started.push(span);
  }

  /** Unmarks `span`; returns false when it was not open in this owner. */
  remove(span: ReadableSpan): boolean {
    const marked = span as unknown as Marked;
    if (marked[this.key] !== this.owner) return false;
    // Set, not deleted: every span keeps the same shape, and the property reads stay monomorphic.
    marked[this.key] = undefined;
    this.count--;
    // Nested spans end in the reverse order they started: the array shrinks from its end, as a stack.
    const started = this.started;
    while (started.length > 0 && (started[started.length - 1] as unknown as Marked)[this.key] !== this.owner) started.pop();
    return true;
  }

  *[Symbol.iterator](): IterableIterator<ReadableSpan> {
    for (const span of this.started) {
      if ((span as unknown as Marked)[this.key] === this.owner) yield span;
    }
  }

  /** Drops the ended spans in place: spans that end out of order (concurrent work) leave gaps. */
  private compact(): void {
    const started = this.started;
    let kept = 0;
    for (let i = 0; i < started.length; i++) {
      const span = started[i]!;
      if ((span as unknown as Marked)[this.key] === this.owner) started[kept++] = span;
    }
    started.length = kept;
  }
}
