import { performance } from 'node:perf_hooks';

/**
 * Throttles retention sweeps: at most one every `intervalMs`, never two at once, and one trailing sweep
 * for requests that came while throttled, so the last writes of a burst are swept too. Sweeps list and
 * stat the whole directory; running one after every write of a busy session would cost more than the
 * writes.
 */
export class RetentionSchedule {
  private lastStart = Number.NEGATIVE_INFINITY;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private requestedWhileBusy = false;
  private stopped = false;

  /** @param sweep - must not reject. */
  constructor(
    private readonly sweep: () => Promise<void>,
    private readonly intervalMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Asks for a sweep: now if the last one started long enough ago, else once the interval has passed. */
  request(): void {
    if (this.stopped) return;
    if (this.running !== undefined || this.timer !== undefined) {
      this.requestedWhileBusy = true;
      return;
    }
    const wait = this.lastStart + this.intervalMs - this.now();
    if (wait <= 0) {
      this.start();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, wait);
    // A pending sweep must not keep the process alive.
    this.timer.unref();
  }

  /** Resolves when no sweep is running. */
  async idle(): Promise<void> {
    await this.running;
  }

  /** Cancels the pending sweep and refuses new requests; a running sweep finishes. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private start(): void {
    this.requestedWhileBusy = false;
    this.lastStart = this.now();
    this.running = this.sweep().finally(() => {
      this.running = undefined;
      if (this.requestedWhileBusy) this.request();
    });
  }
}
