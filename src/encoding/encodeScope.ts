import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan } from '../sdk/types.js';
import { encodeAttributes, keysOf, type DroppedCount } from './anyValue.js';
import { countOf, read, textOf } from './coerce.js';
import type { SpanRedactor } from './encodeSpan.js';

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

function redactText(text: string, redactor: SpanRedactor | undefined): string {
  return redactor === undefined ? text : redactor.text(text);
}

/** A schema URL that is a string, redacted; anything else is left out of the file. */
function redactedSchemaUrl(value: unknown, redactor: SpanRedactor | undefined): string | undefined {
  return typeof value === 'string' ? redactText(value, redactor) : undefined;
}

/**
 * The envelopes are encoded once per resource and scope of a session, so redacting them (resource
 * attributes hold command lines and environment details) costs nothing per span.
 */
export function encodeResourceEnvelope(resource: SpanResource, redactor?: SpanRedactor): EnvelopeText {
  const schemaUrl = redactedSchemaUrl(read(resource, 'schemaUrl'), redactor);
  const dropped: DroppedCount = { count: 0 };
  const attributes = encodeAttributes(read(resource, 'attributes') as SpanResource['attributes'], redactor?.attribute, dropped);
  let body = `{"attributes":${attributes},"droppedAttributesCount":${dropped.count}`;
  body += `${schemaUrlSuffix(schemaUrl)}}`;
  return { key: body, open: `{"resource":${body},"scopeSpans":[`, close: `]${schemaUrlSuffix(schemaUrl)}}` };
}

export function encodeScopeEnvelope(scope: InstrumentationScope, redactor?: SpanRedactor): EnvelopeText {
  let body = `{"name":${JSON.stringify(redactText(textOf(read(scope, 'name')), redactor))}`;
  const version = read(scope, 'version');
  if (version !== undefined) body += `,"version":${JSON.stringify(redactText(textOf(version), redactor))}`;
  const attributes = read(scope, 'attributes');
  if (keysOf(attributes)?.length !== 0) {
    const dropped: DroppedCount = { count: 0 };
    body += `,"attributes":${encodeAttributes(attributes as never, redactor?.attribute, dropped)}`;
    body += `,"droppedAttributesCount":${countOf(read(scope, 'droppedAttributesCount')) + dropped.count}`;
  }
  body += '}';
  const suffix = schemaUrlSuffix(redactedSchemaUrl(read(scope, 'schemaUrl'), redactor));
  return { key: body + suffix, open: `{"scope":${body},"spans":[`, close: `]${suffix}}` };
}
