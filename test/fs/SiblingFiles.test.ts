import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { SessionFileExporter } from '../../src/SessionFileExporter.js';
import { SessionSpanProcessor } from '../../src/SessionSpanProcessor.js';
import { sessionFileKey } from '../../src/fs/sessionFileName.js';
import { siblingFileName } from '../../src/fs/storedSession.js';
import type { SessionHeader, SessionSegment, SessionWriter } from '../../src/session/SessionHeader.js';
import { headerOf } from '../helpers/sessionSnapshot.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';
import { assertValidSessionFile } from '../helpers/validateSessionFile.js';

after(removeTempDirs);

const ID = 'shared';
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

interface FileSpan {
  name: string;
}

interface File {
  session: SessionHeader;
  resourceSpans: Array<{ scopeSpans: Array<{ spans: FileSpan[] }> }>;
}

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

function writer(pid: number, startTime: string, host = hostname()): SessionWriter {
  return { pid, host, startTime };
}

function segment(by: SessionWriter, startTime: string, endTime: string): SessionSegment {
  return { startTime, endTime, status: 'completed', writer: by };
}

/** A completed session file written by `by`, holding one ended span per name. */
function fileText(by: SessionWriter, names: string[], segments: SessionSegment[], summary = { spans: names.length }): string {
  const spans = names.map((name, index) => ({
    traceId: TRACE_ID,
    spanId: `${(index + 1).toString(16).padStart(2, '0')}${by.pid.toString(16).padStart(14, '0')}`,
    name,
    kind: 1,
    startTimeUnixNano: '1795639135123000000',
    endTimeUnixNano: '1795639135124000000',
    attributes: [],
    status: { code: 0 },
  }));
  const header = headerOf(ID, { status: 'completed', writer: by, segments, spanCount: spans.length, summary: summary as SessionHeader['summary'], startTime: segments[0]!.startTime, updateTime: segments.at(-1)!.endTime });
  return JSON.stringify({ session: header, resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 't' }, spans }] }] });
}

/** Continues the session in this process with one span, as the next process would, and returns its file. */
async function continueSession(directory: string): Promise<File> {
  const exporter = new SessionFileExporter({ directory });
  const provider = new TracerProvider({ spanProcessors: [new SessionSpanProcessor({ exporter, exitHook: false })] });
  provider.getTracer('t').startSpan('now', { attributes: { 'session.id': ID } }).end();
  await provider.shutdown();
  const text = readFileSync(exporter.pathFor(ID), 'utf8');
  assertValidSessionFile(text);
  return JSON.parse(text) as File;
}

function spanNames(file: File): string[] {
  return file.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name))).sort();
}

