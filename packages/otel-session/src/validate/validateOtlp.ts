import { SPAN_STATE_ATTRIBUTE, STATUS_CODE_ERROR } from '../model/otlp.js';
import { childPath as at, shown, type Problems } from './Problems.js';
import { isArray, isInteger, isObject, isString, optional, type JsonObject } from './checks.js';

/**
 * `resourceSpans` against the OTLP/JSON mapping as the official serializer writes it: hex ids of the
 * right length, nanosecond times as decimal strings, integer enums, attribute values with exactly one
 * typed field, and the format's marker of spans that had not ended. Counts what the header's counts are
 * compared with.
 */

export interface SpanCounts {
  spans: number;
  /** Spans carrying the unended-state attribute. */
  unended: number;
}

const TRACE_ID = /^[0-9a-fA-F]{32}$/;
const SPAN_ID = /^[0-9a-fA-F]{16}$/;
const ALL_ZERO = /^0+$/;
const NANOS = /^\d{1,20}$/;
const MAX_UINT64 = '18446744073709551615';
const INT64 = /^-?\d{1,19}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DOUBLE_WORDS = ['NaN', 'Infinity', '-Infinity'];
const UNENDED_STATES = ['open', 'interrupted', 'crashed'];
const MAX_KIND = 5;
const MAX_STATUS_CODE = 2;
const MAX_UINT32 = 0xffffffff;

function hexId(value: unknown, pattern: RegExp, digits: number, path: string, problems: Problems): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    problems.add(path, `expected ${digits} hex digits, got ${shown(value)}`);
  } else if (ALL_ZERO.test(value)) {
    problems.add(path, 'must not be all zeros (an invalid id)');
  }
}

function nanos(value: unknown, path: string, problems: Problems): value is string {
  if (typeof value !== 'string' || !NANOS.test(value)) {
    problems.add(path, `expected nanoseconds since the epoch as a decimal string, got ${shown(value)}`);
    return false;
  }
  if (value.length === MAX_UINT64.length && value > MAX_UINT64) {
    problems.add(path, `${value} is past the largest unsigned 64-bit integer`);
    return false;
  }
  return true;
}

function anyValue(value: unknown, path: string, problems: Problems): void {
  if (!isObject(value, path, problems)) return;
  const keys = Object.keys(value);
  if (keys.length > 1) {
    problems.add(path, `expected one of stringValue, boolValue, intValue, doubleValue, arrayValue, kvlistValue, bytesValue, got ${keys.join(' and ')}`);
    return;
  }
  const [key] = keys;
  if (key === undefined) return;
  const inner = value[key];
  const innerPath = at(path, key);
  switch (key) {
    case 'stringValue':
      isString(inner, innerPath, problems);
      break;
    case 'boolValue':
      if (typeof inner !== 'boolean') problems.add(innerPath, `expected true or false, got ${shown(inner)}`);
      break;
    case 'intValue':
      if (!(typeof inner === 'number' && Number.isInteger(inner)) && !(typeof inner === 'string' && INT64.test(inner))) {
        problems.add(innerPath, `expected an integer (a number or a decimal string), got ${shown(inner)}`);
      }
      break;
    case 'doubleValue':
      if (typeof inner !== 'number' && !DOUBLE_WORDS.includes(inner as string)) problems.add(innerPath, `expected a number, got ${shown(inner)}`);
      break;
    case 'arrayValue':
      if (isObject(inner, innerPath, problems)) {
        optional(inner, 'values', innerPath, (values, p) => isArray(values, p, problems) && values.forEach((v, i) => anyValue(v, at(p, i), problems)));
      }
      break;
    case 'kvlistValue':
      if (isObject(inner, innerPath, problems)) optional(inner, 'values', innerPath, (values, p) => keyValues(values, p, problems));
      break;
    case 'bytesValue':
      if (typeof inner !== 'string' || !BASE64.test(inner)) problems.add(innerPath, `expected base64 text, got ${shown(inner)}`);
      break;
    default:
      problems.add(innerPath, 'is not an OTLP AnyValue field');
  }
}

function keyValues(value: unknown, path: string, problems: Problems): void {
  if (!isArray(value, path, problems)) return;
  value.forEach((entry, i) => {
    const entryPath = at(path, i);
    if (!isObject(entry, entryPath, problems)) return;
    isString(entry.key, at(entryPath, 'key'), problems);
    optional(entry, 'value', entryPath, (v, p) => anyValue(v, p, problems));
  });
}

/** `attributes` and `droppedAttributesCount` of a resource, scope, span, event or link. */
function attributed(object: JsonObject, path: string, problems: Problems): void {
  optional(object, 'attributes', path, (v, p) => keyValues(v, p, problems));
  optional(object, 'droppedAttributesCount', path, (v, p) => isInteger(v, p, problems));
}

function unendedState(span: JsonObject, path: string, problems: Problems): boolean {
  if (!Array.isArray(span.attributes)) return false;
  const index = span.attributes.findIndex((kv) => (kv as JsonObject | null)?.key === SPAN_STATE_ATTRIBUTE);
  if (index === -1) return false;
  const value = (span.attributes[index] as JsonObject).value as JsonObject | undefined;
  const state = value?.stringValue;
  const statePath = at(at(at(path, 'attributes'), index), 'value');
  if (typeof state !== 'string' || !UNENDED_STATES.includes(state)) {
    problems.add(statePath, `${SPAN_STATE_ATTRIBUTE} must be the string "open", "interrupted" or "crashed", got ${shown(value)}`);
  } else if (state !== 'open' && (span.status as JsonObject | undefined)?.code !== STATUS_CODE_ERROR) {
    problems.add(at(at(path, 'status'), 'code'), `a span marked "${state}" must have status code 2 (ERROR)`);
  }
  return true;
}

