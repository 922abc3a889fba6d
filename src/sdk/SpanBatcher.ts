import { context, diag, TraceFlags } from '@opentelemetry/api';
import { BindOnceFuture, ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, SpanResource } from './types.js';

/**
 * Feeds a standard `SpanExporter` given to the processor: ended sampled spans are queued and exported in
 * batches, with the defaults and the order of the SDK's `BatchSpanProcessor`. It is ours rather than the
 * SDK's so that the package runs on the SDK 2 and SDK 3 lines alike without depending on either.
 * `onEnd` only queues (constant work, never throws); one export runs at a time, with tracing suppressed;
 * a failed background export is reported through `diag`, a failed flush rejects the caller's promise.
 */

/** The SDK's `BatchSpanProcessor` defaults. */
export interface SpanBatcherLimits {
  /** @default 2048 */
  maxQueueSize: number;
  /** @default 512 */
  maxExportBatchSize: number;
  /** @default 5000 */
  scheduledDelayMillis: number;
  /** @default 30000 */
  exportTimeoutMillis: number;
}

const DEFAULT_LIMITS: SpanBatcherLimits = {
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 5000,
  exportTimeoutMillis: 30_000,
};

export class SpanBatcher {
  private readonly limits: SpanBatcherLimits;
  private queue: ReadableSpan[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The export chain: every export starts after the previous one settled. Never rejects. */
  private idle: Promise<void> = Promise.resolve();
  private backgroundExport = false;
  private dropped = 0;
  private readonly shutdownOnce: BindOnceFuture<void>;

  constructor(
    private readonly exporter: SpanExporter,
    limits: Partial<SpanBatcherLimits> = {},
  ) {
    const merged = { ...DEFAULT_LIMITS, ...limits };
    this.limits = { ...merged, maxExportBatchSize: Math.min(merged.maxExportBatchSize, merged.maxQueueSize) };
    this.shutdownOnce = new BindOnceFuture(this.shutdownNow, this);
  }

  onEnd(span: ReadableSpan): void {
    if (this.shutdownOnce.isCalled) return;
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.queue.length >= this.limits.maxQueueSize) {
      this.dropped++;
      return;
    }
    this.queue.push(span);
    this.schedule();
  }

  /** Resolves when every span queued at the call has been exported; rejects when one of those exports failed. */
  forceFlush(): Promise<void> {
    if (this.shutdownOnce.isCalled) return this.shutdownOnce.promise;
    return this.exportQueued();
  }

  /** Exports what is queued, then shuts the exporter down. Idempotent: the same promise every time. */
  shutdown(): Promise<void> {
    return this.shutdownOnce.call();
  }

  private async shutdownNow(): Promise<void> {
    try {
      await this.exportQueued();
    } finally {
      await this.exporter.shutdown();
    }
  }

  /** A full batch goes now; anything less waits for the scheduled delay, as in the SDK. */
  private schedule(): void {
    if (this.backgroundExport || this.queue.length === 0) return;
    if (this.queue.length >= this.limits.maxExportBatchSize) {
      this.clearTimer();
      this.backgroundExport = true;
      const run = this.idle.then(() => this.exportBatch());
      this.idle = run.then(
        () => this.backgroundDone(),
        (error: unknown) => {
          diag.error('otel-session-file: a span exporter failed to export a batch', error);
          this.backgroundDone();
        },
      );
      return;
    }
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.exportQueued().catch((error: unknown) => diag.error('otel-session-file: a span exporter failed to export a batch', error));
      }, this.limits.scheduledDelayMillis);
      this.timer.unref();
    }
  }

  private backgroundDone(): void {
    this.backgroundExport = false;
    if (!this.shutdownOnce.isCalled) this.schedule();
  }

  /** Exports, after the export in progress, as many batches as the queue holds now. */
  private exportQueued(): Promise<void> {
    this.clearTimer();
    const batches = Math.ceil(this.queue.length / this.limits.maxExportBatchSize);
    const run = this.idle.then(async () => {
      for (let i = 0; i < batches; i++) await this.exportBatch();
    });
    this.idle = run.catch(() => undefined);
    return run;
  }

  private exportBatch(): Promise<void> {
    const spans = this.queue.splice(0, this.limits.maxExportBatchSize);
    if (this.dropped > 0) {
      diag.warn(`otel-session-file: ${this.dropped} spans were not given to a span exporter because its queue was full`);
      this.dropped = 0;
    }
    if (spans.length === 0) return Promise.resolve();
    return context.with(suppressTracing(context.active()), () => this.exportSpans(spans));
  }

  private async exportSpans(spans: ReadableSpan[]): Promise<void> {
    await waitForResources(spans);
    const result = await new Promise<ExportResult>((resolve) => {
      const timeoutMs = this.limits.exportTimeoutMillis;
      const timer = setTimeout(() => {
        resolve({ code: ExportResultCode.FAILED, error: new Error(`span export timed out after ${timeoutMs} ms`) });
      }, timeoutMs);
      timer.unref();
      try {
        this.exporter.export(spans, (exported) => {
          clearTimeout(timer);
          resolve(exported);
        });
      } catch (error) {
        clearTimeout(timer);
        resolve({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
      }
    });
    if (result.code !== ExportResultCode.SUCCESS) throw result.error ?? new Error('span export failed');
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** SDK 2 resources may still be running async detectors; exporters expect their final attributes. */
async function waitForResources(spans: readonly ReadableSpan[]): Promise<void> {
  let pending: Set<SpanResource> | undefined;
  for (const span of spans) {
    if (span.resource.asyncAttributesPending && span.resource.waitForAsyncAttributes) (pending ??= new Set()).add(span.resource);
  }
  if (pending) await Promise.all([...pending].map((resource) => resource.waitForAsyncAttributes?.()));
}
