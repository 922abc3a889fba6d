import type { Attributes } from '@opentelemetry/api';

/**
 * OTLP/JSON `AnyValue` and `KeyValue` lists, built as strings. The shapes and key orders follow the
 * official `@opentelemetry/otlp-transformer` JSON encoder exactly, so that our bytes equal its bytes.
 * Building strings directly instead of objects for `JSON.stringify` keeps each span's encoding to one
 * pass with no intermediate objects.
 *
 * Values the SDK never stores still encode validly, where the official encoder writes invalid JSON or
 * throws: NaN and infinities as the proto3 JSON words, BigInts as integers, and an attribute whose value
 * is circular, nested too deep or throws when read is left out and counted, not the span around it.
 */

/** Rewrites an attribute value before it is encoded; returns the value to store. */
export type AttributeValueFilter = (key: string, value: unknown) => unknown;

/** Counts the attributes left out of one list because their value could not be encoded. */
export interface DroppedCount {
  count: number;
}

// Deeper than any real attribute; past it a value is most likely a cycle through getters.
const MAX_DEPTH = 32;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Thrown, without a stack, out of a value that cannot be encoded, up to its attribute. */
const UNENCODABLE = Object.freeze({ unencodable: true });

export function encodeAnyValue(value: unknown): string {
  return encodeValue(value, undefined);
}

function encodeValue(value: unknown, ancestors: object[] | undefined): string {
  switch (typeof value) {
    case 'string':
      return `{"stringValue":${JSON.stringify(value)}}`;
    case 'number':
      if (Number.isInteger(value)) return `{"intValue":${JSON.stringify(value)}}`;
      // JSON.stringify writes non-finite numbers as null, which no AnyValue field accepts.
      return Number.isFinite(value) ? `{"doubleValue":${JSON.stringify(value)}}` : `{"doubleValue":"${String(value)}"}`;
    case 'boolean':
      return value ? '{"boolValue":true}' : '{"boolValue":false}';
    case 'bigint':
      return value >= INT64_MIN && value <= INT64_MAX ? `{"intValue":"${value}"}` : `{"stringValue":"${value}"}`;
    case 'object':
      return value === null ? '{}' : encodeObjectValue(value, ancestors ?? []);
    default:
      return '{}';
  }
}

function encodeObjectValue(value: object, ancestors: object[]): string {
  if (value instanceof Uint8Array) {
    return `{"bytesValue":"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}"}`;
  }
  if (ancestors.length >= MAX_DEPTH || ancestors.includes(value)) throw UNENCODABLE;
  ancestors.push(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '{"arrayValue":{"values":[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += encodeValue(value[i], ancestors);
    }
  } else {
    out = '{"kvlistValue":{"values":[';
    let first = true;
    for (const key of Object.keys(value)) {
      if (!first) out += ',';
      first = false;
      out += `{"key":${JSON.stringify(key)},"value":${encodeValue((value as Record<string, unknown>)[key], ancestors)}}`;
    }
  }
  ancestors.pop();
  return out + ']}}';
}

/** The keys of an attribute map; `undefined` when it is not one or listing them throws (a Proxy). */
export function keysOf(attributes: unknown): string[] | undefined {
  if (typeof attributes !== 'object' || attributes === null) return [];
  try {
    return Object.keys(attributes);
  } catch {
    return undefined;
  }
}

function isUnencodable(value: unknown): boolean {
  try {
    encodeAnyValue(value);
    return false;
  } catch {
    return true;
  }
}

export function encodeKeyValue(key: string, value: unknown): string {
  return `${keyValueOpening(key)}${encodeValue(value, undefined)}}`;
}

// Spans repeat the same few attribute keys: each key's opening text is made once. Keys can also be
// unbounded in number (a key per request id) or in length, so only short keys are kept, at most a few
// thousand, and the memory is simply started afresh when full.
const MAX_REMEMBERED_KEYS = 4096;
const MAX_REMEMBERED_KEY_LENGTH = 256;
const keyValueOpenings = new Map<string, string>();

/** `{"key":<key>,"value":`, the text of a `KeyValue` before its value. */
function keyValueOpening(key: string): string {
  let opening = keyValueOpenings.get(key);
  if (opening === undefined) {
    opening = `{"key":${JSON.stringify(key)},"value":`;
    if (key.length > MAX_REMEMBERED_KEY_LENGTH) return opening;
    if (keyValueOpenings.size >= MAX_REMEMBERED_KEYS) keyValueOpenings.clear();
    keyValueOpenings.set(key, opening);
  }
  return opening;
}

/**
 * A `KeyValue` list; `filter` may rewrite values (redaction) before they are encoded, and a filter that
 * throws fails the whole list (a value it could not redact must not be written). Attributes whose value
 * cannot be encoded are left out and added to `dropped`, also when the filter fails on them.
 */
export function encodeAttributes(attributes: Attributes, filter?: AttributeValueFilter, dropped?: DroppedCount): string {
  const keys = keysOf(attributes);
  if (keys === undefined) {
    if (dropped) dropped.count++;
    return '[]';
  }
  let out = '[';
  for (const key of keys) {
    let value: unknown;
    let text: string;
    try {
      value = attributes[key];
    } catch {
      if (dropped) dropped.count++;
      continue;
    }
    if (filter) {
      try {
        value = filter(key, value);
      } catch (error) {
        // A filter walking a circular value overflows the stack; the value is left out either way.
        if (!isUnencodable(value)) throw error;
        if (dropped) dropped.count++;
        continue;
      }
    }
    try {
      text = encodeValue(value, undefined);
    } catch {
      if (dropped) dropped.count++;
      continue;
    }
    if (out.length > 1) out += ',';
    out += keyValueOpening(key);
    out += text;
    out += '}';
  }
  return out + ']';
}
