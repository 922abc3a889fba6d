import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { context, trace, type Attributes, type Span } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import type { SpanRedactor } from '../../src/encoding/encodeSpan.js';
import { readPreviousSession, type PreviousSession } from '../../src/session/previousFile.js';
import { Session } from '../../src/session/Session.js';
import type { SessionHeader } from '../../src/session/SessionHeader.js';
import { currentWriter } from '../../src/session/writer.js';
import { captureDiag, type DiagCapture } from '../helpers/captureDiag.js';

const T0 = Date.UTC(2026, 0, 1);
const OTHER_WRITER = { pid: 1, host: 'elsewhere', startTime: '2025-12-31T00:00:00.000Z' };

let diagnostics: DiagCapture;
beforeEach(() => {
  diagnostics = captureDiag();
});
afterEach(() => diagnostics.restore());

const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })] });
const tracer = provider.getTracer('agent');

/** A span of a real SDK, started `at` ms after {@link T0}. */
function start(name: string, at = 0, parent?: Span, attributes: Attributes = {}): Span & ReadableSpan {
  const parentContext = parent === undefined ? context.active() : trace.setSpan(context.active(), parent);
  return tracer.startSpan(name, { startTime: T0 + at, attributes }, parentContext) as Span & ReadableSpan;
}

/** A span that started and ended in the session; `root` makes it a turn's root. */
function record(session: Session, name: string, at = 0, options: { root?: boolean; parent?: Span } = {}): ReadableSpan {
  const span = start(name, at, options.parent);
  session.spanStarted(span, options.root ?? false);
  span.end(T0 + at + 1);
  session.spanEnded(span);
  return span;
}

interface ParsedFile {
  session: SessionHeader;
  resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string; attributes?: Array<{ key: string; value: { stringValue?: string } }> }> }> }>;
}

function fileOf(session: Session, now = T0 + 10_000): ParsedFile {
  const snapshot = session.snapshot(now);
  return { session: snapshot.header, resourceSpans: JSON.parse(Buffer.concat(snapshot.resourceSpans).toString()) as ParsedFile['resourceSpans'] };
}

function spanNames(file: ParsedFile): string[] {
  return file.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.name)));
}

/** The file an earlier process left, with `header` fields overriding (another writer by default). */
function earlierFile(names: string[], header: Partial<SessionHeader> = {}, open: string[] = []): PreviousSession {
  const earlier = new Session('ses_1', 1_000, undefined);
  for (const [index, name] of names.entries()) record(earlier, name, index, { root: index === 0 });
  for (const name of open) earlier.spanStarted(start(name, 50), false);
  earlier.takeInEarlierFile(undefined);
  earlier.encodePending();
  const file = fileOf(earlier, T0 + 5_000);
  return readPreviousSession({ ...file, session: { ...file.session, writer: OTHER_WRITER, ...header } });
}

