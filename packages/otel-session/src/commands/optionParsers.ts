import { InvalidArgumentError } from 'commander';
import type { SessionStatus } from 'otel-session-file';
import { SESSION_STATUSES } from '../model/sessionStatuses.js';

/**
 * Parsers for option values. Commander reports what they throw as a usage error (exit code 2), with
 * the option's name in front of the message.
 */

/** An integer >= `min`. */
export function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isInteger(number) || number < min) {
      throw new InvalidArgumentError(`expected an integer >= ${min}, got ${JSON.stringify(value)}.`);
    }
    return number;
  };
}

/** A TCP port, 0 for any free one. */
export function port(value: string): number {
  const number = integerAtLeast(0)(value);
  if (number > 65535) throw new InvalidArgumentError(`expected a port from 0 to 65535, got ${value}.`);
  return number;
}

/** Permission bits in octal, as chmod takes them: `600`, `0644`. */
export function fileMode(value: string): number {
  if (!/^0?[0-7]{3}$/.test(value.trim())) throw new InvalidArgumentError(`expected permission bits in octal (600, 644), got ${JSON.stringify(value)}.`);
  return Number.parseInt(value.trim(), 8);
}

/** `key=value`, collected into a list over repeated options. */
export function keyValue(value: string, previous: Array<[string, string]> = []): Array<[string, string]> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected key=value, got ${JSON.stringify(value)}.`);
  return [...previous, [value.slice(0, at).trim(), value.slice(at + 1).trim()]];
}

/** Session statuses, comma-separated, collected into a list over repeated options. */
export function statusList(value: string, previous: SessionStatus[] = []): SessionStatus[] {
  const statuses = value.split(',').map((status) => status.trim());
  for (const status of statuses) {
    if (!(SESSION_STATUSES as readonly string[]).includes(status)) {
      throw new InvalidArgumentError(`expected one of ${SESSION_STATUSES.join(', ')} (or several, comma-separated), got ${JSON.stringify(status)}.`);
    }
  }
  return [...previous, ...(statuses as SessionStatus[])];
}
