import type { Attributes, Context, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import type { ExportResult, InstrumentationScope } from '@opentelemetry/core';

/**
 * What this package needs from a trace SDK, as structural types. Spans, processors and exporters of
 * `@opentelemetry/sdk-trace-base` 2.x and of `@opentelemetry/sdk-trace` 2.x and 3.x all fit them, so the
 * package imports no trace SDK and never pulls a second one into an application: the SDK 2 and SDK 3
 * lines want different `@opentelemetry/api` versions, and any trace SDK we depended on would pin one.
 * `@opentelemetry/core` stays a peer (`^2.0.0 || ^3.0.0`): `BindOnceFuture`, `ExportResultCode` and
 * `suppressTracing` are the same in both majors, and every trace SDK already brings one copy of it.
 */

/** An event recorded on a span. */
export interface TimedEvent {
  time: HrTime;
  name: string;
  attributes?: Attributes;
  droppedAttributesCount?: number;
}

/** The resource of a span: its attributes, and async detectors that may still be running (SDK 2). */
export interface SpanResource {
  readonly attributes: Attributes;
  readonly schemaUrl?: string;
  readonly asyncAttributesPending?: boolean;
  waitForAsyncAttributes?(): Promise<void>;
}

/** A span as a trace SDK hands it to processors and exporters. */
export interface ReadableSpan {
  readonly name: string;
  readonly kind: SpanKind;
  spanContext(): SpanContext;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: readonly Link[];
  readonly events: readonly TimedEvent[];
  readonly duration: HrTime;
  readonly ended: boolean;
  readonly resource: SpanResource;
  readonly instrumentationScope: InstrumentationScope;
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
}

/** A standard span exporter (OTLP, console, in-memory...). */
export interface SpanExporter {
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/** A span processor, as a `TracerProvider` or `BasicTracerProvider` calls it. */
export interface SpanProcessor {
  onStart(span: ReadableSpan, parentContext: Context): void;
  onEnd(span: ReadableSpan): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
