import { countOf, isCount, isHexId, isJsonObject as isObject } from '../encoding/coerce.js';
import { SPAN_STATE_ATTRIBUTE } from '../encoding/encodeSpan.js';

/**
 * OTLP/JSON read back from an earlier file, held to what the format allows before it is written again.
 * A file this library wrote passes unchanged (the same objects, so their text is the same and read-back
 * spans join this process's resource and scope groups). A file edited by hand or written by another tool
 * may hold anything: a value the format does not allow is left out or replaced by its neutral value, a
 * span without valid ids is left out, so that the file written next is valid whatever was read.
 *
 * Each function returns its input when it was valid, a repaired copy when it was not, or `undefined` for
 * what cannot be kept.
 */

type Json = Record<string, unknown>;

const NANOS = /^\d{1,20}$/;
const MAX_UINT64 = '18446744073709551615';
const INT64 = /^-?\d{1,19}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DOUBLE_WORDS = new Set(['NaN', 'Infinity', '-Infinity']);
const UNENDED_STATES = new Set(['open', 'interrupted', 'crashed']);
const MAX_KIND = 5;
const MAX_STATUS_CODE = 2;
const MAX_UINT32 = 0xffffffff;

function isNanos(value: unknown): value is string {
  return typeof value === 'string' && NANOS.test(value) && (value.length < MAX_UINT64.length || value <= MAX_UINT64);
}

/** A copy of `object` made on the first change, so that a valid object comes back as itself. */
class Repair {
  private copy: Json | undefined;

  constructor(private readonly object: Json) {}

  set(key: string, value: unknown): void {
    if (this.object[key] === value) return;
    this.copy ??= { ...this.object };
    if (value === undefined) delete this.copy[key];
    else this.copy[key] = value;
  }

  get result(): Json {
    return this.copy ?? this.object;
  }
}

function anyValue(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 0) return value;
  if (keys.length > 1) return undefined;
  const key = keys[0]!;
  const inner = value[key];
  switch (key) {
    case 'stringValue':
      return typeof inner === 'string' ? value : undefined;
    case 'boolValue':
      return typeof inner === 'boolean' ? value : undefined;
    case 'intValue':
      return (typeof inner === 'number' && Number.isInteger(inner)) || (typeof inner === 'string' && INT64.test(inner)) ? value : undefined;
    case 'doubleValue':
      return typeof inner === 'number' || DOUBLE_WORDS.has(inner as string) ? value : undefined;
    case 'bytesValue':
      return typeof inner === 'string' && BASE64.test(inner) ? value : undefined;
    case 'arrayValue': {
      if (!isObject(inner)) return undefined;
      if (inner.values === undefined) return value;
      if (!Array.isArray(inner.values)) return { arrayValue: {} };
      const values = keptOnly(inner.values, anyValue);
      return values === inner.values ? value : { arrayValue: { values } };
    }
    case 'kvlistValue': {
      if (!isObject(inner)) return undefined;
      if (inner.values === undefined) return value;
      const { values } = keyValues(inner.values);
      return values === inner.values ? value : { kvlistValue: { values } };
    }
    default:
      return undefined;
  }
}

/** `list` with what `repair` cannot keep left out; `list` itself when nothing changed. */
function keptOnly(list: readonly unknown[], repair: (item: unknown) => unknown): unknown[] {
  let out: unknown[] | undefined;
  list.forEach((item, index) => {
    const repaired = repair(item);
    if (repaired !== item && out === undefined) out = list.slice(0, index);
    if (out !== undefined && repaired !== undefined) out.push(repaired);
  });
  return out ?? (list as unknown[]);
}

function keyValue(entry: unknown): unknown {
  if (!isObject(entry) || typeof entry.key !== 'string') return undefined;
  if (entry.value === undefined) return entry;
  const value = anyValue(entry.value);
  if (value === undefined) return undefined;
  return value === entry.value ? entry : { ...entry, value };
}

/** Valid attributes, and how many entries were left out. */
function keyValues(list: unknown): { values: unknown[]; dropped: number } {
  if (!Array.isArray(list)) return { values: [], dropped: 0 };
  const values = keptOnly(list, keyValue);
  return { values, dropped: list.length - values.length };
}

