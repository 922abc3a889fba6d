/**
 * The timeline's time axis with idle time compressed. An agent session is bursts of work (a turn) between
 * long pauses (the user reading, a process restarting); drawn to scale, the pauses take most of the page.
 * A pause longer than the typical burst is drawn narrow and marked as a gap; time inside bursts keeps
 * its scale, so bar lengths still compare. Positions on screen are "display" milliseconds: real
 * milliseconds since the session's start, minus what the gaps before them leave out.
 */

export interface Gap {
  /** Real epoch milliseconds. */
  from: number;
  to: number;
  /** Display milliseconds. */
  displayFrom: number;
  displayTo: number;
}

/** A stretch of the axis drawn to scale (no gap inside). */
export interface Piece {
  from: number;
  to: number;
  displayFrom: number;
}

export class TimeScale {
  readonly gaps: Gap[];
  readonly pieces: Piece[];
  /** The whole axis in display milliseconds. */
  readonly length: number;
  private readonly real: number[];
  private readonly display: number[];

  constructor(
    readonly t0: number,
    readonly t1: number,
    idle: Array<{ from: number; to: number; width: number }> = [],
  ) {
    this.real = [t0];
    this.display = [0];
    this.gaps = [];
    this.pieces = [];
    let at = 0;
    let last = t0;
    for (const gap of idle) {
      this.pieces.push({ from: last, to: gap.from, displayFrom: at });
      at += gap.from - last;
      this.gaps.push({ from: gap.from, to: gap.to, displayFrom: at, displayTo: at + gap.width });
      this.real.push(gap.from, gap.to);
      this.display.push(at, at + gap.width);
      at += gap.width;
      last = gap.to;
    }
    this.pieces.push({ from: last, to: t1, displayFrom: at });
    at += t1 - last;
    this.real.push(t1);
    this.display.push(at);
    this.length = at;
  }

  toDisplay(time: number): number {
    return interpolate(time, this.real, this.display);
  }

  toReal(display: number): number {
    return interpolate(display, this.display, this.real);
  }
}

/** Piecewise linear through the breakpoints `from[i] -> to[i]`, slope 1 outside them. */
function interpolate(x: number, from: number[], to: number[]): number {
  if (!Number.isFinite(x)) return x;
  const n = from.length;
  if (x <= from[0]!) return to[0]! + (x - from[0]!);
  if (x >= from[n - 1]!) return to[n - 1]! + (x - from[n - 1]!);
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (from[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const span = from[hi]! - from[lo]!;
  return span > 0 ? to[lo]! + ((x - from[lo]!) / span) * (to[hi]! - to[lo]!) : to[lo]!;
}

/**
 * The idle stretches of a session: the pauses between busy intervals (spans, processes) that are at
 * least as long as the median burst, so that the pauses inside a turn (a model thinking) stay to scale.
 * Each is drawn a fraction of a burst wide.
 */
export function idleTime(busy: Array<[number, number]>): Array<{ from: number; to: number; width: number }> {
  const intervals = busy.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b)).map(([a, b]): [number, number] => [a, Math.max(a, b)]);
  intervals.sort((x, y) => x[0] - y[0]);
  const bursts: Array<[number, number]> = [];
  for (const [a, b] of intervals) {
    const current = bursts[bursts.length - 1];
    if (current && a <= current[1]) current[1] = Math.max(current[1], b);
    else bursts.push([a, b]);
  }
  if (bursts.length < 2) return [];
  const lengths = bursts.map(([a, b]) => b - a).sort((x, y) => x - y);
  const median = lengths[lengths.length >> 1]!;
  const busyTotal = lengths.reduce((sum, l) => sum + l, 0);
  const threshold = Math.max(median, busyTotal * 0.02);
  const width = Math.max(busyTotal * 0.03, median * 0.25);
  const idle: Array<{ from: number; to: number; width: number }> = [];
  for (let i = 1; i < bursts.length; i++) {
    const from = bursts[i - 1]![1];
    const to = bursts[i]![0];
    if (to - from > threshold && to - from > width) idle.push({ from, to, width });
  }
  return idle;
}
