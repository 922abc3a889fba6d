import type { SessionHeader } from 'otel-session-file';

/**
 * The OTLP/JSON shapes a session file's `resourceSpans` hold, as far as the CLI reads them. Fields are
 * optional where the OTLP JSON mapping lets a writer leave out default values; `validate` is what
 * checks a file against the stricter format a session file promises.
 */

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  /** int64: a JSON number or a decimal string. */
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  /** base64 */
  bytesValue?: string;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

export interface OtlpEvent {
  timeUnixNano: string;
  name: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  events?: OtlpEvent[];
  droppedEventsCount?: number;
  status?: { code?: number; message?: string };
  links?: OtlpLink[];
  droppedLinksCount?: number;
  flags?: number;
}

export interface OtlpScopeSpans {
  scope?: { name?: string; version?: string; attributes?: OtlpKeyValue[] };
  spans?: OtlpSpan[];
  schemaUrl?: string;
}

export interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[]; droppedAttributesCount?: number };
  scopeSpans?: OtlpScopeSpans[];
  schemaUrl?: string;
}

/** A whole session file. */
export interface SessionFile {
  session: SessionHeader;
  resourceSpans: OtlpResourceSpans[];
}

// The attribute that marks a span that had not ended when the file was written (docs/file-format.md).
export { SPAN_STATE_ATTRIBUTE } from 'otel-session-file';

/** OTLP status code of an error. */
export const STATUS_CODE_ERROR = 2;