describe('Session', () => {
  describe('maxSpans', () => {
    it('drops the oldest ended spans beyond maxSpans, counts them, and keeps their usage in the summary', () => {
      const session = new Session('ses_1', 3, undefined);
      for (let i = 0; i < 5; i++) record(session, `span ${i}`, i);

      assert.equal(session.droppedSpanCount, 2);
      assert.equal(session.encodePending(), true);
      const file = fileOf(session);

      assert.deepEqual(spanNames(file), ['span 2', 'span 3', 'span 4']);
      assert.equal(file.session.droppedSpanCount, 2);
      assert.equal(file.session.spanCount, 3);
      assert.equal(file.session.summary?.spans, 5);
    });

    it('never drops the root span, waiting or encoded', () => {
      const session = new Session('ses_1', 2, undefined);
      const root = start('root', 0);
      session.spanStarted(root, true);
      for (let i = 0; i < 3; i++) record(session, `child ${i}`, i + 1, { parent: root });
      root.end(T0 + 10);
      session.spanEnded(root);
      record(session, 'after', 11);
      session.encodePending();
      for (let i = 0; i < 3; i++) record(session, `late ${i}`, 20 + i);
      session.encodePending();

      const file = fileOf(session);
      assert.ok(spanNames(file).includes('root'), spanNames(file).join());
      assert.equal(file.session.spanCount, 2);
      assert.deepEqual(spanNames(file), ['root', 'late 2']);
      assert.equal(session.droppedSpanCount, 6);
    });

    it('keeps a root that ended first while later spans overflow the waiting list', () => {
      const session = new Session('ses_1', 2, undefined);
      const root = start('root', 0);
      session.spanStarted(root, true);
      root.end(T0 + 1);
      session.spanEnded(root);
      for (let i = 0; i < 3; i++) record(session, `late ${i}`, 2 + i);

      assert.equal(session.pending[0], root);
      session.encodePending();
      assert.deepEqual(spanNames(fileOf(session)), ['root', 'late 2']);
      assert.equal(session.droppedSpanCount, 2);
    });

    it('drops the oldest spans of an earlier file taken in beyond maxSpans, and counts them', () => {
      const session = new Session('ses_1', 2, undefined);
      session.takeInEarlierFile(earlierFile(['a', 'b', 'c', 'd'], { droppedSpanCount: 7 }));

      const file = fileOf(session);
      assert.deepEqual(spanNames(file), ['c', 'd']);
      assert.equal(file.session.droppedSpanCount, 7 + 2);
    });
  });

  describe('takeInEarlierFile', () => {
    it('ends the wait for an earlier file without changing anything when there is none', () => {
      const session = new Session('ses_1', 10, undefined);
      const version = session.version;
      session.takeInEarlierFile(undefined);

      assert.equal(session.resumePending, false);
      assert.equal(session.version, version);
      assert.equal(session.resumeCount, 0);
      assert.equal(fileOf(session).session.segments?.length, 1);
    });

    it('continues a file of another process as a new segment, one more resume, its spans first', () => {
      const session = new Session('ses_1', 10, undefined);
      const previous = earlierFile(['earlier root', 'earlier child'], { resumeCount: 2, droppedSpanCount: 1, title: 'the task' });
      session.takeInEarlierFile(previous);
      const root = start('new root', 6_000);
      session.spanStarted(root, true);
      record(session, 'own', 6_001, { parent: root });
      root.end(T0 + 7_000);
      session.spanEnded(root);
      session.encodePending();

      const file = fileOf(session);
      assert.equal(session.resumeCount, 3);
      assert.equal(file.session.resumeCount, 3);
      assert.deepEqual(spanNames(file), ['earlier root', 'earlier child', 'new root', 'own']);
      assert.equal(file.session.droppedSpanCount, 1);
      assert.equal(file.session.title, 'the task');
      assert.equal(file.session.startTime, new Date(T0).toISOString(), 'the session started in the earlier process');
      const segments = file.session.segments!;
      assert.equal(segments.length, 2);
      assert.deepEqual(segments[0], {
        startTime: previous.header.segments!.at(-1)!.startTime,
        endTime: previous.header.updateTime,
        status: 'interrupted',
        writer: OTHER_WRITER,
      });
      assert.deepEqual(segments[1]!.writer, currentWriter());
    });

    it('keeps the segments of processes before the earlier one, and their crashes', () => {
      const crash = { reason: 'signal' as const, signal: 'SIGKILL', time: '2026-01-01T00:00:03.000Z' };
      const first = { startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T00:00:03.000Z', status: 'crashed' as const, writer: { ...OTHER_WRITER, pid: 7 }, crash };
      const session = new Session('ses_1', 10, undefined);
      session.takeInEarlierFile(
        earlierFile(['a'], { status: 'crashed', crash, resumeCount: 1, segments: [first, { startTime: '2026-01-01T00:00:04.000Z', status: 'crashed', writer: OTHER_WRITER }] }),
      );

      const segments = fileOf(session).session.segments!;
      assert.deepEqual(segments.slice(0, 2), [
        first,
        { startTime: '2026-01-01T00:00:04.000Z', endTime: '2026-01-01T00:00:05.000Z', status: 'crashed', writer: OTHER_WRITER, crash },
      ]);
      assert.equal(segments.length, 3);
      assert.equal(session.resumeCount, 2);
    });

    it('takes back a file this process wrote as the same segment, without counting a resume', () => {
      const session = new Session('ses_1', 10, undefined);
      const earlierSegment = { startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T00:00:01.000Z', status: 'interrupted' as const, writer: OTHER_WRITER };
      const ownSegment = { startTime: '2026-01-01T00:00:02.000Z', status: 'running' as const, writer: currentWriter() };
      session.takeInEarlierFile(earlierFile(['a'], { writer: currentWriter(), resumeCount: 1, segments: [earlierSegment, ownSegment] }));

      const file = fileOf(session);
      assert.equal(session.resumeCount, 1);
      assert.deepEqual(file.session.segments!.map((s) => s.startTime), [earlierSegment.startTime, ownSegment.startTime]);
      assert.deepEqual(file.session.segments![1]!.writer, currentWriter());
    });

    it('closes the spans the earlier process left open as interrupted, and counts them as open spans', () => {
      const session = new Session('ses_1', 10, undefined);
      session.takeInEarlierFile(earlierFile(['root'], {}, ['left open']));

      const file = fileOf(session);
      assert.equal(file.session.openSpanCount, 1);
      assert.equal(file.session.spanCount, 2);
      const leftOpen = file.resourceSpans[0]!.scopeSpans[0]!.spans.find((s) => s.name === 'left open')!;
      assert.equal(leftOpen.attributes?.find((a) => a.key === 'otel_session.span.state')?.value.stringValue, 'interrupted');
    });

    it('takes in the sibling files of processes that continued it beside the holder, each as a segment in time order', () => {
      const session = new Session('ses_1', 10, undefined);
      const previous = earlierFile(['main'], { resumeCount: 1, startTime: '2026-01-01T00:00:00.000Z' });
      const late = earlierFile(['late sibling'], { writer: { ...OTHER_WRITER, pid: 3 }, startTime: '2026-01-01T00:00:09.000Z', segments: undefined });
      const early = earlierFile(['early sibling'], { writer: { ...OTHER_WRITER, pid: 2 }, startTime: '2026-01-01T00:00:00.500Z', segments: undefined });
      session.takeInEarlierFile({ ...previous, siblings: [late, early] });

      const file = fileOf(session);
      assert.equal(session.resumeCount, 1 + 1 + 2);
      assert.deepEqual(spanNames(file), ['main', 'late sibling', 'early sibling']);
      const pids = file.session.segments!.map((s) => s.writer.pid);
      assert.deepEqual(pids, [OTHER_WRITER.pid, 2, 3, process.pid]);
    });
  });

  describe('snapshot', () => {
    it('writes the spans still open as open, counted in the header', () => {
      const session = new Session('ses_1', 10, undefined);
      const root = start('root', 0);
      session.spanStarted(root, true);
      record(session, 'done', 1, { parent: root });
      session.encodePending();

      const file = fileOf(session);
      assert.deepEqual(spanNames(file), ['done', 'root']);
      assert.equal(file.session.openSpanCount, 1);
      assert.equal(file.session.spanCount, 2);
      assert.equal(file.session.title, 'root', 'an open root names the session');
      const state = file.resourceSpans[0]!.scopeSpans[0]!.spans[1]!.attributes?.find((a) => a.key === 'otel_session.span.state');
      assert.equal(state?.value.stringValue, 'open');
    });

    it('writes the spans still open of a crashed session as crashed, with the crash\'s words, redacted', () => {
      const redactor: SpanRedactor = { attribute: (_key, value) => value, text: (text) => text.replaceAll('sk-123', '[REDACTED]') };
      const session = new Session('ses_1', 10, redactor);
      session.spanStarted(start('root', 0), true);
      session.status = 'crashed';
      session.crash = { reason: 'uncaughtException', error: { name: 'Error', message: 'key sk-123 refused' }, time: new Date(T0).toISOString() };

      const snapshot = session.snapshot(T0 + 1_000);
      const text = Buffer.concat(snapshot.resourceSpans).toString();

      assert.match(text, /"stringValue":"crashed"/);
      assert.match(text, /session crashed: key \[REDACTED\] refused/);
      assert.doesNotMatch(text, /sk-123/);
      assert.equal(snapshot.header.crash?.error?.message, 'key [REDACTED] refused');
    });

    it('leaves out a span that cannot be encoded, counts it as dropped and says so once', () => {
      const session = new Session('ses_1', 10, undefined);
      for (const name of ['bad 1', 'bad 2']) {
        const span = start(name, 0);
        span.end(T0 + 1);
        const broken = Object.create(span, { spanContext: { value: () => ({ traceId: 'not hex', spanId: 'x', traceFlags: 1 }) } }) as ReadableSpan;
        session.spanEnded(broken);
      }
      record(session, 'good', 2);

      session.encodePending();
      const file = fileOf(session);

      assert.deepEqual(spanNames(file), ['good']);
      assert.equal(file.session.droppedSpanCount, 2);
      assert.equal(diagnostics.messages('warn').filter((m) => m.includes('could not be encoded')).length, 1);
    });
  });

  it('encodes waiting spans only up to the deadline, and the rest on the next call', () => {
    const session = new Session('ses_1', 10, undefined);
    for (let i = 0; i < 3; i++) record(session, `span ${i}`, i);

    assert.equal(session.encodePending(-Infinity), false);
    assert.equal(session.pending.length, 2);
    assert.equal(session.encodePending(), true);
    assert.deepEqual(spanNames(fileOf(session)), ['span 0', 'span 1', 'span 2']);
  });

  it('encodes the spans ended before a mark and leaves those ended later, whoever took some first', () => {
    const session = new Session('ses_1', 100, undefined);
    for (let i = 0; i < 4; i++) record(session, `before ${i}`, i);
    const mark = session.endedCount;
    // The background encoder takes one of them, and more spans end, before the write goes on.
    session.encodePending(-Infinity);
    for (let i = 0; i < 3; i++) record(session, `after ${i}`, 10 + i);

    assert.equal(session.encodeEndedBefore(mark, -Infinity), false, 'stops at the deadline');
    assert.equal(session.encodeEndedBefore(mark), true);
    assert.deepEqual(spanNames(fileOf(session)), ['before 0', 'before 1', 'before 2', 'before 3']);
    assert.equal(session.pending.length, 3);
    assert.equal(session.endedCount, 7);
  });

  it('frees its spans once released', () => {
    const session = new Session('ses_1', 10, undefined);
    record(session, 'a');
    session.encodePending();
    record(session, 'b');

    session.release();

    assert.equal(session.encoded.count, 0);
    assert.equal(session.pending.length, 0);
  });
});
