import type { HrTime, Link, SpanStatus } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '../sdk/types.js';
import { encodeAttributes, encodeKeyValue, type AttributeValueFilter, type DroppedCount } from './anyValue.js';
import { countOf, isHexId, otlpSpanKind, otlpStatusCode, read, textOf } from './coerce.js';
import { hrTimeToNanosString, nanosBefore } from './hrTime.js';

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

function spanFlags(traceFlags: unknown, isRemote: unknown): number {
  const flags = (typeof traceFlags === 'number' ? traceFlags & 0xff : 0) | SPAN_FLAGS_HAS_IS_REMOTE;
  return isRemote === true ? flags | SPAN_FLAGS_IS_REMOTE : flags;
}

/** The serialized trace state, or `undefined` when there is none or it is not one. */
function traceStateOf(spanContext: unknown): string | undefined {
  const traceState = read(spanContext, 'traceState') as { serialize?: () => unknown } | undefined;
  if (traceState === undefined) return undefined;
  try {
    const text = traceState?.serialize?.();
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Throws only when the span cannot be placed in a trace (its trace or span id is not one) or the
 * redactor throws; every other field that is not what the API says is coerced (names, kinds, status
 * codes, times) or left out and counted (attributes, events and links that cannot be encoded).
 */
export function encodeSpan(span: ReadableSpan, redactor?: SpanRedactor, unended?: UnendedSpanState): string {
  const context = span.spanContext();
  const traceId = read(context, 'traceId');
  const spanId = read(context, 'spanId');
  if (!isHexId(traceId, 32) || !isHexId(spanId, 16)) throw new TypeError('the span has no valid trace and span id');
  const parent = read(span, 'parentSpanContext');
  const parentSpanId = read(parent, 'spanId');
  const status = unended?.status ?? span.status;
  const filter = redactor?.attribute;
  // One counter for the span's attributes, events and links, read and reset after each.
  const dropped: DroppedCount = { count: 0 };
  let attributes = encodeAttributes(span.attributes, filter, dropped);
  const droppedAttributes = dropped.count;
  dropped.count = 0;
  if (unended) {
    const marker = encodeKeyValue(SPAN_STATE_ATTRIBUTE, unended.state);
    attributes = attributes.length > 2 ? `${attributes.slice(0, -1)},${marker}]` : `[${marker}]`;
  }
  const start = hrTimeToNanosString(span.startTime);
  let end = hrTimeToNanosString(unended ? unended.endTime : span.endTime);
  if (nanosBefore(end, start)) end = start;
  const name = textOf(span.name);
  let out = `{"traceId":"${traceId}","spanId":"${spanId}"`;
  if (isHexId(parentSpanId, 16)) out += `,"parentSpanId":"${parentSpanId}"`;
  const traceState = traceStateOf(context);
  if (traceState !== undefined) out += `,"traceState":${JSON.stringify(traceState)}`;
  out += `,"name":${JSON.stringify(redactor ? redactor.text(name) : name)}`;
  out += `,"kind":${otlpSpanKind(span.kind)}`;
  out += `,"startTimeUnixNano":"${start}"`;
  out += `,"endTimeUnixNano":"${end}"`;
  out += `,"attributes":${attributes}`;
  out += `,"droppedAttributesCount":${countOf(span.droppedAttributesCount) + droppedAttributes}`;
  out += `,"events":${encodeEvents(span.events, redactor, dropped)}`;
  out += `,"droppedEventsCount":${countOf(span.droppedEventsCount) + dropped.count}`;
  dropped.count = 0;
  out += `,"status":${encodeStatus(status, redactor)}`;
  out += `,"links":${encodeLinks(span.links, filter, dropped)}`;
  out += `,"droppedLinksCount":${countOf(span.droppedLinksCount) + dropped.count}`;
  out += `,"flags":${spanFlags(read(context, 'traceFlags'), read(parent, 'isRemote'))}}`;
  return out;
}

function encodeStatus(status: SpanStatus, redactor: SpanRedactor | undefined): string {
  const code = otlpStatusCode(read(status, 'code'));
  const given = read(status, 'message');
  if (given === undefined) return `{"code":${code}}`;
  const message = textOf(given);
  return `{"code":${code},"message":${JSON.stringify(redactor ? redactor.text(message) : message)}}`;
}

function encodeEvents(events: readonly TimedEvent[], redactor: SpanRedactor | undefined, dropped: DroppedCount): string {
  if (!Array.isArray(events) || events.length === 0) return '[]';
  const droppedAttributes: DroppedCount = { count: 0 };
  let out = '[';
  for (let i = 0; i < events.length; i++) {
    const event: unknown = events[i];
    if (typeof event !== 'object' || event === null) {
      dropped.count++;
      continue;
    }
    const attributes = read(event, 'attributes') as TimedEvent['attributes'];
    const name = textOf(read(event, 'name'));
    droppedAttributes.count = 0;
    if (out.length > 1) out += ',';
    out += `{"attributes":${attributes ? encodeAttributes(attributes, redactor?.attribute, droppedAttributes) : '[]'}`;
    out += `,"name":${JSON.stringify(redactor ? redactor.text(name) : name)}`;
    out += `,"timeUnixNano":"${hrTimeToNanosString(read(event, 'time') as TimedEvent['time'])}"`;
    out += `,"droppedAttributesCount":${countOf(read(event, 'droppedAttributesCount')) + droppedAttributes.count}}`;
  }
  return out + ']';
}

function encodeLinks(links: readonly Link[], filter: AttributeValueFilter | undefined, dropped: DroppedCount): string {
  if (!Array.isArray(links) || links.length === 0) return '[]';
  const droppedAttributes: DroppedCount = { count: 0 };
  let out = '[';
  for (let i = 0; i < links.length; i++) {
    const link: unknown = links[i];
    const context = read(link, 'context');
    const traceId = read(context, 'traceId');
    const spanId = read(context, 'spanId');
    // A link is nothing without the span it points to.
    if (!isHexId(traceId, 32) || !isHexId(spanId, 16)) {
      dropped.count++;
      continue;
    }
    const attributes = read(link, 'attributes') as Link['attributes'];
    droppedAttributes.count = 0;
    if (out.length > 1) out += ',';
    out += `{"attributes":${attributes ? encodeAttributes(attributes, filter, droppedAttributes) : '[]'}`;
    out += `,"spanId":"${spanId}","traceId":"${traceId}"`;
    const traceState = traceStateOf(context);
    if (traceState !== undefined) out += `,"traceState":${JSON.stringify(traceState)}`;
    out += `,"droppedAttributesCount":${countOf(read(link, 'droppedAttributesCount')) + droppedAttributes.count}`;
    out += `,"flags":${spanFlags(read(context, 'traceFlags'), read(context, 'isRemote'))}}`;
  }
  return out + ']';
}
