import type { Attributes } from '@opentelemetry/api';

/**
 * OTLP/JSON `AnyValue` and `KeyValue` lists, built as strings. The shapes and key orders follow the
 * official `@opentelemetry/otlp-transformer` JSON encoder exactly, so that our bytes equal its bytes.
 * Building strings directly instead of objects for `JSON.stringify` keeps each span's encoding to one
 * pass with no intermediate objects.
 */

/** Rewrites an attribute value before it is encoded; returns the value to store. */
export type AttributeValueFilter = (key: string, value: unknown) => unknown;

export function encodeAnyValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `{"stringValue":${JSON.stringify(value)}}`;
    case 'number':
      return Number.isInteger(value)
        ? `{"intValue":${JSON.stringify(value)}}`
        : `{"doubleValue":${JSON.stringify(value)}}`;
    case 'boolean':
      return value ? '{"boolValue":true}' : '{"boolValue":false}';
    case 'object':
      return encodeObjectValue(value);
    default:
      return '{}';
  }
}

function encodeObjectValue(value: object | null): string {
  if (value === null) return '{}';
  if (value instanceof Uint8Array) {
    return `{"bytesValue":"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}"}`;
  }
  if (Array.isArray(value)) {
    let out = '{"arrayValue":{"values":[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += encodeAnyValue(value[i]);
    }
    return out + ']}}';
  }
  let out = '{"kvlistValue":{"values":[';
  let first = true;
  for (const key of Object.keys(value)) {
    if (!first) out += ',';
    first = false;
    out += encodeKeyValue(key, (value as Record<string, unknown>)[key]);
  }
  return out + ']}}';
}

export function encodeKeyValue(key: string, value: unknown): string {
  return `{"key":${JSON.stringify(key)},"value":${encodeAnyValue(value)}}`;
}

/** A `KeyValue` list; `filter` may rewrite values (redaction) before they are encoded. */
export function encodeAttributes(attributes: Attributes, filter?: AttributeValueFilter): string {
  let out = '[';
  let first = true;
  for (const key of Object.keys(attributes)) {
    if (!first) out += ',';
    first = false;
    const value = attributes[key];
    out += encodeKeyValue(key, filter ? filter(key, value) : value);
  }
  return out + ']';
}
