import { childPath, shown, type Problems } from './Problems.js';

/**
 * Checks of single JSON values against the types the format names. Each reports a problem at `path`
 * and answers whether the value passed, so that callers only look inside values of the right type.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown, path: string, problems: Problems): value is JsonObject {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
  problems.add(path, `expected an object, got ${shown(value)}`);
  return false;
}

export function isArray(value: unknown, path: string, problems: Problems): value is unknown[] {
  if (Array.isArray(value)) return true;
  problems.add(path, `expected an array, got ${shown(value)}`);
  return false;
}

export function isString(value: unknown, path: string, problems: Problems): value is string {
  if (typeof value === 'string') return true;
  problems.add(path, `expected a string, got ${shown(value)}`);
  return false;
}

export function isInteger(value: unknown, path: string, problems: Problems, min = 0): value is number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return true;
  problems.add(path, `expected an integer${Number.isFinite(min) ? ` >= ${min}` : ''}, got ${shown(value)}`);
  return false;
}

export function isNumber(value: unknown, path: string, problems: Problems, min = 0): value is number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min) return true;
  problems.add(path, `expected a number >= ${min}, got ${shown(value)}`);
  return false;
}

export function isOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string, problems: Problems): value is T {
  if (allowed.includes(value as T)) return true;
  problems.add(path, `expected one of ${allowed.join(', ')}, got ${shown(value)}`);
  return false;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

export function isTimestamp(value: unknown, path: string, problems: Problems): value is string {
  if (typeof value === 'string' && ISO_8601.test(value) && Number.isFinite(Date.parse(value))) return true;
  problems.add(path, `expected an ISO 8601 time like "2026-11-25T20:38:55.123Z", got ${shown(value)}`);
  return false;
}

/** Runs `check` on `object[key]` when the key is present: for the format's optional fields. */
export function optional(
  object: JsonObject,
  key: string,
  path: string,
  check: (value: unknown, path: string) => unknown,
): void {
  if (object[key] !== undefined) check(object[key], childPath(path, key));
}
