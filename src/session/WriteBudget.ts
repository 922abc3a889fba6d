/**
 * The share of wall time one processor spends writing, across all its sessions. Every write moves a
 * shared clock, `openAt`, w / share ms past its start: its own w ms, then w × (1/share − 1) ms without a
 * write (a write is charged at its start, so the clock covers the write itself too). A debounced write
 * waits for that clock, never past its session's `maxDelayMs`. One session alone: a write of w ms is
 * followed by 9·w ms without one (share 0.1). A hundred sessions growing together share that spacing
 * instead of each rewriting its file every debounce: their files are rewritten less often, with the same
 * bound on how stale any of them can get.
 *
 * A write is charged when it starts, with an estimate from the cost per byte of recent writes, so that
 * sessions whose timers fire together do not all start before any of them has been charged; the
 * estimate is corrected when the write settles. Before any write has settled, a write is assumed to take
 * what an atomic replace of a small file takes on an ordinary disk, so that a hundred sessions whose first
 * timers fire together are not all written at once.
 */

/** Temporary file, write, fsync and rename of a small file: 0.4–1.3 ms measured on a virtio ext4 disk. */
const FIRST_WRITE_ESTIMATE_MS = 1;
export class WriteBudget {
  /** Before this time (performance.now()), a debounced write waits. */
  private openAt = -Infinity;
  /** Recent cost of a write per byte of its session: an exponentially weighted average. */
  private msPerByte = 0;
  /** How long the clock moves per ms of writing, counted from the write's start. */
  private readonly spacingPerMs: number;

  constructor(share: number) {
    // A share of 1 is no budget at all: every change is written one debounce later, whatever it costs.
    this.spacingPerMs = share >= 1 ? 0 : 1 / share;
  }

  /** How long a write that could start now should wait for the budget. */
  waitMs(now: number): number {
    return Math.max(0, this.openAt - now);
  }

  /** A write of a session of `bytes` starts now; returns the estimate charged, for `settle`. */
  charge(bytes: number, now: number): number {
    const estimateMs = this.msPerByte === 0 ? FIRST_WRITE_ESTIMATE_MS : this.msPerByte * bytes;
    this.openAt = Math.max(this.openAt, now) + estimateMs * this.spacingPerMs;
    return estimateMs;
  }

  /** The write charged `estimateMs` took `tookMs` for `bytes`. */
  settle(bytes: number, estimateMs: number, tookMs: number): void {
    this.openAt += (tookMs - estimateMs) * this.spacingPerMs;
    if (bytes > 0) this.msPerByte = this.msPerByte === 0 ? tookMs / bytes : 0.8 * this.msPerByte + (0.2 * tookMs) / bytes;
  }
}
