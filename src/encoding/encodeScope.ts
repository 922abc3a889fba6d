import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { encodeAttributes, keysOf, type DroppedCount } from './anyValue.js';
import { countOf, read, textOf } from './coerce.js';

/**
 * The text around a group of spans in OTLP/JSON: a `ResourceSpans` entry and, inside it, a `ScopeSpans`
 * entry, split into the part before the spans and the part after them. Key orders follow the official
 * serializer (`resource`, `scopeSpans`, `schemaUrl`; `scope`, `spans`, `schemaUrl`).
 */

type SpanResource = ReadableSpan['resource'];

export interface EnvelopeText {
  /** Identifies the envelope: spans with equal keys share it. */
  key: string;
  open: string;
  close: string;
}

function schemaUrlSuffix(schemaUrl: unknown): string {
  return typeof schemaUrl === 'string' && schemaUrl !== '' ? `,"schemaUrl":${JSON.stringify(schemaUrl)}` : '';
}

export function encodeResourceEnvelope(resource: SpanResource): EnvelopeText {
  const schemaUrl = read(resource, 'schemaUrl');
  const dropped: DroppedCount = { count: 0 };
  const attributes = encodeAttributes(read(resource, 'attributes') as SpanResource['attributes'], undefined, dropped);
  let body = `{"attributes":${attributes},"droppedAttributesCount":${dropped.count}`;
  body += `${schemaUrlSuffix(schemaUrl)}}`;
  return { key: body, open: `{"resource":${body},"scopeSpans":[`, close: `]${schemaUrlSuffix(schemaUrl)}}` };
}

export function encodeScopeEnvelope(scope: InstrumentationScope): EnvelopeText {
  let body = `{"name":${JSON.stringify(textOf(read(scope, 'name')))}`;
  const version = read(scope, 'version');
  if (version !== undefined) body += `,"version":${JSON.stringify(textOf(version))}`;
  const attributes = read(scope, 'attributes');
  if (keysOf(attributes)?.length !== 0) {
    const dropped: DroppedCount = { count: 0 };
    body += `,"attributes":${encodeAttributes(attributes as never, undefined, dropped)}`;
    body += `,"droppedAttributesCount":${countOf(read(scope, 'droppedAttributesCount')) + dropped.count}`;
  }
  body += '}';
  const suffix = schemaUrlSuffix(read(scope, 'schemaUrl'));
  return { key: body + suffix, open: `{"scope":${body},"spans":[`, close: `]${suffix}}` };
}
