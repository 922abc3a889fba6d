import { utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { SessionHeader, SessionWriter } from '../../src/session/SessionHeader.js';
import type { SessionSnapshot } from '../../src/session/SessionSnapshot.js';
import { sessionFileName } from '../../src/fs/sessionFileName.js';

/** Builders for session headers, snapshots and session files made outside the exporter. */

/** A valid header for `id`; `fields` override. */
export function headerOf(id: string, fields: Partial<SessionHeader> = {}): SessionHeader {
  return {
    formatVersion: 1,
    id,
    status: 'running',
    startTime: '2026-11-25T20:38:55.123Z',
    updateTime: '2026-11-25T20:39:01.456Z',
    spanCount: 1,
    openSpanCount: 0,
    droppedSpanCount: 0,
    ...fields,
  };
}

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';
const NANOS = '1795639135123000000';

/**
 * A valid snapshot of `id` whose single span carries `marker` as an attribute, so that a test can tell which
 * write a file holds. `paddingBytes` makes the file larger.
 */
export function snapshotOf(
  id: string,
  marker: string,
  options: { header?: Partial<SessionHeader>; paddingBytes?: number } = {},
): SessionSnapshot {
  const padding = 'x'.repeat(options.paddingBytes ?? 0);
  const spans = `[{"resource":{"attributes":[]},"scopeSpans":[{"scope":{"name":"test"},"spans":[{"traceId":"${TRACE_ID}","spanId":"${SPAN_ID}","name":${JSON.stringify(marker)},"startTimeUnixNano":"${NANOS}","endTimeUnixNano":"${NANOS}","attributes":[{"key":"padding","value":{"stringValue":"${padding}"}}]}]}]}]`;
  const bytes = Buffer.from(spans);
  // Several chunks, split at arbitrary places, as the processor hands them out.
  const third = Math.floor(bytes.length / 3);
  return {
    header: headerOf(id, options.header),
    resourceSpans: [bytes.subarray(0, third), bytes.subarray(third, 2 * third), bytes.subarray(2 * third)],
  };
}

/** The marker of the snapshot a session file holds (see {@link snapshotOf}). */
export function markerOf(fileText: string): string {
  const parsed = JSON.parse(fileText) as {
    resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }>;
  };
  return parsed.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.name;
}

/** This process, as a writer in a header. */
export function liveWriter(): SessionWriter {
  return { pid: process.pid, host: hostname(), startTime: '2026-11-25T20:38:55.000Z' };
}

/**
 * Writes a session file for `header` directly (as another process would) with modification time
 * `mtime`, and returns its file name.
 */
export async function writeSessionFile(directory: string, header: SessionHeader, mtime: Date): Promise<string> {
  const name = sessionFileName(header.id);
  const path = join(directory, name);
  await writeFile(path, `{"session":${JSON.stringify(header)},"resourceSpans":[]}\n`);
  await utimes(path, mtime, mtime);
  return name;
}
