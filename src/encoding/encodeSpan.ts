import type { HrTime, Link, SpanStatus } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '../sdk/types.js';
import { encodeAttributes, encodeKeyValue, type AttributeValueFilter } from './anyValue.js';
import { hrTimeToNanosString } from './hrTime.js';

/**
 * One span as an OTLP/JSON `Span` object. For an ended span the text equals, byte for byte, what the
 * official `@opentelemetry/otlp-transformer` JSON serializer writes for it (same keys, same order), so
 * that each ended span can be encoded once and its text reused in every later snapshot.
 */

/** Rewrites what a span carries before it is encoded, so that secrets never reach a file. */
export interface SpanRedactor {
  readonly attribute: AttributeValueFilter;
  /** Free text: span names, event names and status messages. */
  text(value: string): string;
}

/** The attribute that marks a span that had not ended when its file was written. */
export const SPAN_STATE_ATTRIBUTE = 'otel_session.span.state';

/** How a span that had not ended is written. */
export interface UnendedSpanState {
  state: 'open' | 'interrupted' | 'crashed';
  /** Written as the span's end time. */
  endTime: HrTime;
  /** Replaces the span's own status (crashed and interrupted spans are written as errors). */
  status?: SpanStatus;
}

const SPAN_FLAGS_HAS_IS_REMOTE = 0x100;
const SPAN_FLAGS_IS_REMOTE = 0x200;

function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  const flags = (traceFlags & 0xff) | SPAN_FLAGS_HAS_IS_REMOTE;
  return isRemote ? flags | SPAN_FLAGS_IS_REMOTE : flags;
}

export function encodeSpan(span: ReadableSpan, redactor?: SpanRedactor, unended?: UnendedSpanState): string {
  const context = span.spanContext();
  const parent = span.parentSpanContext;
  const status = unended?.status ?? span.status;
  const filter = redactor?.attribute;
  let attributes = encodeAttributes(span.attributes, filter);
  if (unended) {
    const marker = encodeKeyValue(SPAN_STATE_ATTRIBUTE, unended.state);
    attributes = attributes.length > 2 ? `${attributes.slice(0, -1)},${marker}]` : `[${marker}]`;
  }
  let out = `{"traceId":"${context.traceId}","spanId":"${context.spanId}"`;
  if (parent?.spanId) out += `,"parentSpanId":"${parent.spanId}"`;
  const traceState = context.traceState?.serialize();
  if (traceState !== undefined) out += `,"traceState":${JSON.stringify(traceState)}`;
  out += `,"name":${JSON.stringify(redactor ? redactor.text(span.name) : span.name)}`;
  out += `,"kind":${span.kind == null ? 0 : span.kind + 1}`;
  out += `,"startTimeUnixNano":"${hrTimeToNanosString(span.startTime)}"`;
  out += `,"endTimeUnixNano":"${hrTimeToNanosString(unended ? unended.endTime : span.endTime)}"`;
  out += `,"attributes":${attributes}`;
  out += `,"droppedAttributesCount":${span.droppedAttributesCount}`;
  out += `,"events":${encodeEvents(span.events, redactor)}`;
  out += `,"droppedEventsCount":${span.droppedEventsCount}`;
  out += `,"status":${encodeStatus(status, redactor)}`;
  out += `,"links":${encodeLinks(span.links, filter)}`;
  out += `,"droppedLinksCount":${span.droppedLinksCount}`;
  out += `,"flags":${spanFlags(context.traceFlags, parent?.isRemote)}}`;
  return out;
}

function encodeStatus(status: SpanStatus, redactor: SpanRedactor | undefined): string {
  if (status.message === undefined) return `{"code":${status.code}}`;
  const message = redactor ? redactor.text(status.message) : status.message;
  return `{"code":${status.code},"message":${JSON.stringify(message)}}`;
}

function encodeEvents(events: readonly TimedEvent[], redactor: SpanRedactor | undefined): string {
  let out = '[';
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (i > 0) out += ',';
    const name = redactor ? redactor.text(event.name) : event.name;
    out += `{"attributes":${event.attributes ? encodeAttributes(event.attributes, redactor?.attribute) : '[]'}`;
    out += `,"name":${JSON.stringify(name)}`;
    out += `,"timeUnixNano":"${hrTimeToNanosString(event.time)}"`;
    out += `,"droppedAttributesCount":${event.droppedAttributesCount || 0}}`;
  }
  return out + ']';
}

function encodeLinks(links: readonly Link[], filter: AttributeValueFilter | undefined): string {
  let out = '[';
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    if (i > 0) out += ',';
    out += `{"attributes":${link.attributes ? encodeAttributes(link.attributes, filter) : '[]'}`;
    out += `,"spanId":"${link.context.spanId}","traceId":"${link.context.traceId}"`;
    const traceState = link.context.traceState?.serialize();
    if (traceState !== undefined) out += `,"traceState":${JSON.stringify(traceState)}`;
    out += `,"droppedAttributesCount":${link.droppedAttributesCount || 0}`;
    out += `,"flags":${spanFlags(link.context.traceFlags, link.context.isRemote)}}`;
  }
  return out + ']';
}
