/**
 * Reading OTLP/JSON as the browser gets it: anything at all. A session file may be damaged or written by
 * another tool, so every accessor here takes `unknown` and answers with a safe value; drawing never throws.
 */

export type Json = unknown;
export type JsonObject = Record<string, unknown>;

export interface KeyValue {
  key: string;
  value: unknown;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object';
}

/** Any JSON value as text. String() throws for an object like {"toString": false}, which a file may hold. */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json;
}

/** A list from the file as an array of objects, whatever the file holds. */
export function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** Key/value lists with string keys. */
export function keyValues(value: unknown): KeyValue[] {
  return objects(value).map((kv) => ({ key: text(kv.key), value: kv.value }));
}

// A double holds this century's epoch nanoseconds to within 512 ns: plenty for drawing.
export function nanosToMs(value: unknown): number {
  if (typeof value === 'number') return value / 1e6;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) / 1e6 : NaN;
}

/** An OTLP AnyValue as display text. */
export function valueText(value: unknown): string {
  if (!isObject(value)) return '';
  if (value.stringValue !== undefined) return text(value.stringValue);
  if (value.intValue !== undefined) return text(value.intValue);
  if (value.doubleValue !== undefined) return text(value.doubleValue);
  if (value.boolValue !== undefined) return text(value.boolValue);
  if (isObject(value.arrayValue)) return `[${objects(value.arrayValue.values).map(valueText).join(', ')}]`;
  if (isObject(value.kvlistValue)) {
    return `{${keyValues(value.kvlistValue.values).map((kv) => `${kv.key}: ${valueText(kv.value)}`).join(', ')}}`;
  }
  if (value.bytesValue !== undefined) return `<${text(value.bytesValue).length} base64 chars>`;
  return '';
}

/** An OTLP AnyValue as plain JSON data (arrays as arrays), for attributes that hold structured values. */
export function valueData(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  if (value.stringValue !== undefined) return text(value.stringValue);
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (isObject(value.arrayValue)) return objects(value.arrayValue.values).map(valueData);
  if (isObject(value.kvlistValue)) {
    const out: JsonObject = {};
    for (const kv of keyValues(value.kvlistValue.values)) out[kv.key] = valueData(kv.value);
    return out;
  }
  return undefined;
}

/** A span's attributes by key, the first of each key winning as in the list. */
export class Attributes {
  private readonly map = new Map<string, unknown>();

  constructor(readonly list: KeyValue[]) {
    for (const kv of list) if (!this.map.has(kv.key)) this.map.set(kv.key, kv.value);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** The value as text, or undefined when the key is absent. */
  get(key: string): string | undefined {
    return this.map.has(key) ? valueText(this.map.get(key)) : undefined;
  }

  data(key: string): unknown {
    return valueData(this.map.get(key));
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }
}
