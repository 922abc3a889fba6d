import type { HrTime } from '@opentelemetry/api';

const NANOS_PER_SECOND = 1_000_000_000n;
const MAX_UINT64 = 2n ** 64n - 1n;
/** Below this many whole seconds, any in-range nanoseconds still fit a uint64. */
const JOINABLE_SECONDS = 18_446_744_073;

/**
 * An `HrTime` as the decimal string of its nanoseconds, as OTLP/JSON wants it. Whole seconds and
 * in-range nanoseconds (every time the SDK makes) are joined as strings, which is exact and avoids a
 * BigInt per timestamp; anything else takes the BigInt path the official encoder uses. A time that is
 * not one (not two finite numbers, or before 1970) is written as 0, and one past what a uint64 holds as
 * its maximum: the field is an unsigned 64-bit integer, and one bad timestamp must not cost the span.
 */
export function hrTimeToNanosString(time: HrTime): string {
  const seconds: unknown = time?.[0];
  const nanos: unknown = time?.[1];
  if (Number.isInteger(seconds) && (seconds as number) > 0 && (seconds as number) < JOINABLE_SECONDS && Number.isInteger(nanos) && (nanos as number) >= 0 && (nanos as number) < 1e9) {
    return `${seconds as number}${String(nanos).padStart(9, '0')}`;
  }
  if (typeof seconds !== 'number' || typeof nanos !== 'number' || !Number.isFinite(seconds) || !Number.isFinite(nanos)) return '0';
  const total = BigInt(Math.trunc(seconds)) * NANOS_PER_SECOND + BigInt(Math.trunc(nanos));
  if (total < 0n) return '0';
  return (total > MAX_UINT64 ? MAX_UINT64 : total).toString();
}

/** Whether decimal nanosecond strings as {@link hrTimeToNanosString} writes them are in order `a < b`. */
export function nanosBefore(a: string, b: string): boolean {
  return a.length < b.length || (a.length === b.length && a < b);
}

/** Milliseconds since the epoch of an `HrTime`; NaN for a value that is not one. */
export function hrTimeToEpochMillis(time: HrTime): number {
  const seconds: unknown = time?.[0];
  const nanos: unknown = time?.[1];
  return typeof seconds === 'number' && typeof nanos === 'number' ? seconds * 1e3 + nanos / 1e6 : NaN;
}
