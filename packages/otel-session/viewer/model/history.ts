import { isObject, objects, text, type JsonObject } from './otlp.js';

/**
 * The session's history: one segment per process that wrote it (the header's `segments`), each with its
 * status, time span and, for a process that died, the crash cause. A file without `segments` (written
 * before they existed) reads as one segment made from the header.
 */

export interface CrashRecord {
  reason: string;
  signal?: string;
  exitCode?: string;
  errorName?: string;
  message?: string;
  stack?: string;
  time: number;
}

export interface Segment {
  /** 0-based position in the history. */
  index: number;
  start: number;
  end: number;
  status: string;
  writer?: { pid: string; host: string };
  crash?: CrashRecord;
}

function time(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : NaN;
}

export function crashRecord(value: unknown): CrashRecord | undefined {
  if (!isObject(value)) return undefined;
  const error = isObject(value.error) ? value.error : undefined;
  const optional = (v: unknown) => (v === undefined || v === null ? undefined : text(v));
  return {
    reason: text(value.reason ?? 'unknown'),
    signal: optional(value.signal),
    exitCode: optional(value.exitCode),
    errorName: optional(error?.name),
    message: optional(error?.message),
    stack: optional(error?.stack),
    time: time(value.time),
  };
}

/** "uncaughtException, exit code 1: Error: the message" */
export function describeCrash(crash: CrashRecord): string {
  const how = [crash.reason, crash.signal, crash.exitCode === undefined ? undefined : `exit code ${crash.exitCode}`].filter((p) => p !== undefined).join(', ');
  if (crash.message === undefined) return how;
  return `${how}: ${crash.errorName ? `${crash.errorName}: ` : ''}${crash.message}`;
}

function segment(object: JsonObject, index: number, fallbackEnd: number): Segment {
  const writer = isObject(object.writer) ? { pid: text(object.writer.pid), host: text(object.writer.host) } : undefined;
  const start = time(object.startTime);
  const end = time(object.endTime);
  return {
    index,
    start,
    end: Number.isFinite(end) ? end : fallbackEnd,
    status: text(object.status ?? 'unknown'),
    writer,
    crash: crashRecord(object.crash),
  };
}

export function readHistory(header: JsonObject): Segment[] {
  const update = time(header.updateTime);
  const listed = objects(header.segments);
  if (listed.length) return listed.map((s, i) => segment(s, i, i === listed.length - 1 ? update : NaN));
  return [
    segment({ startTime: header.startTime, endTime: header.endTime ?? header.updateTime, status: header.status, writer: header.writer, crash: header.crash }, 0, update),
  ];
}

/** When the process stopped: the crash record's time when it has a usable one, else the segment's last write. */
export function stopTime(segment: Segment): number {
  const time = segment.crash?.time;
  return time !== undefined && time >= segment.start && time <= segment.end ? time : segment.end;
}

/** Whether a segment ended with its process dying. */
export function isCrash(segment: Segment): boolean {
  return segment.status === 'crashed' || segment.crash !== undefined;
}