function span(value: unknown, path: string, problems: Problems, seen: Set<string>): boolean {
  if (!isObject(value, path, problems)) return false;
  hexId(value.traceId, TRACE_ID, 32, at(path, 'traceId'), problems);
  hexId(value.spanId, SPAN_ID, 16, at(path, 'spanId'), problems);
  const key = `${String(value.traceId).toLowerCase()}-${String(value.spanId).toLowerCase()}`;
  if (seen.has(key)) problems.add(at(path, 'spanId'), `another span of trace ${String(value.traceId)} has the same spanId`);
  seen.add(key);
  // OTLP/JSON writes a missing parent as an absent field or as "".
  optional(value, 'parentSpanId', path, (v, p) => v !== '' && hexId(v, SPAN_ID, 16, p, problems));
  optional(value, 'traceState', path, (v, p) => isString(v, p, problems));
  isString(value.name, at(path, 'name'), problems);
  optional(value, 'kind', path, (kind, p) => {
    if (isInteger(kind, p, problems) && kind > MAX_KIND) problems.add(p, `expected 0 to ${MAX_KIND} (SpanKind + 1), got ${kind}`);
  });
  const start = nanos(value.startTimeUnixNano, at(path, 'startTimeUnixNano'), problems);
  const end = nanos(value.endTimeUnixNano, at(path, 'endTimeUnixNano'), problems);
  if (start && end && BigInt(value.endTimeUnixNano as string) < BigInt(value.startTimeUnixNano as string)) {
    problems.add(at(path, 'endTimeUnixNano'), 'is before startTimeUnixNano');
  }
  attributed(value, path, problems);
  optional(value, 'events', path, (events, eventsPath) => {
    if (!isArray(events, eventsPath, problems)) return;
    events.forEach((event, i) => {
      const eventPath = at(eventsPath, i);
      if (!isObject(event, eventPath, problems)) return;
      nanos(event.timeUnixNano, at(eventPath, 'timeUnixNano'), problems);
      isString(event.name, at(eventPath, 'name'), problems);
      attributed(event, eventPath, problems);
    });
  });
  optional(value, 'droppedEventsCount', path, (v, p) => isInteger(v, p, problems));
  optional(value, 'status', path, (status, statusPath) => {
    if (!isObject(status, statusPath, problems)) return;
    optional(status, 'code', statusPath, (code, codePath) => {
      if (isInteger(code, codePath, problems) && code > MAX_STATUS_CODE) problems.add(codePath, `expected 0 (unset), 1 (ok) or 2 (error), got ${code}`);
    });
    optional(status, 'message', statusPath, (v, p) => isString(v, p, problems));
  });
  optional(value, 'links', path, (links, linksPath) => {
    if (!isArray(links, linksPath, problems)) return;
    links.forEach((link, i) => {
      const linkPath = at(linksPath, i);
      if (!isObject(link, linkPath, problems)) return;
      hexId(link.traceId, TRACE_ID, 32, at(linkPath, 'traceId'), problems);
      hexId(link.spanId, SPAN_ID, 16, at(linkPath, 'spanId'), problems);
      optional(link, 'traceState', linkPath, (v, p) => isString(v, p, problems));
      attributed(link, linkPath, problems);
      optional(link, 'flags', linkPath, (v, p) => isInteger(v, p, problems) && v > MAX_UINT32 && problems.add(p, 'expected a 32-bit value'));
    });
  });
  optional(value, 'droppedLinksCount', path, (v, p) => isInteger(v, p, problems));
  optional(value, 'flags', path, (v, p) => isInteger(v, p, problems) && v > MAX_UINT32 && problems.add(p, 'expected a 32-bit value'));
  return unendedState(value, path, problems);
}

export function validateResourceSpans(value: unknown, path: string, problems: Problems): SpanCounts {
  const counts: SpanCounts = { spans: 0, unended: 0 };
  if (!isArray(value, path, problems)) return counts;
  const seen = new Set<string>();
  value.forEach((resourceSpans, r) => {
    const resourcePath = at(path, r);
    if (!isObject(resourceSpans, resourcePath, problems)) return;
    optional(resourceSpans, 'resource', resourcePath, (resource, p) => isObject(resource, p, problems) && attributed(resource, p, problems));
    optional(resourceSpans, 'schemaUrl', resourcePath, (v, p) => isString(v, p, problems));
    const scopesPath = at(resourcePath, 'scopeSpans');
    if (!isArray(resourceSpans.scopeSpans, scopesPath, problems)) return;
    resourceSpans.scopeSpans.forEach((scopeSpans, s) => {
      const scopePath = at(scopesPath, s);
      if (!isObject(scopeSpans, scopePath, problems)) return;
      optional(scopeSpans, 'scope', scopePath, (scope, p) => {
        if (!isObject(scope, p, problems)) return;
        optional(scope, 'name', p, (v, q) => isString(v, q, problems));
        optional(scope, 'version', p, (v, q) => isString(v, q, problems));
        attributed(scope, p, problems);
      });
      optional(scopeSpans, 'schemaUrl', scopePath, (v, p) => isString(v, p, problems));
      const spansPath = at(scopePath, 'spans');
      if (!isArray(scopeSpans.spans, spansPath, problems)) return;
      scopeSpans.spans.forEach((s, i) => {
        counts.spans++;
        if (span(s, at(spansPath, i), problems, seen)) counts.unended++;
      });
    });
  });
  return counts;
}
