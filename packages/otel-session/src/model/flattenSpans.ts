import { attributeText, findAttribute, jsonText } from './attributeText.js';
import { nanosToMillis } from './nanosToMillis.js';
import { SPAN_STATE_ATTRIBUTE, STATUS_CODE_ERROR, type OtlpResourceSpans, type OtlpSpan } from './otlp.js';

/**
 * The spans of a session file as one flat list in file order, with what every view needs computed once:
 * times in milliseconds, the error flag and the unended state. Tolerates missing optional fields so that
 * `show` works on files that `validate` would reject. Spans' attribute lists are normalized in place.
 */

export type UnendedState = 'open' | 'interrupted' | 'crashed';

export interface FlatSpan {
  /** Position in file order; also the span's index in every per-span array. */
  index: number;
  span: OtlpSpan;
  /** `traceId` + `spanId`: unique per span, the key parents are found by. */
  key: string;
  /** The parent's key, when the span names a parent. */
  parentKey: string | undefined;
  startMs: number;
  endMs: number;
  isError: boolean;
  /** Set for spans that had not ended when the file was written. */
  state: UnendedState | undefined;
  resourceIndex: number;
}

function unendedState(span: OtlpSpan): UnendedState | undefined {
  const value = findAttribute(span.attributes, SPAN_STATE_ATTRIBUTE);
  if (value === undefined) return undefined;
  const text = attributeText(value);
  return text === 'interrupted' || text === 'crashed' ? text : 'open';
}

function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

export function flattenSpans(resourceSpans: OtlpResourceSpans[]): FlatSpan[] {
  const spans: FlatSpan[] = [];
  resourceSpans.forEach((resource, resourceIndex) => {
    for (const scope of list(resource?.scopeSpans)) {
      for (const span of list(scope?.spans)) {
        if (typeof span !== 'object' || span === null) continue;
        // The views read names as text and attributes as a list of objects; a damaged file must not
        // make them throw.
        span.attributes = Array.isArray(span.attributes) ? span.attributes.filter((kv) => typeof kv === 'object' && kv !== null) : [];
        span.name = jsonText(span.name);
        const traceId = jsonText(span.traceId);
        spans.push({
          index: spans.length,
          span,
          key: traceId + jsonText(span.spanId),
          parentKey: span.parentSpanId ? traceId + jsonText(span.parentSpanId) : undefined,
          startMs: nanosToMillis(span.startTimeUnixNano),
          endMs: nanosToMillis(span.endTimeUnixNano),
          isError: span.status?.code === STATUS_CODE_ERROR,
          state: unendedState(span),
          resourceIndex,
        });
      }
    }
  });
  return spans;
}

/** The earliest start and the latest end over `spans`, ignoring times that could not be read. */
export function timeRange(spans: readonly FlatSpan[]): { startMs: number; endMs: number } {
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const span of spans) {
    if (span.startMs < startMs) startMs = span.startMs;
    if (span.endMs > endMs) endMs = span.endMs;
    if (span.startMs > endMs) endMs = span.startMs;
  }
  if (!Number.isFinite(startMs)) return { startMs: 0, endMs: 0 };
  return { startMs, endMs: Math.max(startMs, endMs) };
}
