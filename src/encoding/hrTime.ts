import type { HrTime } from '@opentelemetry/api';

const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * An `HrTime` as the decimal string of its nanoseconds, as OTLP/JSON wants it. Whole seconds and
 * in-range nanoseconds (every time the SDK makes) are joined as strings, which is exact and avoids a
 * BigInt per timestamp; anything else takes the BigInt path the official encoder uses.
 */
export function hrTimeToNanosString(time: HrTime): string {
  const seconds = time[0];
  const nanos = time[1];
  if (Number.isSafeInteger(seconds) && seconds > 0 && Number.isInteger(nanos) && nanos >= 0 && nanos < 1e9) {
    return `${seconds}${String(nanos).padStart(9, '0')}`;
  }
  return (BigInt(Math.trunc(seconds)) * NANOS_PER_SECOND + BigInt(Math.trunc(nanos))).toString();
}

/** Milliseconds since the epoch of an `HrTime`. */
export function hrTimeToEpochMillis(time: HrTime): number {
  return time[0] * 1e3 + time[1] / 1e6;
}
