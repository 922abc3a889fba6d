import { SPAN_STATE_ATTRIBUTE } from '../encoding/encodeSpan.js';
import type { EnvelopeText } from '../encoding/encodeScope.js';
import type { EncodedSpan } from './EncodedSpans.js';
import { isJsonObject } from '../encoding/coerce.js';
import { repairHeader } from './repairHeader.js';
import { repairEnvelopeBody, repairSpan } from './repairOtlp.js';
import type { SessionHeader, SessionSegment, SessionStatus } from './SessionHeader.js';

/**
 * A session file written earlier (by another process, or by this one before the session left memory),
 * turned back into encoded spans so that continuing the session keeps everything in it.
 *
 * Spans that were still open in that file can never end now: they are closed as `interrupted` (state
 * attribute and ERROR status), keeping the end time they were written with.
 */

interface OtlpKeyValue {
  key: string;
  value: unknown;
}

interface OtlpSpan {
  attributes?: OtlpKeyValue[];
  status?: { code?: number; message?: string };
  [field: string]: unknown;
}

interface OtlpScopeSpans {
  scope?: unknown;
  spans?: OtlpSpan[];
  schemaUrl?: string;
}

interface OtlpResourceSpans {
  resource?: unknown;
  scopeSpans?: OtlpScopeSpans[];
  schemaUrl?: string;
}

/** The parsed content of a session file. */
export interface SessionFileContent {
  session: SessionHeader;
  resourceSpans: OtlpResourceSpans[];
}

export interface PreviousSession {
  header: SessionHeader;
  spans: EncodedSpan[];
  /**
   * Sibling files of this session (`<key>~pid<pid>.json`) whose writers have ended: processes that
   * continued the session while another one held its file. Taken in with the file, each as one more
   * earlier segment, so that the session's file holds every process's spans again.
   */
  siblings?: PreviousSession[];
}

/** Throws when `content` is not a session file: the caller moves such a file aside. */
export function readPreviousSession(content: unknown): PreviousSession {
  if (!isSessionFileContent(content)) throw new Error('not an otel-session-file session file');
  const spans: EncodedSpan[] = [];
  let leftOut = 0;
  for (const resourceSpans of objectsIn(content.resourceSpans)) {
    const resource = resourceEnvelope(resourceSpans);
    for (const scopeSpans of objectsIn(resourceSpans.scopeSpans)) {
      const scope = scopeEnvelope(scopeSpans);
      for (const read of Array.isArray(scopeSpans.spans) ? scopeSpans.spans : []) {
        // A file edited by hand or written by another tool: what the format does not allow is not written again.
        const span = repairSpan(read) as OtlpSpan | undefined;
        if (span === undefined) {
          leftOut++;
          continue;
        }
        spans.push({ resource, scope, text: JSON.stringify(closeUnended(span)), earlier: true, unended: markerIndex(span) >= 0 });
      }
    }
  }
  const header = repairHeader(content.session);
  if (leftOut > 0) header.droppedSpanCount = (header.droppedSpanCount ?? 0) + leftOut;
  return { header, spans };
}

function objectsIn<T>(list: T[] | undefined): T[] {
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

/** The history entry that records how the previous process left the session. */
export function segmentOf(header: SessionHeader): SessionSegment {
  const status: SessionStatus = header.status === 'running' ? 'interrupted' : header.status;
  const segment: SessionSegment = {
    startTime: header.segments?.at(-1)?.startTime ?? header.startTime,
    endTime: header.updateTime,
    status,
    writer: header.writer ?? { pid: 0, host: 'unknown', startTime: header.startTime },
  };
  if (header.crash) segment.crash = header.crash;
  return segment;
}

function markerIndex(span: OtlpSpan): number {
  const attributes: unknown = span.attributes;
  return Array.isArray(attributes) ? attributes.findIndex((attribute: OtlpKeyValue | null) => attribute?.key === SPAN_STATE_ATTRIBUTE) : -1;
}

function closeUnended(span: OtlpSpan): OtlpSpan {
  const marker = markerIndex(span);
  if (marker < 0) return span;
  const attributes = span.attributes!;
  const state = (attributes[marker]!.value as { stringValue?: string }).stringValue;
  // `crashed` too: the file format keeps `crashed` for the process that died, and a span of an earlier
  // process that another one continues is `interrupted` (the crash itself stays in the segment).
  if (state === 'interrupted' && span.status?.code === 2) return span;
  const closed = attributes.slice();
  closed[marker] = { key: SPAN_STATE_ATTRIBUTE, value: { stringValue: 'interrupted' } };
  return { ...span, attributes: closed, status: { code: 2, message: 'session interrupted: its process stopped before the span ended' } };
}

function schemaUrlSuffix(schemaUrl: unknown): string {
  return typeof schemaUrl === 'string' && schemaUrl !== '' ? `,"schemaUrl":${JSON.stringify(schemaUrl)}` : '';
}

function resourceEnvelope(resourceSpans: OtlpResourceSpans): EnvelopeText {
  const body = JSON.stringify(repairEnvelopeBody(resourceSpans.resource, []) ?? { attributes: [], droppedAttributesCount: 0 });
  return { key: body, open: `{"resource":${body},"scopeSpans":[`, close: `]${schemaUrlSuffix(resourceSpans.schemaUrl)}}` };
}

function scopeEnvelope(scopeSpans: OtlpScopeSpans): EnvelopeText {
  const body = JSON.stringify(repairEnvelopeBody(scopeSpans.scope, ['name', 'version']) ?? { name: '' });
  const suffix = schemaUrlSuffix(scopeSpans.schemaUrl);
  return { key: body + suffix, open: `{"scope":${body},"spans":[`, close: `]${suffix}}` };
}

function isSessionFileContent(content: unknown): content is SessionFileContent {
  if (typeof content !== 'object' || content === null) return false;
  const { session, resourceSpans } = content as Partial<SessionFileContent>;
  return (
    typeof session === 'object' &&
    session !== null &&
    typeof session.id === 'string' &&
    typeof session.status === 'string' &&
    Array.isArray(resourceSpans)
  );
}
