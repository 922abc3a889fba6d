import { diag } from '@opentelemetry/api';

/**
 * Defaults from the environment, in the OpenTelemetry SDK's style: an option given in code wins, a
 * variable fills in what code left out, and a malformed variable is reported through `diag` and
 * ignored rather than thrown (the environment is not the programmer's code).
 */

/** The variables, by the option each one supplies. */
export const ENVIRONMENT = {
  directory: 'OTEL_SESSION_FILE_DIRECTORY',
  maxFiles: 'OTEL_SESSION_FILE_MAX_FILES',
  fsyncDirectory: 'OTEL_SESSION_FILE_FSYNC_DIRECTORY',
  sessionAttribute: 'OTEL_SESSION_FILE_SESSION_ATTRIBUTE',
  debounceMs: 'OTEL_SESSION_FILE_DEBOUNCE_MS',
  maxDelayMs: 'OTEL_SESSION_FILE_MAX_DELAY_MS',
  writeShare: 'OTEL_SESSION_FILE_WRITE_SHARE',
  maxSpansPerSession: 'OTEL_SESSION_FILE_MAX_SPANS_PER_SESSION',
  maxSessions: 'OTEL_SESSION_FILE_MAX_SESSIONS',
  exitHook: 'OTEL_SESSION_FILE_EXIT_HOOK',
  redact: 'OTEL_SESSION_FILE_REDACT',
} as const;

function raw(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function environmentString(name: string): string | undefined {
  return raw(name);
}

export function environmentNumber(name: string): number | undefined {
  const value = raw(name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (Number.isFinite(number)) return number;
  diag.warn(`otel-session-file: ignoring ${name}=${JSON.stringify(value)}: expected a number`);
  return undefined;
}

export function environmentBoolean(name: string): boolean | undefined {
  const value = raw(name)?.toLowerCase();
  if (value === undefined) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  diag.warn(`otel-session-file: ignoring ${name}=${JSON.stringify(value)}: expected true or false`);
  return undefined;
}
