import type { OtlpAnyValue, OtlpKeyValue } from './otlp.js';

/**
 * Any JSON value as text: a string as it is, anything else as JSON. `String()` would throw for an
 * object like `{"toString": false}`, and a damaged file may hold anything.
 */
export function jsonText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'object' && item !== null) : [];
}

/** An OTLP attribute value as the text a person reads: strings bare, arrays and maps in brackets. */
export function attributeText(value: OtlpAnyValue | undefined): string {
  if (typeof value !== 'object' || value === null) return '';
  if (value.stringValue !== undefined) return jsonText(value.stringValue);
  if (value.intValue !== undefined) return jsonText(value.intValue);
  if (value.doubleValue !== undefined) return jsonText(value.doubleValue);
  if (value.boolValue !== undefined) return jsonText(value.boolValue);
  if (value.arrayValue !== undefined) return `[${list(value.arrayValue?.values).map(attributeText).join(', ')}]`;
  if (value.kvlistValue !== undefined) {
    return `{${list(value.kvlistValue?.values).map((kv) => `${jsonText(kv.key)}: ${attributeText(kv.value)}`).join(', ')}}`;
  }
  if (value.bytesValue !== undefined) return `<${jsonText(value.bytesValue).length} base64 chars>`;
  return '';
}

/** The value of attribute `key`, if the span carries it. */
export function findAttribute(attributes: OtlpKeyValue[] | undefined, key: string): OtlpAnyValue | undefined {
  if (!attributes) return undefined;
  for (const attribute of attributes) if (attribute.key === key) return attribute.value;
  return undefined;
}
