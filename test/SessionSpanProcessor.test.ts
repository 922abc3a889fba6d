import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { context, propagation, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { W3CBaggagePropagator, isTracingSuppressed } from '@opentelemetry/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider, InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { ExportResultCode } from '@opentelemetry/core';
import { SessionSpanProcessor } from '../src/SessionSpanProcessor.js';
import type { SessionSpanProcessorOptions } from '../src/types.js';
import { RecordingSessionExporter, spanNames } from './doubles/RecordingSessionExporter.js';
import { SessionFileExporter } from '../src/SessionFileExporter.js';
import { captureDiag } from './helpers/captureDiag.js';
import { FailingFs } from './helpers/FailingFs.js';
import { readSessionHeader } from '../src/fs/readSessionHeader.js';
import { removeTempDirs, tempDir } from './helpers/tempDir.js';
import { until } from './faults/pipeline.js';

const providers: Array<{ shutdown(): Promise<void> }> = [];

function setup(options: Partial<SessionSpanProcessorOptions> = {}) {
  const exporter = new RecordingSessionExporter();
  const processor = new SessionSpanProcessor({ exporter, debounceMs: 5, exitHook: false, ...options });
  const provider = new TracerProvider({ spanProcessors: [processor] });
  providers.push(provider);
  const tracer = provider.getTracer('test');
  return { exporter, processor, provider, tracer };
}

function child(tracer: ReturnType<TracerProvider['getTracer']>, name: string, parent: Span, attributes = {}): Span {
  return tracer.startSpan(name, { attributes }, trace.setSpan(context.active(), parent));
}

afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.shutdown()));
});
after(removeTempDirs);

