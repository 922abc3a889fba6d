import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan } from '../sdk/types.js';
import { encodeAttributes } from './anyValue.js';
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

function schemaUrlSuffix(schemaUrl: string | undefined): string {
  return schemaUrl ? `,"schemaUrl":${JSON.stringify(schemaUrl)}` : '';
}

function redactText(text: string | undefined, redactor: SpanRedactor | undefined): string | undefined {
  return text === undefined || redactor === undefined ? text : redactor.text(text);
}

/**
 * The envelopes are encoded once per resource and scope of a session, so redacting them (resource
 * attributes hold command lines and environment details) costs nothing per span.
 */
export function encodeResourceEnvelope(resource: SpanResource, redactor?: SpanRedactor): EnvelopeText {
  const schemaUrl = redactText(resource.schemaUrl, redactor);
  let body = `{"attributes":${encodeAttributes(resource.attributes, redactor?.attribute)},"droppedAttributesCount":0`;
  body += `${schemaUrlSuffix(schemaUrl)}}`;
  return { key: body, open: `{"resource":${body},"scopeSpans":[`, close: `]${schemaUrlSuffix(schemaUrl)}}` };
}

export function encodeScopeEnvelope(scope: InstrumentationScope, redactor?: SpanRedactor): EnvelopeText {
  let body = `{"name":${JSON.stringify(redactText(scope.name, redactor))}`;
  if (scope.version !== undefined) body += `,"version":${JSON.stringify(redactText(scope.version, redactor))}`;
  const scopeWithAttributes = scope as InstrumentationScope & {
    attributes?: Record<string, unknown>;
    droppedAttributesCount?: number;
  };
  if (scopeWithAttributes.attributes && Object.keys(scopeWithAttributes.attributes).length > 0) {
    body += `,"attributes":${encodeAttributes(scopeWithAttributes.attributes as never, redactor?.attribute)}`;
    body += `,"droppedAttributesCount":${scopeWithAttributes.droppedAttributesCount ?? 0}`;
  }
  body += '}';
  const suffix = schemaUrlSuffix(redactText(scope.schemaUrl, redactor));
  return { key: body + suffix, open: `{"scope":${body},"spans":[`, close: `]${suffix}}` };
}
