import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { captureDiag } from '../helpers/captureDiag.js';
import { Session } from '../../src/session/Session.js';
import { SnapshotScheduler, type SchedulerTiming } from '../../src/session/SnapshotScheduler.js';

/**
 * Timers and `performance.now()` are both faked, moved together by {@link advance}: the scheduler reads
 * the clock for its budget and deadlines and arms timers for its waits. No test sleeps.
 */
let now = 0;
beforeEach(() => {
  now = 1_000;
  mock.timers.enable({ apis: ['setTimeout'] });
  mock.method(performance, 'now', () => now);
});
afterEach(() => {
  mock.timers.reset();
  mock.restoreAll();
});

/** Lets promise callbacks run (a settled write's `then`), without moving the clock. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** Moves the clock by `ms`, firing the timers due on the way, and lets what they started run. */
async function advance(ms: number): Promise<void> {
  const step = 1;
  for (let moved = 0; moved < ms; moved += step) {
    now += step;
    mock.timers.tick(step);
    await settle();
  }
}

/** A write the test finishes by hand: `writes` lists them, each resolved with whether it was stored. */
class HeldWrites {
  readonly writes: Array<{ at: number; version: number; finish(stored?: boolean): Promise<void> }> = [];
  readonly write = (session: Session): Promise<boolean> =>
    new Promise((resolve) => {
      const version = session.version;
      this.writes.push({
        at: now,
        version,
        finish: async (stored = true) => {
          if (stored) session.writtenVersion = Math.max(session.writtenVersion, version);
          resolve(stored);
          await settle();
        },
      });
    });
  get last() {
    return this.writes.at(-1)!;
  }
}

/** A write that lands at once, stored or not as `stored` says at the time. */
function instantWrites(stored: () => boolean = () => true) {
  const at: number[] = [];
  const write = async (session: Session): Promise<boolean> => {
    at.push(now);
    const ok = stored();
    if (ok) session.writtenVersion = session.version;
    return ok;
  };
  return { at, write };
}

const TIMING: SchedulerTiming = { debounceMs: 100, maxDelayMs: 1_000, writeShare: 1 };

function setup(write: (session: Session) => Promise<boolean>, timing: Partial<SchedulerTiming> = {}) {
  const idle: number[] = [];
  const scheduler = new SnapshotScheduler({ ...TIMING, ...timing }, write, () => void idle.push(now));
  const session = new Session('ses_1', 1_000, undefined);
  /** A change to the session and the request to write it, as the processor makes them. */
  const change = () => {
    session.version++;
    scheduler.request(session);
  };
  return { scheduler, session, idle, change };
}