describe('SessionSpanProcessor', () => {
  describe('sessions', () => {
    it('puts a span in the session its attribute names and children in their parent session', async () => {
      const { exporter, processor, tracer } = setup();
      const root = tracer.startSpan('turn', { attributes: { 'session.id': 's1' } });
      const llm = child(tracer, 'llm', root);
      child(tracer, 'tool', llm).end();
      llm.end();
      tracer.startSpan('unrelated').end();
      await processor.forceFlush();
      assert.deepEqual(spanNames(exporter.last('s1')).sort(), ['llm', 'tool', 'turn']);
      assert.equal(exporter.last('s1')?.session.openSpanCount, 1);
      assert.equal(exporter.landed.every((w) => w.stored.session.id === 's1'), true);
    });

    it('puts a span started after its parent ended in the parent session', async () => {
      const { exporter, processor, tracer } = setup();
      const root = tracer.startSpan('turn', { attributes: { 'session.id': 'late-child' } });
      const step = child(tracer, 'step', root);
      step.end();
      child(tracer, 'background upload', step).end();
      root.end();
      await processor.forceFlush();
      assert.deepEqual(spanNames(exporter.last('late-child')).sort(), ['background upload', 'step', 'turn']);
    });

    it('takes the session from a baggage entry of the parent context', async () => {
      propagation.setGlobalPropagator(new W3CBaggagePropagator());
      const { exporter, processor, tracer } = setup();
      const ctx = propagation.setBaggage(context.active(), propagation.createBaggage({ 'session.id': { value: 'from-baggage' } }));
      tracer.startSpan('remote work', {}, ctx).end();
      await processor.forceFlush();
      assert.deepEqual(spanNames(exporter.last('from-baggage')), ['remote work']);
    });

    it('follows the active context under a TracerProvider with AsyncLocalStorage', async () => {
      const exporter = new RecordingSessionExporter();
      const processor = new SessionSpanProcessor({ exporter, debounceMs: 5, exitHook: false });
      const provider = new TracerProvider({ spanProcessors: [processor] });
      providers.push(provider);
      const contextManager = new AsyncLocalStorageContextManager().enable();
      context.setGlobalContextManager(contextManager);
      try {
        const tracer = provider.getTracer('node');
        await tracer.startActiveSpan('turn', { attributes: { 'session.id': 'als' } }, async (root) => {
          await Promise.all(
            [1, 2, 3].map((n) =>
              tracer.startActiveSpan(`tool ${n}`, async (span) => {
                await new Promise((resolve) => setTimeout(resolve, n));
                tracer.startSpan(`inner ${n}`).end();
                span.end();
              }),
            ),
          );
          root.end();
        });
        await processor.forceFlush();
        const stored = exporter.last('als');
        assert.equal(stored?.session.status, 'completed');
        assert.equal(spanNames(stored).length, 7);
      } finally {
        context.disable();
      }
    });

    it('ends the session as completed when its root span ends, and as error when the root failed', async () => {
      const { exporter, processor, tracer } = setup();
      tracer.startSpan('ok turn', { attributes: { 'session.id': 'good' } }).end();
      const bad = tracer.startSpan('bad turn', { attributes: { 'session.id': 'bad' } });
      bad.setStatus({ code: SpanStatusCode.ERROR, message: 'model refused' });
      bad.end();
      await processor.forceFlush();
      assert.equal(exporter.last('good')?.session.status, 'completed');
      assert.equal(exporter.last('bad')?.session.status, 'error');
      assert.equal(exporter.last('bad')?.session.error, 'model refused');
    });

    it('rewrites the file of an ended session with a span that ends after it', async () => {
      const { exporter, processor, tracer } = setup();
      const root = tracer.startSpan('turn', { attributes: { 'session.id': 'late' } });
      const straggler = child(tracer, 'background upload', root);
      root.end();
      await processor.forceFlush();
      assert.equal(exporter.last('late')?.session.openSpanCount, 1);
      straggler.end();
      await processor.forceFlush();
      const stored = exporter.last('late');
      assert.equal(stored?.session.status, 'completed');
      assert.equal(stored?.session.openSpanCount, 0);
      assert.deepEqual(spanNames(stored).sort(), ['background upload', 'turn']);
    });

    it('keeps the root and the newest spans when a session exceeds maxSpansPerSession', async () => {
      const { exporter, processor, tracer } = setup({ maxSpansPerSession: 10 });
      const root = tracer.startSpan('root', { attributes: { 'session.id': 'big' } });
      for (let i = 0; i < 50; i++) child(tracer, `step ${i}`, root).end();
      root.end();
      await processor.forceFlush();
      const stored = exporter.last('big');
      const names = spanNames(stored);
      assert.equal(names.length, 10);
      assert.ok(names.includes('root'));
      assert.ok(names.includes('step 49'));
      assert.ok(!names.includes('step 0'));
      assert.equal(stored?.session.droppedSpanCount, 41);
    });

    it('drops and counts spans of sessions beyond maxSessions', async () => {
      const { exporter, processor, tracer } = setup({ maxSessions: 2 });
      const open = ['a', 'b'].map((id) => tracer.startSpan(id, { attributes: { 'session.id': id } }));
      tracer.startSpan('c', { attributes: { 'session.id': 'c' } }).end();
      await processor.forceFlush();
      assert.equal(exporter.last('c'), undefined);
      for (const span of open) span.end();
      await processor.forceFlush();
      tracer.startSpan('d', { attributes: { 'session.id': 'd' } }).end();
      await processor.forceFlush();
      assert.equal(exporter.last('d')?.session.status, 'completed');
    });
  });

  describe('sessions whose spans are first seen at their end', () => {
    const startTime = new Date('2026-11-25T20:38:55.123Z');

    it('completes a session whose spans get the attribute only as they end, children first', async () => {
      const { exporter, processor, tracer } = setup();
      const root = tracer.startSpan('chain', { startTime });
      const llm = child(tracer, 'llm', root);
      child(tracer, 'tool', llm).setAttribute('session.id', 'oi').end();
      llm.setAttribute('session.id', 'oi');
      llm.end();
      await processor.forceFlush();
      assert.equal(exporter.last('oi')?.session.status, 'running');
      root.setAttribute('session.id', 'oi');
      root.end();
      await processor.forceFlush();
      const stored = exporter.last('oi')!;
      assert.equal(stored.session.status, 'completed');
      assert.equal(stored.session.startTime, startTime.toISOString());
      assert.equal(stored.session.segments?.[0]?.startTime, startTime.toISOString(), 'the process wrote the session from its first span on');
      assert.equal(stored.session.title, 'chain');
      assert.ok((stored.session.summary?.durationMs ?? 0) > 0);
      assert.deepEqual(spanNames(stored).sort(), ['chain', 'llm', 'tool']);
    });

    it('takes in a root that never carries the attribute when its children did, and completes with it', async () => {
      const { exporter, processor, tracer } = setup();
      const root = tracer.startSpan('user turn', { startTime });
      const first = child(tracer, 'first', root, {});
      const second = child(tracer, 'second', root, {});
      for (const span of [first, second]) {
        span.setAttribute('session.id', 'bare-root');
        span.end();
      }
      root.end();
      await processor.forceFlush();
      const stored = exporter.last('bare-root')!;
      assert.equal(stored.session.status, 'completed');
      assert.equal(stored.session.startTime, startTime.toISOString());
      assert.equal(stored.session.title, 'user turn');
      assert.deepEqual(spanNames(stored).sort(), ['first', 'second', 'user turn']);
    });

    it('takes in the children of a span whose attribute was set after it started', async () => {
      const { exporter, processor, tracer } = setup();
      const root = tracer.startSpan('agent', { startTime });
      root.setAttribute('session.id', 'set-later');
      child(tracer, 'step', root).end();
      await processor.forceFlush();
      assert.equal(exporter.last('set-later')?.session.status, 'running');
      assert.equal(exporter.last('set-later')?.session.startTime, startTime.toISOString());
      root.end();
      await processor.forceFlush();
      const stored = exporter.last('set-later')!;
      assert.equal(stored.session.status, 'completed');
      assert.equal(stored.session.title, 'agent');
      assert.deepEqual(spanNames(stored).sort(), ['agent', 'step']);
    });

    it('puts a span whose parent is a remote context of the session trace in that session', async () => {
      const { exporter, processor, tracer } = setup();
      const root = tracer.startSpan('agent turn', { attributes: { 'session.id': 'http' } });
      const client = child(tracer, 'GET /tool', root);
      // What an in-process HTTP server sees: the client's context, extracted from the request headers.
      const remote = trace.setSpanContext(context.active(), { ...client.spanContext(), isRemote: true });
      const server = tracer.startSpan('GET /tool (server)', {}, remote);
      tracer.startSpan('handler', {}, trace.setSpan(context.active(), server)).end();
      server.end();
      client.end();
      root.end();
      await processor.forceFlush();
      const stored = exporter.last('http')!;
      assert.deepEqual(spanNames(stored).sort(), ['GET /tool', 'GET /tool (server)', 'agent turn', 'handler']);
      assert.equal(stored.session.status, 'completed');
    });
  });

  describe('snapshots', () => {
    it('runs exactly one follow-up after a burst that arrives while a write is in flight', async () => {
      const { exporter, processor, tracer } = setup();
      const root = tracer.startSpan('turn', { attributes: { 'session.id': 'burst' } });
      exporter.hold();
      await exporter.whenStarted(1);
      for (let i = 0; i < 8; i++) child(tracer, `event ${i}`, root).end();
      assert.equal(exporter.started, 1);
      exporter.release();
      await exporter.whenStarted(2);
      await processor.forceFlush();
      assert.equal(exporter.started, 2);
      const names = spanNames(exporter.last('burst'));
      for (let i = 0; i < 8; i++) assert.ok(names.includes(`event ${i}`), `event ${i} is on disk`);
    });

    it('writes during a burst that ends spans faster than they can be encoded', async () => {
      const { exporter, processor, tracer } = setup({ debounceMs: 20, maxSpansPerSession: 1_000_000 });
      const root = tracer.startSpan('turn', { attributes: { 'session.id': 'flood' } });
      const payload = 'x'.repeat(200);
      let ended = 0;
      const started = performance.now();
      // Each turn of the event loop ends more spans than one encoding slice takes, until a write lands.
      await new Promise<void>((resolve) => {
        const turn = () => {
          if (exporter.landed.length > 0 || performance.now() - started > 3_000) return resolve();
          for (let i = 0; i < 4_000; i++) child(tracer, `flood ${ended++}`, root, { payload }).end();
          setImmediate(turn);
        };
        turn();
      });
      assert.equal(exporter.landed.length, 1, `no write landed while the burst ended ${ended} spans in ${(performance.now() - started).toFixed(0)} ms`);
      assert.ok(spanNames(exporter.last('flood')).some((name) => name.startsWith('flood ')));
      root.end();
      await processor.forceFlush();
    });

    it('debounces a burst into one write', async () => {
      const { exporter, processor, tracer } = setup({ debounceMs: 50 });
      const root = tracer.startSpan('turn', { attributes: { 'session.id': 'debounced' } });
      for (let i = 0; i < 100; i++) child(tracer, `event ${i}`, root).end();
      await exporter.whenStarted(1);
      await processor.forceFlush();
      assert.equal(exporter.started, 1);
      assert.equal(spanNames(exporter.last('debounced')).length, 101);
    });

    it('shares one write budget between sessions growing together, and keeps each within maxDelayMs', async () => {
      const writeMs = 20;
      const maxDelayMs = 400;
      const starts = new Map<string, number[]>();
      const exporter = new RecordingSessionExporter();
      const record = exporter.exportSession.bind(exporter);
      exporter.exportSession = async (snapshot) => {
        starts.set(snapshot.header.id, [...(starts.get(snapshot.header.id) ?? []), performance.now()]);
        await new Promise((resolve) => setTimeout(resolve, writeMs));
        return record(snapshot);
      };
      const { processor, tracer } = setup({ exporter, debounceMs: 5, maxDelayMs });
      const ids = Array.from({ length: 20 }, (_, i) => `grow-${i}`);
      const roots = ids.map((id) => tracer.startSpan('turn', { attributes: { 'session.id': id } }));
      const growthEnds = performance.now() + 1200;
      let rounds = 0;
      while (performance.now() < growthEnds) {
        rounds++;
        for (const root of roots) child(tracer, 'step', root).end();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const duringGrowth = exporter.started;
      await processor.forceFlush();
      // Every session written one debounce after each change would be ~20 × 1200 / (5 + 20) ≈ 960 writes.
      assert.ok(duringGrowth <= 20 * (1200 / maxDelayMs + 2), `${duringGrowth} writes while growing`);
      for (const id of ids) {
        const times = starts.get(id) ?? [];
        assert.ok(times.length >= 2, `${id} was written while growing`);
        for (let i = 1; i < times.length; i++) {
          // The change that armed the next write came at the latest as the previous write started.
          assert.ok(times[i]! - times[i - 1]! <= maxDelayMs + writeMs + 250, `${id}: ${Math.round(times[i]! - times[i - 1]!)} ms between writes`);
        }
      }
      assert.equal(spanNames(exporter.last('grow-0')).filter((name) => name === 'step').length, rounds, 'nothing lost');
    });

    it('lets no snapshot land after the final write once endSession starts', async () => {
      const { exporter, processor, tracer } = setup();
      const root = tracer.startSpan('turn', { attributes: { 'session.id': 'gate' } });
      exporter.hold();
      await exporter.whenStarted(1);
      child(tracer, 'during write', root).end();
      const ended = processor.endSession('gate');
      child(tracer, 'after end began', root).end();
      exporter.release();
      await ended;
      await processor.forceFlush();
      const writes = exporter.writesOf('gate');
      const finalIndex = writes.findIndex((w) => w.stored.session.status === 'completed');
      assert.ok(finalIndex >= 0);
      assert.ok(writes.slice(finalIndex).every((w) => w.stored.session.status === 'completed'), 'nothing older lands after the final write');
      assert.ok(spanNames(exporter.last('gate')).includes('after end began'));
    });

    it("keeps every span when endSession is called while the root span's final write is in flight", async () => {
      const { exporter, processor, tracer } = setup();
      const root = tracer.startSpan('turn', { attributes: { 'session.id': 'twice' } });
      child(tracer, 'step', root).end();
      root.end();
      await processor.endSession('twice');
      await processor.forceFlush();
      for (const write of exporter.writesOf('twice').filter((w) => w.stored.session.status === 'completed')) {
        assert.deepEqual(spanNames(write.stored).sort(), ['step', 'turn'], 'no final write without the spans');
      }
    });

    it('makes forceFlush resolve only when the stored state equals memory at the call', async () => {
      const { exporter, processor, tracer } = setup({ debounceMs: 10_000 });
      const root = tracer.startSpan('turn', { attributes: { 'session.id': 'flush' } });
      for (let i = 0; i < 20; i++) child(tracer, `step ${i}`, root).end();
      await processor.forceFlush();
      const stored = exporter.last('flush');
      assert.equal(stored?.session.spanCount, 21);
      assert.equal(stored?.session.openSpanCount, 1);
    });

    it('writes with tracing suppressed so that exporters make no spans', async () => {
      let suppressed: boolean | undefined;
      const exporter = new RecordingSessionExporter();
      const original = exporter.exportSession.bind(exporter);
      exporter.exportSession = (snapshot) => {
        suppressed = isTracingSuppressed(context.active());
        return original(snapshot);
      };
      const processor = new SessionSpanProcessor({ exporter, debounceMs: 1, exitHook: false });
      const provider = new TracerProvider({ spanProcessors: [processor] });
      providers.push(provider);
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      try {
        provider.getTracer('t').startSpan('x', { attributes: { 'session.id': 'quiet' } }).end();
        await processor.forceFlush();
        assert.equal(suppressed, true);
      } finally {
        context.disable();
      }
    });

    it('retries a failed write later and recovers with nothing lost', async () => {
      const exporter = new RecordingSessionExporter();
      let failures = 2;
      const original = exporter.exportSession.bind(exporter);
      exporter.exportSession = async (snapshot) =>
        failures-- > 0 ? { code: ExportResultCode.FAILED, error: new Error('ENOSPC') } : original(snapshot);
      const processor = new SessionSpanProcessor({ exporter, debounceMs: 1, exitHook: false });
      const provider = new TracerProvider({ spanProcessors: [processor] });
      providers.push(provider);
      const root = provider.getTracer('t').startSpan('turn', { attributes: { 'session.id': 'retry' } });
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => exporter.landed.length > 0 && (clearInterval(poll), resolve()), 2);
      });
      assert.equal(exporter.last('retry')?.session.spanCount, 1);
      root.end();
    });
  });

  describe('other exporters', () => {
    it('gives a standard exporter each ended span of a session exactly once', async () => {
      const memory = new InMemorySpanExporter();
      const sessions = new RecordingSessionExporter();
      const processor = new SessionSpanProcessor({ exporters: [sessions, memory], debounceMs: 1, exitHook: false });
      const provider = new TracerProvider({ spanProcessors: [processor] });
      providers.push(provider);
      const tracer = provider.getTracer('t');
      const root = tracer.startSpan('turn', { attributes: { 'session.id': 'both' } });
      for (let i = 0; i < 5; i++) {
        child(tracer, `step ${i}`, root).end();
        await processor.forceFlush();
      }
      root.end();
      tracer.startSpan('not in a session').end();
      await processor.forceFlush();
      const names = memory.getFinishedSpans().map((s: ReadableSpan) => s.name).sort();
      assert.deepEqual(names, ['step 0', 'step 1', 'step 2', 'step 3', 'step 4', 'turn']);
      assert.equal(spanNames(sessions.last('both')).length, 6);
    });
  });

  describe('resuming', () => {
    it("reads a session's earlier file as the session starts, long before its first write, and lists its spans first", async () => {
      const directory = await tempDir();
      const first = setup({ exporter: new SessionFileExporter({ directory }) });
      const earlier = first.tracer.startSpan('earlier turn', { attributes: { 'session.id': 'again' } });
      child(first.tracer, 'earlier step', earlier).end();
      earlier.end();
      await first.provider.shutdown();
      const path = join(directory, 'again.json');
      const before = readFileSync(path, 'utf8');

      const second = setup({ exporter: new SessionFileExporter({ directory }), debounceMs: 10_000, maxDelayMs: 10_000 });
      const turn = second.tracer.startSpan('next turn', { attributes: { 'session.id': 'again' } });
      child(second.tracer, 'next step', turn).end();
      await until(() => existsSync(`${path}.claim`), 'the claim taken by the read');
      assert.equal(readFileSync(path, 'utf8'), before, 'nothing written yet');
      turn.end();
      await second.processor.forceFlush();
      const names = JSON.parse(readFileSync(path, 'utf8')).resourceSpans.flatMap((r: { scopeSpans: Array<{ spans: Array<{ name: string }> }> }) =>
        r.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name)),
      );
      assert.deepEqual(names, ['earlier turn', 'earlier step', 'next turn', 'next step']);
    });
  });

  describe('lifecycle', () => {
    it('ends open sessions as interrupted on shutdown, returns the same promise, and ignores later spans', async () => {
      const { exporter, processor, tracer } = setup();
      tracer.startSpan('open turn', { attributes: { 'session.id': 'open' } });
      const first = processor.shutdown();
      assert.equal(processor.shutdown(), first);
      await first;
      assert.equal(exporter.last('open')?.session.status, 'interrupted');
      const count = exporter.landed.length;
      tracer.startSpan('too late', { attributes: { 'session.id': 'open' } }).end();
      await processor.forceFlush();
      assert.equal(exporter.landed.length, count);
    });

    it('says once per failure streak that a session could not be written, across forceFlush and shutdown', async () => {
      const directory = await tempDir();
      const fileSystem = new FailingFs().failAlways('writeFileAtomic', 'EIO');
      const diagnostics = captureDiag();
      try {
        const { processor, tracer } = setup({ exporter: new SessionFileExporter({ directory, fileSystem }) });
        const root = tracer.startSpan('turn', { attributes: { 'session.id': 'unwritable' } });
        child(tracer, 'step', root).end();
        await processor.forceFlush();
        await processor.forceFlush();
        fileSystem.heal();
        await processor.forceFlush();
        fileSystem.failAlways('writeFileAtomic', 'EIO');
        root.end();
        await processor.forceFlush();
        await processor.shutdown();
        const unwritten = diagnostics.messages('warn').filter((message) => message.includes('could not be written'));
        assert.deepEqual(unwritten, [
          'otel-session-file: session unwritable could not be written during forceFlush',
          'otel-session-file: session unwritable could not be written during forceFlush',
        ]);
      } finally {
        diagnostics.restore();
      }
    });

    it('rejects options of the wrong type with a message naming the option', () => {
      const exporter = new RecordingSessionExporter();
      assert.throws(() => new SessionSpanProcessor(null as unknown as SessionSpanProcessorOptions), /to be an object/);
      assert.throws(
        () => new SessionSpanProcessor({ exporter, debounceMs: Number.NaN, exitHook: false }),
        /Expected `debounceMs` to be a finite number >= 0, got NaN/,
      );
      assert.throws(() => new SessionSpanProcessor({ exporter, debounceMs: '5' as unknown as number, exitHook: false }), TypeError);
      assert.throws(() => new SessionSpanProcessor({ exporter: {} as SpanExporter, exitHook: false }), /exportSession/);
    });
  });

  describe('flushSync', () => {
    it('writes open sessions as crashed with the cause and stops their asynchronous writes', async () => {
      const { exporter, processor, tracer } = setup();
      const root = tracer.startSpan('turn', { attributes: { 'session.id': 'dies' } });
      child(tracer, 'done step', root).end();
      child(tracer, 'running tool', root);
      exporter.hold();
      await exporter.whenStarted(1);
      processor.flushSync({ reason: 'signal', signal: 'SIGTERM' });
      exporter.release();
      await new Promise((resolve) => setImmediate(resolve));
      const last = exporter.last('dies');
      assert.equal(last?.session.status, 'crashed');
      assert.equal(last?.session.crash?.signal, 'SIGTERM');
      assert.ok(exporter.crashed.has('dies'));
      const running = last?.resourceSpans[0]?.scopeSpans[0]?.spans.find((s) => s.name === 'running tool');
      assert.deepEqual(running?.attributes.at(-1), { key: 'otel_session.span.state', value: { stringValue: 'crashed' } });
    });

    it('crashes a session whose final endSession write is still in flight', async () => {
      const { exporter, processor, tracer } = setup();
      tracer.startSpan('turn', { attributes: { 'session.id': 'final' } });
      exporter.hold();
      const ended = processor.endSession('final');
      await exporter.whenStarted(1);
      processor.flushSync({ reason: 'exit', exitCode: 1 });
      exporter.release();
      await ended;
      assert.equal(exporter.last('final')?.session.status, 'crashed');
    });

    it("keeps the root's session.title in a crashed session, and counts the crashed turn's time", async () => {
      const { exporter, processor, tracer } = setup();
      const root = tracer.startSpan('invoke_agent', { attributes: { 'session.id': 'titled', 'session.title': 'Fix the login bug' }, startTime: Date.now() - 1000 });
      child(tracer, 'step', root).end();
      await processor.forceFlush();
      processor.flushSync({ reason: 'uncaughtException', error: { message: 'boom' } });
      const stored = exporter.last('titled')!;
      assert.equal(stored.session.status, 'crashed');
      assert.equal(stored.session.title, 'Fix the login bug');
      assert.ok((stored.session.summary?.durationMs ?? 0) >= 1000, `durationMs ${stored.session.summary?.durationMs}`);
    });

    it('hands every session to the file exporter in one exit write: all in place, then flushed, the directory once', async () => {
      const fileSystem = new FailingFs();
      const exporter = new SessionFileExporter({ directory: await tempDir(), fileSystem });
      const processor = new SessionSpanProcessor({ exporter, exitHook: false });
      const provider = new TracerProvider({ spanProcessors: [processor] });
      providers.push(provider);
      const tracer = provider.getTracer('test');
      const ids = ['one', 'two', 'three'];
      for (const id of ids) child(tracer, 'step', tracer.startSpan('turn', { attributes: { 'session.id': id } })).end();
      await processor.forceFlush();
      const before = fileSystem.calls.length;

      processor.flushSync({ reason: 'signal', signal: 'SIGTERM' });

      const exitCalls = fileSystem.calls.slice(before).map((call) => call.operation);
      assert.deepEqual(exitCalls, [
        ...ids.map(() => 'writeFileAtomicSync'),
        ...ids.map(() => 'fsyncFileSync'),
        'fsyncDirectorySync',
      ]);
      for (const id of ids) assert.equal((await readSessionHeader(exporter.pathFor(id)))?.status, 'crashed');
    });

    it('writes open sessions as interrupted when the process exits with code 0', () => {
      const { exporter, processor, tracer } = setup();
      tracer.startSpan('turn', { attributes: { 'session.id': 'clean' } });
      processor.flushSync({ reason: 'exit', exitCode: 0 });
      assert.equal(exporter.last('clean')?.session.status, 'interrupted');
    });
  });
});
