/**
 * Where one session's writes stand: the record `SnapshotScheduler` keeps per session, reached from the
 * session so that one lookup finds both. The scheduler decides from it; the background encoder and the
 * write itself add the time they spend on the session or wait for the event loop.
 */
export class WriteSchedule {
  timer: NodeJS.Timeout | undefined;
  /** The write in flight, settled when it has landed or failed. */
  writing: Promise<void> | undefined;
  /** A change came while a write was in flight: one more write follows. */
  followUp = false;
  /** The end gate is running: no other write may start. */
  ending = false;
  /** The exit write was the last one: nothing is written asynchronously any more. */
  crashed = false;
  /**
   * Time the background encoder spent on the session's spans since its last write began: part of what
   * writing the session costs, counted with the next write so that spacing writes still bounds both.
   */
  encodeMs = 0;
  /**
   * Time the write in flight spent waiting for turns of the event loop between its slices: under a busy
   * loop that is the application's time, not the write's, and the budget does not charge it.
   */
  yieldedMs = 0;
  failedWrites = 0;
}