describe('sibling files of a session', () => {
  const key = sessionFileKey(ID);
  const A = writer(deadPid(), '2026-11-25T10:00:00.000Z');
  const B = writer(deadPid(), '2026-11-25T10:00:05.000Z');
  const segmentA = segment(A, '2026-11-25T10:00:01.000Z', '2026-11-25T10:02:00.000Z');
  const segmentB = segment(B, '2026-11-25T10:00:06.000Z', '2026-11-25T10:01:00.000Z');

  it('are taken into the session file by the next process, in time order, and removed once it is written', async () => {
    const directory = await tempDir();
    writeFileSync(join(directory, `${key}.json`), fileText(A, ['a-1', 'a-2'], [segmentA], { spans: 2, llmCalls: 1 } as never));
    writeFileSync(join(directory, siblingFileName(key, B.pid)), fileText(B, ['b-1'], [segmentB], { spans: 1, llmCalls: 2 } as never));
    const file = await continueSession(directory);
    assert.deepEqual(readdirSync(directory), [`${key}.json`]);
    assert.deepEqual(spanNames(file), ['a-1', 'a-2', 'b-1', 'now']);
    assert.deepEqual(file.session.segments?.map((s) => s.writer.pid), [A.pid, B.pid, process.pid]);
    assert.equal(file.session.resumeCount, 2);
    assert.equal(file.session.summary?.spans, 4);
    assert.equal(file.session.summary?.llmCalls, 3);
  });

  it('are not taken in twice: one whose run the file lists already is only removed', async () => {
    const directory = await tempDir();
    // Process C took B's file in beside A's, and died before removing it.
    const C = writer(deadPid(), '2026-11-25T10:05:00.000Z');
    const segmentC = segment(C, '2026-11-25T10:05:01.000Z', '2026-11-25T10:06:00.000Z');
    writeFileSync(join(directory, `${key}.json`), fileText(C, ['a-1', 'b-1', 'c-1'], [segmentA, segmentB, segmentC]));
    writeFileSync(join(directory, siblingFileName(key, B.pid)), fileText(B, ['b-1'], [segmentB]));
    const file = await continueSession(directory);
    assert.deepEqual(readdirSync(directory), [`${key}.json`]);
    assert.deepEqual(spanNames(file), ['a-1', 'b-1', 'c-1', 'now']);
    assert.deepEqual(file.session.segments?.map((s) => s.writer.pid), [A.pid, B.pid, C.pid, process.pid]);
  });

  it('stand in for a session file that was never written, the oldest first', async () => {
    const directory = await tempDir();
    writeFileSync(join(directory, siblingFileName(key, B.pid)), fileText(B, ['b-1'], [segmentB]));
    const C = writer(deadPid(), '2026-11-25T10:00:07.000Z');
    writeFileSync(join(directory, siblingFileName(key, C.pid)), fileText(C, ['c-1'], [segment(C, '2026-11-25T10:00:08.000Z', '2026-11-25T10:00:30.000Z')]));
    const file = await continueSession(directory);
    assert.deepEqual(readdirSync(directory), [`${key}.json`]);
    assert.deepEqual(spanNames(file), ['b-1', 'c-1', 'now']);
    assert.deepEqual(file.session.segments?.map((s) => s.writer.pid), [B.pid, C.pid, process.pid]);
  });

  it('are left alone while their writer lives, or when it ran on another host', async () => {
    const directory = await tempDir();
    writeFileSync(join(directory, `${key}.json`), fileText(A, ['a-1'], [segmentA]));
    // This process stands for a live writer: a file it may still rewrite.
    const live = writer(process.pid, '2026-11-25T10:00:05.000Z');
    const elsewhere = writer(B.pid, '2026-11-25T10:00:06.000Z', `not-${hostname()}`);
    const liveName = siblingFileName(key, live.pid);
    const elsewhereName = `${key}~pid${B.pid}.json`;
    writeFileSync(join(directory, liveName), fileText(live, ['live-1'], [segment(live, '2026-11-25T10:00:05.000Z', '2026-11-25T10:00:09.000Z')]));
    writeFileSync(join(directory, elsewhereName), fileText(elsewhere, ['far-1'], [segment(elsewhere, '2026-11-25T10:00:06.000Z', '2026-11-25T10:00:09.000Z')]));
    const file = await continueSession(directory);
    assert.deepEqual(readdirSync(directory).sort(), [`${key}.json`, elsewhereName, liveName].sort());
    assert.deepEqual(spanNames(file), ['a-1', 'now']);
  });

  it('stay until a write of the session file lists them', async () => {
    const directory = await tempDir();
    writeFileSync(join(directory, `${key}.json`), fileText(A, ['a-1'], [segmentA]));
    const siblingName = siblingFileName(key, B.pid);
    writeFileSync(join(directory, siblingName), fileText(B, ['b-1'], [segmentB]));
    const exporter = new SessionFileExporter({ directory });
    const previous = await exporter.readSession(ID);
    assert.deepEqual(previous?.siblings?.map((sibling) => sibling.header.writer?.pid), [B.pid]);
    // A write of a state that did not take B in (a crash record made from the file alone, say).
    const header = headerOf(ID, { status: 'crashed', writer: writer(process.pid, 'now'), segments: [segmentA], spanCount: 0 });
    assert.equal((await exporter.exportSession({ header, resourceSpans: [Buffer.from('[]')] })).code, 0);
    assert.ok(readdirSync(directory).includes(siblingName));
    const listed = { ...header, segments: [segmentA, segmentB] };
    assert.equal(exporter.exportSessionSync({ header: listed, resourceSpans: [Buffer.from('[]')] }).code, 0);
    assert.ok(!readdirSync(directory).includes(siblingName));
    await exporter.shutdown();
  });
});
