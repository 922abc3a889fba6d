import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan } from '../sdk/types.js';
import { encodeAttributes } from './anyValue.js';

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

export function encodeResourceEnvelope(resource: SpanResource): EnvelopeText {
  const schemaUrl = resource.schemaUrl;
  let body = `{"attributes":${encodeAttributes(resource.attributes)},"droppedAttributesCount":0`;
  body += `${schemaUrlSuffix(schemaUrl)}}`;
  return { key: body, open: `{"resource":${body},"scopeSpans":[`, close: `]${schemaUrlSuffix(schemaUrl)}}` };
}

export function encodeScopeEnvelope(scope: InstrumentationScope): EnvelopeText {
  let body = `{"name":${JSON.stringify(scope.name)}`;
  if (scope.version !== undefined) body += `,"version":${JSON.stringify(scope.version)}`;
  const scopeWithAttributes = scope as InstrumentationScope & {
    attributes?: Record<string, unknown>;
    droppedAttributesCount?: number;
  };
  if (scopeWithAttributes.attributes && Object.keys(scopeWithAttributes.attributes).length > 0) {
    body += `,"attributes":${encodeAttributes(scopeWithAttributes.attributes as never)}`;
    body += `,"droppedAttributesCount":${scopeWithAttributes.droppedAttributesCount ?? 0}`;
  }
  body += '}';
  const suffix = schemaUrlSuffix(scope.schemaUrl);
  return { key: body + suffix, open: `{"scope":${body},"spans":[`, close: `]${suffix}}` };
}
