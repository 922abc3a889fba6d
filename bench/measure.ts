import { constants, PerformanceObserver } from 'node:perf_hooks';
import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';

/**
 * Timing and memory helpers shared by the scenarios. On a shared, noisy machine the result of a run is
 * the ratio between contenders measured side by side, so contenders run in the same rounds, in a
 * rotating order, and ratios are taken per round before the median (paired), not between medians.
 */

export { sleep };

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** Lets timers, I/O and microtasks run. */
export function yieldToEventLoop(): Promise<void> {
  return immediate();
}

/** Full collections until the heap stops shrinking (finalizers and weak maps settle in a few rounds). */
export async function collectGarbage(): Promise<void> {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error('run the bench with `node --expose-gc` (npm run bench does)');
  let before = Infinity;
  for (let i = 0; i < 6; i++) {
    gc();
    await yieldToEventLoop();
    const used = process.memoryUsage().heapUsed;
    if (used >= before - 64 * 1024 && i >= 1) break;
    before = used;
  }
}

/** Memory the process holds for JavaScript: the V8 heap plus Buffers and other external memory. */
export function heldBytes(): number {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/** {@link heldBytes}, split: `external` is Buffers and other memory outside the V8 heap. */
export function heldParts(): { heap: number; external: number } {
  const { heapUsed, external } = process.memoryUsage();
  return { heap: heapUsed, external };
}

/** Samples per contender, one per round, warm-up rounds dropped. */
export type Samples<K extends string> = Record<K, number[]>;

export interface RoundsPlan<K extends string> {
  contenders: readonly K[];
  rounds: number;
  warmup: number;
  /** One measurement of one contender; the number it returns is the sample (usually milliseconds). */
  run(contender: K, round: number): Promise<number>;
}

/** Runs every contender once per round; each round starts with a different contender. */
export async function runRounds<K extends string>(plan: RoundsPlan<K>): Promise<Samples<K>> {
  const samples = Object.fromEntries(plan.contenders.map((name) => [name, [] as number[]])) as Samples<K>;
  const count = plan.contenders.length;
  for (let round = 0; round < plan.warmup + plan.rounds; round++) {
    for (let i = 0; i < count; i++) {
      const contender = plan.contenders[(round + i) % count]!;
      const value = await plan.run(contender, round);
      if (round >= plan.warmup) samples[contender].push(value);
    }
  }
  return samples;
}

/** Median over rounds of `samples[name][r] / samples[reference][r]`. */
export function pairedRatio(values: readonly number[], reference: readonly number[]): number {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(values.length, reference.length); i++) ratios.push(values[i]! / reference[i]!);
  return median(ratios);
}

const GC_ENTRY_DELAY_MS = 50;

/**
 * GC pauses seen while it watches. Entries arrive asynchronously, so read them after `stop`.
 */
export class GcPauses {
  private readonly entries: Array<{ start: number; duration: number; major: boolean }> = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      this.entries.push({ start: entry.startTime, duration: entry.duration, major: kind === constants.NODE_PERFORMANCE_GC_MAJOR });
    }
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  async stop(): Promise<void> {
    // Node hands GC entries to observers a few loop turns later, not on the next one.
    await sleep(GC_ENTRY_DELAY_MS);
    this.observer.disconnect();
  }

  /** Total pause time of collections that started inside one of `windows` ([start, end] in performance.now()). */
  totalWithin(windows: ReadonlyArray<readonly [number, number]>): number {
    let total = 0;
    for (const entry of this.entries) {
      if (windows.some(([start, end]) => entry.start >= start && entry.start <= end)) total += entry.duration;
    }
    return total;
  }

  /**
   * Full (mark-compact) collections that started inside one of `windows`: each marks the whole heap,
   * mostly on V8's helper threads, so their count explains CPU time that the pauses alone do not show.
   */
  majorWithin(windows: ReadonlyArray<readonly [number, number]>): number {
    return this.entries.filter((entry) => entry.major && windows.some(([start, end]) => entry.start >= start && entry.start <= end)).length;
  }

  longestWithin(start: number, end: number): number {
    let longest = 0;
    for (const entry of this.entries) if (entry.start >= start && entry.start <= end) longest = Math.max(longest, entry.duration);
    return longest;
  }
}
