/**
 * An OTLP nanosecond timestamp (a decimal string) as epoch milliseconds. A double holds this century's
 * epoch nanoseconds to within 512 ns, plenty for drawing bars and printing durations in microseconds.
 * `NaN` for anything that is not a number of nanoseconds.
 */
export function nanosToMillis(nanos: unknown): number {
  if (typeof nanos === 'number') return nanos / 1e6;
  return typeof nanos === 'string' && /^\d+$/.test(nanos) ? Number(nanos) / 1e6 : NaN;
}
