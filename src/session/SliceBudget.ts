import { setImmediate } from 'node:timers';

/**
 * One time budget per turn of the event loop, shared by every job that works in slices. The first job
 * to ask in a turn starts the slice; the others in that turn get what is left of it (at least one unit
 * of work each, so every job progresses). The slice ends with the turn.
 */
export class SliceBudget {
  private endsAt: number | undefined;

  constructor(private readonly sliceMs: number) {}

  /** The `performance.now()` by which the current slice ends. */
  deadline(): number {
    if (this.endsAt === undefined) {
      this.endsAt = performance.now() + this.sliceMs;
      setImmediate(() => {
        this.endsAt = undefined;
      });
    }
    return this.endsAt;
  }
}
