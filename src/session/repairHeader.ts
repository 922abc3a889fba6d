import { isCount, isJsonObject as isObject } from '../encoding/coerce.js';
import type { CrashCause, SessionHeader, SessionSegment, SessionStatus, SessionWriter } from './SessionHeader.js';

/**
 * The header of an earlier file, held to what the format allows before any of it is written again: the
 * fields a continued session carries over (its history, its writer and crash, its counts and title). A
 * file this library wrote passes unchanged; one edited by hand may hold anything, and what is not valid
 * is left out, so that the next file is valid whatever was read.
 */

type Json = Record<string, unknown>;

const STATUSES: readonly SessionStatus[] = ['running', 'completed', 'error', 'interrupted', 'crashed'];
const CRASH_REASONS: readonly CrashCause['reason'][] = ['uncaughtException', 'unhandledRejection', 'signal', 'exit', 'flushSync'];
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && ISO_8601.test(value) && Number.isFinite(Date.parse(value));
}

function isWriter(value: unknown): value is SessionWriter {
  return isObject(value) && isCount(value.pid) && typeof value.host === 'string' && isTimestamp(value.startTime);
}

function isCrash(value: unknown): value is CrashCause {
  if (!isObject(value) || !CRASH_REASONS.includes(value.reason as CrashCause['reason']) || !isTimestamp(value.time)) return false;
  if (value.signal !== undefined && typeof value.signal !== 'string') return false;
  if (value.exitCode !== undefined && !Number.isSafeInteger(value.exitCode)) return false;
  const { error } = value;
  if (error === undefined) return true;
  return (
    isObject(error) &&
    typeof error.message === 'string' &&
    (error.name === undefined || typeof error.name === 'string') &&
    (error.stack === undefined || typeof error.stack === 'string')
  );
}

function isSegment(value: unknown): value is SessionSegment {
  return (
    isObject(value) &&
    isTimestamp(value.startTime) &&
    (value.endTime === undefined || isTimestamp(value.endTime)) &&
    STATUSES.includes(value.status as SessionStatus) &&
    isWriter(value.writer) &&
    (value.crash === undefined || isCrash(value.crash))
  );
}

/** `header` with the carried-over fields that are not valid left out or made valid. */
export function repairHeader(header: SessionHeader): SessionHeader {
  const read = header as unknown as Json;
  const repaired: Json = { ...read };
  const now = new Date().toISOString();
  if (!STATUSES.includes(read.status as SessionStatus)) repaired.status = 'interrupted';
  if (!isTimestamp(read.updateTime)) repaired.updateTime = isTimestamp(read.startTime) ? read.startTime : now;
  if (!isTimestamp(read.startTime)) repaired.startTime = repaired.updateTime;
  for (const key of ['droppedSpanCount', 'resumeCount']) if (read[key] !== undefined && !isCount(read[key])) delete repaired[key];
  for (const key of ['title', 'error']) if (read[key] !== undefined && typeof read[key] !== 'string') delete repaired[key];
  if (read.writer !== undefined && !isWriter(read.writer)) delete repaired.writer;
  if (read.crash !== undefined && !isCrash(read.crash)) delete repaired.crash;
  if (read.segments !== undefined) repaired.segments = Array.isArray(read.segments) ? read.segments.filter(isSegment) : [];
  return repaired as unknown as SessionHeader;
}
