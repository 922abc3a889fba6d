import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { context, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, isTracingSuppressed, type ExportResult } from '@opentelemetry/core';
import { TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { SpanBatcher } from '../../src/sdk/SpanBatcher.js';
import type { SpanExporter } from '../../src/sdk/types.js';
import { captureDiag, type DiagCapture } from '../helpers/captureDiag.js';

/** Records each batch it is given; answers with `result` (a function of the batch number). */
class RecordingSpanExporter implements SpanExporter {
  readonly batches: string[][] = [];
  readonly suppressed: boolean[] = [];
  shutdowns = 0;

  constructor(private readonly result: (batch: number) => ExportResult = () => ({ code: ExportResultCode.SUCCESS })) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.batches.push(spans.map((span) => span.name));
    this.suppressed.push(isTracingSuppressed(context.active()));
    const result = this.result(this.batches.length);
    setImmediate(() => done(result));
  }

  async shutdown(): Promise<void> {
    this.shutdowns++;
  }
}

const tracer = new TracerProvider().getTracer('batcher-test');

function ended(name: string): ReadableSpan {
  const span = tracer.startSpan(name);
  span.end();
  return span as unknown as ReadableSpan;
}

function unsampled(name: string): ReadableSpan {
  const parent = trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.NONE });
  const span = tracer.startSpan(name, {}, trace.setSpan(context.active(), parent));
  span.end();
  return span as unknown as ReadableSpan;
}

let diagCapture: DiagCapture | undefined;
// Without a context manager `context.with` keeps no context, and suppression could not be seen.
before(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
after(() => context.disable());
afterEach(() => {
  diagCapture?.restore();
  diagCapture = undefined;
});

describe('SpanBatcher', () => {
  it('exports a full batch at once and the rest on forceFlush, in order, with tracing suppressed', async () => {
    const exporter = new RecordingSpanExporter();
    const batcher = new SpanBatcher(exporter, { maxExportBatchSize: 3, scheduledDelayMillis: 60_000 });
    for (let i = 0; i < 4; i++) batcher.onEnd(ended(`s${i}`));
    await batcher.forceFlush();
    assert.deepEqual(exporter.batches, [['s0', 's1', 's2'], ['s3']]);
    assert.deepEqual(exporter.suppressed, [true, true]);
  });

  it('exports a partial batch after the scheduled delay', async () => {
    const exporter = new RecordingSpanExporter();
    const batcher = new SpanBatcher(exporter, { scheduledDelayMillis: 1 });
    batcher.onEnd(ended('alone'));
    assert.deepEqual(exporter.batches, []);
    while (exporter.batches.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    assert.deepEqual(exporter.batches, [['alone']]);
  });

  it('skips spans that are not sampled', async () => {
    const exporter = new RecordingSpanExporter();
    const batcher = new SpanBatcher(exporter);
    batcher.onEnd(unsampled('dropped'));
    batcher.onEnd(ended('kept'));
    await batcher.forceFlush();
    assert.deepEqual(exporter.batches, [['kept']]);
  });

  it('drops spans beyond the queue size and reports how many once', async () => {
    diagCapture = captureDiag();
    const exporter = new RecordingSpanExporter();
    // A batch size above the queue size is cut to it: the second span starts an export.
    const batcher = new SpanBatcher(exporter, { maxQueueSize: 2, maxExportBatchSize: 5, scheduledDelayMillis: 60_000 });
    // The export starts on a later tick, so c and d find the queue still full.
    for (const name of ['a', 'b', 'c', 'd']) batcher.onEnd(ended(name));
    await batcher.forceFlush();
    batcher.onEnd(ended('e'));
    await batcher.forceFlush();
    assert.deepEqual(exporter.batches, [['a', 'b'], ['e']]);
    assert.deepEqual(diagCapture.messages('warn'), [
      'otel-session-file: 2 spans were not given to a span exporter because its queue was full',
    ]);
  });

  it('rejects forceFlush when an export fails, reports a failed background export, and keeps exporting', async () => {
    diagCapture = captureDiag();
    const exporter = new RecordingSpanExporter((batch) =>
      batch <= 2 ? { code: ExportResultCode.FAILED, error: new Error(`batch ${batch} refused`) } : { code: ExportResultCode.SUCCESS },
    );
    const batcher = new SpanBatcher(exporter, { maxExportBatchSize: 1, scheduledDelayMillis: 60_000 });
    batcher.onEnd(ended('background'));
    while (diagCapture.messages('error').length === 0) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(diagCapture.messages('error'), ['otel-session-file: a span exporter failed to export a batch']);

    const second = new SpanBatcher(exporter, { scheduledDelayMillis: 60_000 });
    second.onEnd(ended('flushed'));
    await assert.rejects(second.forceFlush(), /batch 2 refused/);
    second.onEnd(ended('later'));
    await second.forceFlush();
    assert.deepEqual(exporter.batches, [['background'], ['flushed'], ['later']]);
  });

  it('fails an export that never calls back after the export timeout', async () => {
    const silent: SpanExporter = { export: () => {}, shutdown: async () => {} };
    const batcher = new SpanBatcher(silent, { exportTimeoutMillis: 5, scheduledDelayMillis: 60_000 });
    batcher.onEnd(ended('lost'));
    // The timeout is unref'd (it must not keep an application alive): this test keeps the loop alive itself.
    const keepAlive = setInterval(() => {}, 1000);
    try {
      await assert.rejects(batcher.forceFlush(), /timed out after 5 ms/);
    } finally {
      clearInterval(keepAlive);
    }
  });

  it('exports what is queued on shutdown, shuts the exporter down once, and ignores later spans', async () => {
    const exporter = new RecordingSpanExporter();
    const batcher = new SpanBatcher(exporter, { scheduledDelayMillis: 60_000 });
    batcher.onEnd(ended('last'));
    const first = batcher.shutdown();
    assert.equal(batcher.shutdown(), first);
    await first;
    batcher.onEnd(ended('after'));
    await batcher.forceFlush();
    assert.deepEqual(exporter.batches, [['last']]);
    assert.equal(exporter.shutdowns, 1);
  });
});
