import { hostname } from 'node:os';
import type { SessionWriter } from './SessionHeader.js';

const processStart = new Date(Date.now() - process.uptime() * 1000).toISOString();
let writer: SessionWriter | undefined;

/** This process as a session file's writer; computed once, the host name cannot change under us. */
export function currentWriter(): SessionWriter {
  writer ??= { pid: process.pid, host: hostname(), startTime: processStart };
  return writer;
}

/** Whether two headers name one process as their writer (a pid alone can be reused). */
export function isSameWriter(a: SessionWriter | undefined, b: SessionWriter | undefined): boolean {
  return a !== undefined && b !== undefined && a.pid === b.pid && a.host === b.host && a.startTime === b.startTime;
}