/** `attributes` and `droppedAttributesCount` of a resource, scope, span, event or link. */
function repairAttributed(repair: Repair, object: Json): void {
  optionalCount(repair, object, 'droppedAttributesCount');
  if (object.attributes === undefined) return;
  const { values, dropped } = keyValues(object.attributes);
  repair.set('attributes', values);
  if (dropped > 0) repair.set('droppedAttributesCount', countOf(object.droppedAttributesCount) + dropped);
}

function optionalString(repair: Repair, object: Json, key: string): void {
  if (object[key] !== undefined && typeof object[key] !== 'string') repair.set(key, undefined);
}

function optionalCount(repair: Repair, object: Json, key: string, max?: number): void {
  if (object[key] !== undefined && !isCount(object[key], max)) repair.set(key, undefined);
}

/** A resource or an instrumentation scope. */
export function repairEnvelopeBody(body: unknown, stringFields: readonly string[]): Json | undefined {
  if (body === undefined) return undefined;
  if (!isObject(body)) return {};
  const repair = new Repair(body);
  for (const key of stringFields) optionalString(repair, body, key);
  repairAttributed(repair, body);
  return repair.result;
}

function event(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  const repair = new Repair(value);
  if (!isNanos(value.timeUnixNano)) repair.set('timeUnixNano', '0');
  if (typeof value.name !== 'string') repair.set('name', '');
  repairAttributed(repair, value);
  return repair.result;
}

function link(value: unknown): unknown {
  if (!isObject(value) || !isHexId(value.traceId, 32) || !isHexId(value.spanId, 16)) return undefined;
  const repair = new Repair(value);
  optionalString(repair, value, 'traceState');
  optionalCount(repair, value, 'flags', MAX_UINT32);
  repairAttributed(repair, value);
  return repair.result;
}

function status(value: unknown): unknown {
  if (!isObject(value)) return undefined;
  const repair = new Repair(value);
  optionalCount(repair, value, 'code', MAX_STATUS_CODE);
  optionalString(repair, value, 'message');
  return repair.result;
}

/** A span's events or links: what cannot be kept is left out and counted as dropped. */
function repairList(repair: Repair, span: Json, key: string, droppedKey: string, repairItem: (item: unknown) => unknown): void {
  const list = span[key];
  if (list === undefined) return;
  const kept = Array.isArray(list) ? keptOnly(list, repairItem) : [];
  repair.set(key, kept);
  const lost = Array.isArray(list) ? list.length - kept.length : 0;
  if (lost > 0) repair.set(droppedKey, countOf(span[droppedKey]) + lost);
}

/** A span of an earlier file as the format allows it, or `undefined` when it has no valid ids. */
export function repairSpan(span: unknown): Json | undefined {
  if (!isObject(span) || !isHexId(span.traceId, 32) || !isHexId(span.spanId, 16)) return undefined;
  const repair = new Repair(span);
  if (span.parentSpanId !== undefined && span.parentSpanId !== '' && !isHexId(span.parentSpanId, 16)) repair.set('parentSpanId', undefined);
  optionalString(repair, span, 'traceState');
  if (typeof span.name !== 'string') repair.set('name', '');
  optionalCount(repair, span, 'kind', MAX_KIND);
  const start = isNanos(span.startTimeUnixNano) ? span.startTimeUnixNano : '0';
  const end = isNanos(span.endTimeUnixNano) && BigInt(span.endTimeUnixNano) >= BigInt(start) ? span.endTimeUnixNano : start;
  repair.set('startTimeUnixNano', start);
  repair.set('endTimeUnixNano', end);
  repairAttributed(repair, span);
  optionalCount(repair, span, 'droppedEventsCount');
  optionalCount(repair, span, 'droppedLinksCount');
  repairList(repair, span, 'events', 'droppedEventsCount', event);
  repairList(repair, span, 'links', 'droppedLinksCount', link);
  optionalCount(repair, span, 'flags', MAX_UINT32);
  if (span.status !== undefined) repair.set('status', status(span.status));
  return withValidStateMarker(repair.result);
}

/** The unended-state attribute holds one of the states, or goes: the span is then read as ended. */
function withValidStateMarker(span: Json): Json {
  const attributes = span.attributes as Array<{ key: string; value?: { stringValue?: unknown } }> | undefined;
  const index = attributes?.findIndex((attribute) => attribute.key === SPAN_STATE_ATTRIBUTE) ?? -1;
  if (index < 0 || UNENDED_STATES.has(attributes![index]!.value?.stringValue as string)) return span;
  return { ...span, attributes: attributes!.filter((_, i) => i !== index) };
}
