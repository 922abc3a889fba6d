import { diag } from '@opentelemetry/api';
import type { Session } from './Session.js';
import { WriteBudget } from './WriteBudget.js';

/**
 * When each session's snapshot is written. Per session, at most one write is in flight:
 *
 * - `request` arms a debounce timer, or, while a write is in flight, sets the follow-up flag. When the
 *   write settles, exactly one more write runs if the flag is set, so a burst of any size costs at most
 *   one extra write and no request is ever dropped.
 * - `finish` is the end gate: it stops the timer, waits for the write in flight, then runs the final
 *   write. While it runs no other write of the session can start, so nothing older lands after it.
 * - Debounced writes of all sessions share one budget (`WriteBudget`): the processor spends at most
 *   `writeShare` of wall time writing, and no change waits longer than `maxDelayMs` for its write.
 *   Forced writes (`flush`, `finish`) do not wait for the budget, but are charged to it.
 *
 * Timers are unref()ed: a pending snapshot never keeps the process alive (the exit hook writes it).
 */

export interface SchedulerTiming {
  debounceMs: number;
  /** At least `debounceMs` (the processor's options clamp it so). */
  maxDelayMs: number;
  /** Largest share of wall time the processor may spend writing, all its sessions together. */
  writeShare: number;
}

/** Writes one snapshot; resolves to whether every exporter stored it. Must not reject. */
export type SnapshotWrite = (session: Session) => Promise<boolean>;

const FLUSH_ROUNDS = 5;

export class SnapshotScheduler {
  private readonly budget: WriteBudget;

  constructor(
    private readonly timing: SchedulerTiming,
    private readonly write: SnapshotWrite,
    private readonly onIdle: (session: Session) => void,
  ) {
    this.budget = new WriteBudget(timing.writeShare);
  }

  request(session: Session): void {
    if (session.schedule.crashed) return;
    if (session.schedule.writing || session.schedule.ending) {
      session.schedule.followUp = true;
      return;
    }
    if (session.schedule.timer === undefined) this.arm(session, this.delayFor(session), performance.now() + this.timing.maxDelayMs);
  }

  /** Runs the session's final write once every earlier write has settled. */
  async finish(session: Session): Promise<void> {
    session.schedule.ending = true;
    this.disarm(session);
    try {
      while (session.schedule.writing) await session.schedule.writing;
      // A second end (endSession after the root span ended) finds the final state on disk already, and
      // the session may have been released meanwhile: writing it again would store it without its spans.
      if (!session.schedule.crashed && session.writtenVersion < session.version) await this.start(session);
    } finally {
      session.schedule.ending = false;
    }
    if (session.schedule.followUp) this.followUp(session, 0);
    else this.onIdle(session);
  }

  /** Resolves once the session's file holds at least `version`, or after a bounded number of tries. */
  async flush(session: Session, version = session.version): Promise<boolean> {
    for (let round = 0; round < FLUSH_ROUNDS && !session.schedule.crashed; round++) {
      if (session.schedule.writing) {
        await session.schedule.writing;
        continue;
      }
      if (session.writtenVersion >= version) return true;
      await this.start(session);
    }
    return session.writtenVersion >= version;
  }

  /** Stops every future write of the session: the crash write is the last one. */
  stop(session: Session): void {
    session.schedule.crashed = true;
    this.disarm(session);
  }

  private start(session: Session): Promise<void> {
    this.disarm(session);
    session.schedule.followUp = false;
    // Encoding done ahead in the background counts as part of this write, as it would inside it.
    const encodedAheadMs = session.schedule.encodeMs;
    session.schedule.encodeMs = 0;
    session.schedule.yieldedMs = 0;
    const started = performance.now();
    const bytes = session.encoded.byteLength;
    const estimateMs = this.budget.charge(bytes, started);
    const writing = this.write(session).then((stored) => this.settle(session, stored, started, encodedAheadMs, bytes, estimateMs));
    session.schedule.writing = writing;
    return writing;
  }

  private settle(session: Session, stored: boolean, started: number, encodedAheadMs: number, bytes: number, estimateMs: number): void {
    session.schedule.writing = undefined;
    this.budget.settle(bytes, estimateMs, performance.now() - started - session.schedule.yieldedMs + encodedAheadMs);
    session.schedule.failedWrites = stored ? 0 : session.schedule.failedWrites + 1;
    if (session.schedule.crashed) return;
    if (!stored) {
      // Nothing is lost from memory: try again later, backing off while the file system keeps failing.
      // Also for the final write (`finish` arms the retry): else an ended session would never be written
      // again and would hold its `maxSessions` slot until shutdown.
      session.schedule.followUp = true;
    }
    if (session.schedule.ending) return;
    if (session.schedule.followUp) this.followUp(session, performance.now() - started);
    else this.onIdle(session);
  }

  private followUp(session: Session, elapsedMs: number): void {
    this.arm(session, this.delayFor(session, elapsedMs), performance.now() - elapsedMs + this.timing.maxDelayMs);
  }

  /**
   * The wait before the next write, `elapsedMs` after what asked for it: the debounce, the processor's
   * write budget (time since the last writes counts toward it, so a burst after a quiet spell waits only
   * the debounce), and after failed writes a backoff; never more than `maxDelayMs`.
   */
  private delayFor(session: Session, elapsedMs = 0): number {
    const { debounceMs } = this.timing;
    const backoff = session.schedule.failedWrites > 0 ? debounceMs * 2 ** Math.min(session.schedule.failedWrites, 10) - elapsedMs : 0;
    return Math.min(this.timing.maxDelayMs, Math.max(debounceMs - elapsedMs, this.budget.waitMs(performance.now()), backoff, 0));
  }

  /**
   * Runs the write after `delayMs`, or later if the budget was spent meanwhile by other sessions, but not
   * after `deadline` (the change's `maxDelayMs`) unless failed writes are backing off.
   */
  private arm(session: Session, delayMs: number, deadline: number): void {
    this.disarm(session);
    if (delayMs > this.timing.debounceMs && session.schedule.failedWrites === 0) {
      // Why a file is older than the debounce says: the one place a user can see the budget at work.
      diag.debug(`otel-session-file: the next write of session ${session.id} waits ${Math.round(delayMs)} ms for the write budget (writeShare ${this.timing.writeShare})`);
    }
    session.schedule.timer = setTimeout(() => {
      session.schedule.timer = undefined;
      // A write started meanwhile (forceFlush, the end gate) may already hold every change.
      if (session.writtenVersion >= session.version) {
        this.onIdle(session);
        return;
      }
      const now = performance.now();
      const waitMs = Math.min(this.budget.waitMs(now), deadline - now);
      if (waitMs >= 1) this.arm(session, waitMs, deadline);
      else void this.start(session);
    }, delayMs);
    session.schedule.timer.unref();
  }

  private disarm(session: Session): void {
    if (session.schedule.timer !== undefined) {
      clearTimeout(session.schedule.timer);
      session.schedule.timer = undefined;
    }
  }
}
