/**
 * Span fields as OTLP/JSON needs them, from whatever plain JavaScript put there. The API's types are not
 * enforced at run time: a span name can be `undefined` or a Symbol, a kind can be `'server'`. Each
 * function returns a value that encodes validly for any input and never throws, and returns what the SDK
 * itself stores unchanged, so that well-typed spans keep the official serializer's bytes.
 */

const KIND_NAMES = new Map([
  ['internal', 0],
  ['server', 1],
  ['client', 2],
  ['producer', 3],
  ['consumer', 4],
]);
const STATUS_NAMES = new Map([
  ['unset', 0],
  ['ok', 1],
  ['error', 2],
]);
/** The last trace id found valid: the spans of a session mostly share a few traces. */
let lastTraceId = '';

/** A string for a value that should have been one; a value whose conversion throws becomes `''`. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  try {
    return String(value);
  } catch {
    return '';
  }
}

/** OTLP's span kind (the API's kind + 1); a kind given by name (`'server'`) is read as that kind. */
export function otlpSpanKind(kind: unknown): number {
  if (typeof kind === 'number') return Number.isInteger(kind) && kind >= 0 && kind <= 4 ? kind + 1 : 0;
  if (typeof kind === 'string') return (KIND_NAMES.get(kind.toLowerCase()) ?? -1) + 1;
  return 0;
}

/** A status code of 0 (unset), 1 (ok) or 2 (error); a code given by name is read as that code. */
export function otlpStatusCode(code: unknown): number {
  if (typeof code === 'number') return code === 1 || code === 2 ? code : 0;
  if (typeof code === 'string') return STATUS_NAMES.get(code.toLowerCase()) ?? 0;
  return 0;
}

/** Whether `value` is a count: a safe integer from 0 to `max`. */
export function isCount(value: unknown, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

/** A count field: a safe integer >= 0, else 0. */
export function countOf(value: unknown): number {
  return isCount(value) ? value : 0;
}

/** Whether `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` is a trace id (`length` 32) or span id (16): hex digits, not all zeros. */
export function isHexId(value: unknown, length: number): value is string {
  if (typeof value !== 'string' || value.length !== length) return false;
  if (value === lastTraceId) return true;
  // A loop, not regular expressions: every span encoded checks two ids, and this is the cheap way.
  let nonZero = false;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    const letter = code | 0x20;
    if (code >= 0x30 && code <= 0x39) nonZero ||= code !== 0x30;
    else if (letter >= 0x61 && letter <= 0x66) nonZero = true;
    else return false;
  }
  if (nonZero && length === 32) lastTraceId = value;
  return nonZero;
}

/** A property of an object that may be anything, or `undefined` when reading it throws. */
export function read(object: unknown, key: string): unknown {
  if (object === null || (typeof object !== 'object' && typeof object !== 'function')) return undefined;
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}
