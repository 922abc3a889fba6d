import { setImmediate } from 'node:timers';
import type { Session } from './Session.js';
import type { SliceBudget } from './SliceBudget.js';

/**
 * Encodes sessions' ended spans soon after they end, in the event loop's idle turns and within the
 * shared slice budget, instead of at the next write. The exit hook then finds them encoded and only
 * writes bytes already made: it runs while the process is being stopped, with little time left.
 *
 * Every session is encoded ahead, whatever its size: with writes spaced out by the processor's write
 * budget, spans waiting for their session's next write outlived young-generation collections and made
 * up most of the heap (bench 8: ~99,000 of 100,000 SDK spans still pending at the end of the run, 2.2×
 * the CPU of BatchSpanProcessor + the official serializer; 1.4× encoded ahead). A session whose earlier
 * file has not been read yet (a few milliseconds after it starts) waits, so that the old spans come
 * before the new ones.
 */
export class BackgroundEncoder {
  private readonly queued = new Set<Session>();
  private armed = false;

  constructor(private readonly slice: SliceBudget) {}

  /** Called for every ended span: constant work, a flag check once the session is queued. */
  request(session: Session): void {
    if (session.encodeQueued || session.resumePending) return;
    session.encodeQueued = true;
    this.queued.add(session);
    if (!this.armed) {
      this.armed = true;
      setImmediate(this.run).unref();
    }
  }

  private readonly run = (): void => {
    this.armed = false;
    const deadline = this.slice.deadline();
    for (const session of this.queued) {
      if (session.schedule.crashed) {
        this.dequeue(session);
        continue;
      }
      const start = performance.now();
      const done = session.encodePending(deadline);
      session.schedule.encodeMs += performance.now() - start;
      if (!done) {
        // To the back of the queue: a session that keeps growing would otherwise hold every slice.
        this.queued.delete(session);
        this.queued.add(session);
        break;
      }
      this.dequeue(session);
    }
    if (this.queued.size > 0 && !this.armed) {
      this.armed = true;
      setImmediate(this.run).unref();
    }
  };

  private dequeue(session: Session): void {
    session.encodeQueued = false;
    this.queued.delete(session);
  }
}