describe('SnapshotScheduler', () => {
  it('writes a burst of changes once, debounceMs after the first of them', async () => {
    const { at, write } = instantWrites();
    const { change, idle } = setup(write);

    change();
    await advance(40);
    change();
    await advance(40);
    change();
    assert.deepEqual(at, []);

    await advance(20);

    assert.deepEqual(at, [1_100]);
    assert.deepEqual(idle, [1_100]);
    await advance(500);
    assert.equal(at.length, 1, 'nothing more to write');
  });

  it('writes exactly one follow-up for any number of changes during a write, a debounce after the write began', async () => {
    const held = new HeldWrites();
    const { change, session, idle } = setup(held.write);
    change();
    await advance(100);
    assert.equal(held.writes.length, 1);

    for (let i = 0; i < 50; i++) change();
    await advance(30);
    await held.last.finish();
    assert.equal(held.writes.length, 1, 'no write starts beside the one in flight');
    assert.deepEqual(idle, []);

    await advance(69);
    assert.equal(held.writes.length, 1);
    await advance(1);
    assert.equal(held.writes.length, 2);
    assert.equal(held.last.at, 1_200);
    assert.equal(held.last.version, session.version, 'the follow-up holds every change');

    await held.last.finish();
    await advance(1_000);
    assert.equal(held.writes.length, 2);
    assert.deepEqual(idle, [1_200]);
  });

  it('runs no follow-up when nothing changed during the write', async () => {
    const held = new HeldWrites();
    const { change, idle } = setup(held.write);
    change();
    await advance(100);
    await advance(50);
    await held.last.finish();

    await advance(1_000);

    assert.equal(held.writes.length, 1);
    assert.deepEqual(idle, [1_150]);
  });

  it('lets a forced write take the place of a pending debounce', async () => {
    const { at, write } = instantWrites();
    const { change, scheduler, session, idle } = setup(write);
    change();
    await advance(10);
    assert.equal(await scheduler.flush(session), true);
    assert.deepEqual(at, [1_010]);

    await advance(200);

    assert.deepEqual(at, [1_010]);
    assert.deepEqual(idle, [1_010]);
  });

  it('skips the follow-up\'s write when the write in flight took in the changes that asked for it', async () => {
    const held = new HeldWrites();
    const { change, session, idle } = setup(held.write);
    change();
    await advance(100);
    change();
    // The real write reads the session's version only once it has yielded: it can hold later changes.
    session.writtenVersion = session.version;
    await held.last.finish();

    await advance(1_000);

    assert.equal(held.writes.length, 1);
    assert.deepEqual(idle, [1_200]);
  });

  it('retries a failed write with a doubling backoff that never exceeds maxDelayMs, and stops backing off once one is stored', async () => {
    let failing = true;
    const { at, write } = instantWrites(() => !failing);
    const { change, idle } = setup(write, { debounceMs: 100, maxDelayMs: 700 });
    change();

    await advance(2_200);
    // 1100: first write; then waits of 200, 400, 700 (800 capped), 700 (1600 capped).
    assert.deepEqual(at, [1_100, 1_300, 1_700, 2_400, 3_100]);
    assert.deepEqual(idle, []);

    failing = false;
    await advance(700);
    assert.deepEqual(at.slice(5), [3_800]);
    assert.deepEqual(idle, [3_800]);

    const changedAt = now;
    change();
    await advance(100);
    assert.deepEqual(at.slice(6), [changedAt + 100], 'the wait is back to debounceMs');
  });

  it('waits for the write budget of slow writes, but never longer than maxDelayMs after a change', async () => {
    const held = new HeldWrites();
    const { change } = setup(held.write, { debounceMs: 100, maxDelayMs: 1_000, writeShare: 0.1 });
    change();
    await advance(100);
    // A write of 500 ms at a share of 0.1 would keep the next one off for 4.5 s.
    await advance(500);
    await held.last.finish();

    change();
    await advance(999);
    assert.equal(held.writes.length, 1);
    await advance(1);

    assert.equal(held.writes.length, 2);
    assert.equal(held.last.at, 2_600);
  });

  it('says through diag.debug how long the write budget holds a write back, and only then', async () => {
    const diagnostics = captureDiag();
    try {
      const held = new HeldWrites();
      const { change } = setup(held.write, { debounceMs: 100, maxDelayMs: 10_000, writeShare: 0.1 });
      change();
      await advance(100);
      await advance(50);
      await held.last.finish();
      change();
      assert.deepEqual(diagnostics.messages('debug').filter((message) => message.startsWith('otel-session-file')), [
        'otel-session-file: the next write of session ses_1 waits 450 ms for the write budget (writeShare 0.1)',
      ]);
    } finally {
      diagnostics.restore();
    }
  });

  it('charges a write for its own time, not for the turns of the event loop it yielded to', async () => {
    const WRITE_MS = 40;
    const YIELDED_MS = 30;
    const write = (session: Session) => {
      const version = session.version;
      return new Promise<boolean>((resolve) =>
        setTimeout(() => {
          // Most of the write was spent waiting while the application ran.
          session.schedule.yieldedMs += YIELDED_MS;
          session.writtenVersion = version;
          resolve(true);
        }, WRITE_MS),
      );
    };
    const starts: number[] = [];
    const { change } = setup((session) => (starts.push(now), write(session)), { debounceMs: 10, maxDelayMs: 60_000, writeShare: 0.1 });
    change();
    await advance(10 + WRITE_MS);
    change();
    await advance(1_000);
    // 10 ms of its own: the clock opens 100 ms after the first write began, not 400.
    assert.deepEqual(starts, [1_010, 1_110]);
  });

  for (const writeShare of [0.1, 0.5]) {
    it(`spends at most writeShare (${writeShare}) of the time writing while a session keeps changing`, async () => {
      const WRITE_MS = 20;
      let writes = 0;
      const write = (session: Session) => {
        writes++;
        const version = session.version;
        return new Promise<boolean>((resolve) =>
          setTimeout(() => {
            session.writtenVersion = version;
            resolve(true);
          }, WRITE_MS),
        );
      };
      const { change } = setup(write, { debounceMs: 10, maxDelayMs: 60_000, writeShare });

      const DURATION_MS = 4_000;
      for (let t = 0; t < DURATION_MS; t += 5) {
        change();
        await advance(5);
      }

      // One write of slack: the last one may have started just before the end.
      assert.ok(writes * WRITE_MS <= writeShare * DURATION_MS + WRITE_MS, `${writes} writes of ${WRITE_MS} ms in ${DURATION_MS} ms`);
      assert.ok(writes * WRITE_MS >= writeShare * DURATION_MS - 2 * WRITE_MS, `only ${writes} writes: the budget is not used`);
    });
  }

  describe('finish', () => {
    it('waits for the write in flight, then writes the final state once, and no other write starts meanwhile', async () => {
      const held = new HeldWrites();
      const { change, scheduler, session, idle } = setup(held.write);
      change();
      await advance(100);
      change();

      let finished = false;
      const finishing = scheduler.finish(session).then(() => void (finished = true));
      change();
      await advance(500);
      assert.equal(held.writes.length, 1, 'the final write waits for the one in flight');

      await held.writes[0]!.finish();
      assert.equal(held.writes.length, 2);
      assert.equal(held.last.version, session.version);
      await advance(500);
      assert.equal(held.writes.length, 2);
      assert.equal(finished, false);

      await held.last.finish();
      await finishing;
      assert.deepEqual(idle, [2_100]);
      await advance(1_000);
      assert.equal(held.writes.length, 2);
    });

    it('writes nothing when the final state is on disk already', async () => {
      const { at, write } = instantWrites();
      const { change, scheduler, session, idle } = setup(write);
      change();
      await advance(100);

      await scheduler.finish(session);

      assert.deepEqual(at, [1_100]);
      assert.deepEqual(idle, [1_100, 1_100]);
    });

    it('stops a pending debounce and writes at once', async () => {
      const { at, write } = instantWrites();
      const { change, scheduler, session } = setup(write);
      change();
      await advance(10);

      await scheduler.finish(session);
      await advance(1_000);

      assert.deepEqual(at, [1_010]);
    });

    it('writes a change that came during the final write in one follow-up', async () => {
      const held = new HeldWrites();
      const { change, scheduler, session, idle } = setup(held.write);
      change();
      const finishing = scheduler.finish(session);
      await settle();
      change();
      change();
      await held.last.finish();
      await finishing;
      assert.deepEqual(idle, []);

      await advance(100);
      assert.equal(held.writes.length, 2);
      await held.last.finish();
      assert.deepEqual(idle, [1_100]);
    });

    it('arms a retry when the final write fails', async () => {
      const held = new HeldWrites();
      const { change, scheduler, session } = setup(held.write);
      change();
      const finishing = scheduler.finish(session);
      await settle();
      await held.last.finish(false);
      await finishing;

      await advance(200);

      assert.equal(held.writes.length, 2);
    });
  });

  describe('flush', () => {
    it('resolves true once the file holds the version asked for, waiting for the write in flight first', async () => {
      const held = new HeldWrites();
      const { change, scheduler, session } = setup(held.write);
      change();
      await advance(100);
      change();

      let result: boolean | undefined;
      void scheduler.flush(session).then((r) => void (result = r));
      await settle();
      assert.equal(held.writes.length, 1);
      await held.writes[0]!.finish();
      assert.equal(held.writes.length, 2);
      assert.equal(result, undefined);
      await held.last.finish();

      assert.equal(result, true);
    });

    it('gives up with false after a bounded number of failed writes', async () => {
      const { at, write } = instantWrites(() => false);
      const { change, scheduler, session } = setup(write);
      change();

      assert.equal(await scheduler.flush(session), false);

      assert.equal(at.length, 5);
    });
  });

  describe('stop', () => {
    it('ends every future write of the session: pending timers, requests, follow-ups and flushes', async () => {
      const held = new HeldWrites();
      const { change, scheduler, session } = setup(held.write);
      change();
      await advance(100);
      change();

      scheduler.stop(session);
      change();
      await held.last.finish(false);
      await advance(5_000);
      assert.equal(await scheduler.flush(session), false);
      await scheduler.finish(session);

      assert.equal(held.writes.length, 1);
    });

    it('cancels a debounce that has not fired', async () => {
      const { at, write } = instantWrites();
      const { change, scheduler, session } = setup(write);
      change();
      scheduler.stop(session);

      await advance(1_000);

      assert.deepEqual(at, []);
    });
  });
});

describe('SnapshotScheduler timers', () => {
  it('never keep the process alive', () => {
    mock.timers.reset();
    const { change, scheduler, session } = setup(async () => true);
    change();
    try {
      assert.equal(session.schedule.timer?.hasRef(), false);
    } finally {
      scheduler.stop(session);
    }
  });
});
