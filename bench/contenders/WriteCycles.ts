import type { SessionSpanProcessor } from '../../src/index.js';

/**
 * Times the processor's whole write cycles (encode the spans that ended since the last write, render
 * the snapshot, export it) by wrapping its private `writeSnapshot`. The bench's only look inside the
 * processor: when the method is gone, `attach` returns `undefined` and callers fall back to timing
 * `exportSession` alone.
 */

export interface WriteCycle {
  sessionId: string;
  start: number;
  end: number;
}

type Internals = { writeSnapshot?: (session: { id: string }) => Promise<boolean> };

export class WriteCycles {
  readonly cycles: WriteCycle[] = [];

  static attach(processor: SessionSpanProcessor): WriteCycles | undefined {
    const internals = processor as unknown as Internals;
    const original = internals.writeSnapshot;
    if (typeof original !== 'function') return undefined;
    const probe = new WriteCycles();
    internals.writeSnapshot = async (session) => {
      const start = performance.now();
      try {
        return await original.call(processor, session);
      } finally {
        probe.cycles.push({ sessionId: session.id, start, end: performance.now() });
      }
    };
    return probe;
  }

  totalMs(): number {
    let total = 0;
    for (const cycle of this.cycles) total += cycle.end - cycle.start;
    return total;
  }

  /** The cycle of `sessionId` that was running at `time`. */
  around(sessionId: string, time: number): WriteCycle | undefined {
    return this.cycles.find((cycle) => cycle.sessionId === sessionId && cycle.start <= time && time <= cycle.end);
  }
}
