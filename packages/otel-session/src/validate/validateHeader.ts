import type { CrashCause } from 'otel-session-file';
import { SESSION_STATUSES } from '../model/sessionStatuses.js';
import { childPath as at, type Problems } from './Problems.js';
import { isArray, isInteger, isNumber, isObject, isOneOf, isString, isTimestamp, optional, type JsonObject } from './checks.js';

/**
 * The `session` header against docs/file-format.md: every field's type, the status and crash enums,
 * and the nested writer, segments and summary. Unknown fields are allowed (a later minor version may
 * add some); counts are compared with the spans by validateSessionFile.
 */

const CRASH_REASONS: readonly CrashCause['reason'][] = ['uncaughtException', 'unhandledRejection', 'signal', 'exit', 'flushSync'];

function crash(value: unknown, path: string, problems: Problems): void {
  if (!isObject(value, path, problems)) return;
  isOneOf(value.reason, CRASH_REASONS, at(path, 'reason'), problems);
  isTimestamp(value.time, at(path, 'time'), problems);
  optional(value, 'signal', path, (v, p) => isString(v, p, problems));
  optional(value, 'exitCode', path, (v, p) => isInteger(v, p, problems, -Infinity));
  optional(value, 'error', path, (error, errorPath) => {
    if (!isObject(error, errorPath, problems)) return;
    isString(error.message, at(errorPath, 'message'), problems);
    optional(error, 'name', errorPath, (v, p) => isString(v, p, problems));
    optional(error, 'stack', errorPath, (v, p) => isString(v, p, problems));
  });
}

function writer(value: unknown, path: string, problems: Problems): void {
  if (!isObject(value, path, problems)) return;
  isInteger(value.pid, at(path, 'pid'), problems);
  isString(value.host, at(path, 'host'), problems);
  isTimestamp(value.startTime, at(path, 'startTime'), problems);
}

function segment(value: unknown, path: string, problems: Problems): void {
  if (!isObject(value, path, problems)) return;
  isTimestamp(value.startTime, at(path, 'startTime'), problems);
  optional(value, 'endTime', path, (v, p) => isTimestamp(v, p, problems));
  isOneOf(value.status, SESSION_STATUSES, at(path, 'status'), problems);
  writer(value.writer, at(path, 'writer'), problems);
  optional(value, 'crash', path, (v, p) => crash(v, p, problems));
}

function summary(value: unknown, path: string, problems: Problems): void {
  if (!isObject(value, path, problems)) return;
  isNumber(value.durationMs, at(path, 'durationMs'), problems);
  for (const key of ['spans', 'errors', 'llmCalls']) isInteger(value[key], at(path, key), problems);
  const toolsPath = at(path, 'toolCalls');
  if (isObject(value.toolCalls, toolsPath, problems)) {
    for (const [tool, calls] of Object.entries(value.toolCalls)) isInteger(calls, at(toolsPath, tool), problems);
  }
  const tokensPath = at(path, 'tokens');
  if (isObject(value.tokens, tokensPath, problems)) {
    for (const key of ['input', 'output', 'cacheRead', 'cacheCreation', 'total']) isNumber(value.tokens[key], at(tokensPath, key), problems);
  }
  optional(value, 'cost', path, (v, p) => isNumber(v, p, problems));
  const modelsPath = at(path, 'models');
  if (isArray(value.models, modelsPath, problems)) value.models.forEach((model, i) => isString(model, at(modelsPath, i), problems));
}

/** Checks the header at `path`; returns it when it is an object, for the count checks. */
export function validateHeader(value: unknown, path: string, problems: Problems): JsonObject | undefined {
  if (!isObject(value, path, problems)) return undefined;
  if (value.formatVersion !== 1) problems.add(at(path, 'formatVersion'), `expected 1 (the version this CLI reads), got ${JSON.stringify(value.formatVersion)}`);
  if (isString(value.id, at(path, 'id'), problems) && value.id === '') problems.add(at(path, 'id'), 'must not be empty');
  isOneOf(value.status, SESSION_STATUSES, at(path, 'status'), problems);
  optional(value, 'title', path, (v, p) => isString(v, p, problems));
  isTimestamp(value.startTime, at(path, 'startTime'), problems);
  isTimestamp(value.updateTime, at(path, 'updateTime'), problems);
  optional(value, 'endTime', path, (v, p) => isTimestamp(v, p, problems));
  for (const key of ['spanCount', 'openSpanCount', 'droppedSpanCount']) isInteger(value[key], at(path, key), problems);
  optional(value, 'error', path, (v, p) => isString(v, p, problems));
  optional(value, 'crash', path, (v, p) => crash(v, p, problems));
  optional(value, 'writer', path, (v, p) => writer(v, p, problems));
  optional(value, 'resumeCount', path, (v, p) => isInteger(v, p, problems));
  optional(value, 'segments', path, (segments, segmentsPath) => {
    if (isArray(segments, segmentsPath, problems)) segments.forEach((s, i) => segment(s, at(segmentsPath, i), problems));
  });
  optional(value, 'summary', path, (v, p) => summary(v, p, problems));
  return value;
}
