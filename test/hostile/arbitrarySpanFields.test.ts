import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReadableSpan } from '../../src/sdk/types.js';
import fc from 'fast-check';
import { sessionFileChunks } from '../../src/fs/sessionFileChunks.js';
import { createRedactor } from '../../src/redact/createRedactor.js';
import { Session } from '../../src/session/Session.js';
import { assertValidSessionFile } from '../helpers/validateSessionFile.js';

/**
 * The API's types are not checked at run time: plain JavaScript can put anything in any field of a span,
 * and a provider or a wrapper can hand the processor spans that are not the SDK's. Whatever they carry,
 * every file written is valid OTLP in a valid session file, and only a span that cannot be placed in a
 * trace (no valid ids) is left out.
 */

function circularObject(): object {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
}

function circularArray(): unknown[] {
  const value: unknown[] = [1];
  value.push([value]);
  return value;
}

function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const strange = fc.constantFrom<unknown>(
  Symbol('s'),
  () => 1,
  { toString: () => { throw new Error('no text'); } },
  Object.create(null),
  circularObject(),
  circularArray(),
  deeplyNested(200),
  10n,
  2n ** 70n,
  -(2n ** 70n),
  Number.NaN,
  Infinity,
  -Infinity,
  -0,
  1e300,
  null,
  undefined,
  new Date(Number.NaN),
  new Map([[1, 2]]),
  new Uint8Array([1, 2, 3]),
  new Float64Array([1.5]),
  { get broken() { throw new Error('getter'); } },
  new Proxy({}, { ownKeys: () => { throw new Error('ownKeys'); } }),
  'server',
  'ERROR',
  [Number.NaN, 1],
  [-1, -1],
  [1e20, 5],
  [100_000_006_144, 0],
);
const anything = fc.oneof(
  fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withNullPrototype: true, withSet: true, withTypedArray: true, withSparseArray: true }),
  strange,
);
/** Most of the time the valid value, so that the rest of the span is exercised too. */
function field<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: anything });
}

const hrTime = fc.tuple(fc.integer({ min: 1_700_000_000, max: 1_800_000_000 }), fc.integer({ min: 0, max: 999_999_999 }));
const attributes = field(fc.dictionary(fc.string({ maxLength: 10 }), anything, { maxKeys: 5 }));
const traceId = 'a'.repeat(32);

const spanFields = fc.record({
  name: field(fc.string()),
  kind: field(fc.integer({ min: 0, max: 4 })),
  idIsValid: fc.boolean().map((valid) => valid || Math.random() < 0.9),
  badSpanId: anything,
  traceFlags: field(fc.constantFrom(0, 1)),
  traceState: field(fc.constant({ serialize: () => 'k=v' })),
  parentSpanContext: field(fc.record({ traceId: fc.constant(traceId), spanId: fc.constant('b'.repeat(16)), isRemote: fc.boolean(), traceFlags: fc.constant(1) })),
  startTime: field(hrTime),
  endTime: field(hrTime),
  status: field(fc.record({ code: field(fc.constantFrom(0, 1, 2)), message: field(fc.string()) }, { requiredKeys: ['code'] })),
  attributes,
  events: field(fc.array(field(fc.record({ name: field(fc.string()), time: field(hrTime), attributes, droppedAttributesCount: field(fc.nat()) })), { maxLength: 3 })),
  links: field(
    fc.array(
      fc.record({
        context: field(fc.record({ traceId: fc.constant(traceId), spanId: fc.constant('c'.repeat(16)), traceFlags: field(fc.constant(1)) })),
        attributes,
      }),
      { maxLength: 3 },
    ),
  ),
  duration: field(fc.constant([0, 5_000_000])),
  resource: field(fc.record({ attributes, schemaUrl: field(fc.webUrl()) })),
  scope: field(fc.record({ name: field(fc.string()), version: field(fc.string()), schemaUrl: field(fc.webUrl()), attributes })),
  droppedAttributesCount: field(fc.nat()),
  droppedEventsCount: field(fc.nat()),
  droppedLinksCount: field(fc.nat()),
  ended: fc.boolean(),
});
type SpanFields = typeof spanFields extends fc.Arbitrary<infer T> ? T : never;

function spanOf(fields: SpanFields, index: number): ReadableSpan {
  const spanId = fields.idIsValid ? (index + 1).toString(16).padStart(16, '0') : fields.badSpanId;
  const spanContext = { traceId, spanId, traceFlags: fields.traceFlags, traceState: fields.traceState, isRemote: false };
  return {
    name: fields.name,
    kind: fields.kind,
    spanContext: () => spanContext,
    parentSpanContext: fields.parentSpanContext,
    startTime: fields.startTime,
    endTime: fields.endTime,
    status: fields.status,
    attributes: fields.attributes,
    links: fields.links,
    events: fields.events,
    duration: fields.duration,
    ended: fields.ended,
    resource: fields.resource,
    instrumentationScope: fields.scope,
    droppedAttributesCount: fields.droppedAttributesCount,
    droppedEventsCount: fields.droppedEventsCount,
    droppedLinksCount: fields.droppedLinksCount,
  } as unknown as ReadableSpan;
}

function fileOf(session: Session): string {
  return Buffer.concat(sessionFileChunks(session.snapshot(Date.now()))).toString('utf8');
}

describe('session files of spans with arbitrary fields', () => {
  for (const redaction of [false, true]) {
    it(`are always valid, running and crashed, and keep every span with valid ids (redaction ${redaction ? 'on' : 'off'})`, () => {
      fc.assert(
        fc.property(fc.array(spanFields, { minLength: 1, maxLength: 6 }), (all) => {
          const session = new Session('ses_arbitrary', 1000, redaction ? createRedactor() : undefined);
          const spans = all.map(spanOf);
          spans.forEach((span, index) => {
            session.spanStarted(span, index === 0);
            if (all[index]!.ended) session.spanEnded(span);
          });
          session.encodePending();
          const running = fileOf(session);
          assertValidSessionFile(running, 'the running session');
          const kept = all.filter((fields) => fields.idIsValid).length;
          assert.equal((JSON.parse(running) as { session: { spanCount: number } }).session.spanCount, kept);

          session.status = 'crashed';
          session.crash = { reason: 'uncaughtException', time: new Date().toISOString(), error: { message: 'boom' } };
          assertValidSessionFile(fileOf(session), 'the crashed session');
        }),
        { numRuns: 300 },
      );
    });
  }
});

const baseFields: SpanFields = {
  name: 'span',
  kind: 0,
  idIsValid: true,
  badSpanId: undefined,
  traceFlags: 1,
  traceState: undefined,
  parentSpanContext: undefined,
  startTime: [1_700_000_000, 0],
  endTime: [1_700_000_001, 0],
  status: { code: 0 },
  attributes: {},
  events: [],
  links: [],
  duration: [1, 0],
  resource: { attributes: {} },
  scope: { name: 'test' },
  droppedAttributesCount: 0,
  droppedEventsCount: 0,
  droppedLinksCount: 0,
  ended: true,
};

describe('span ids', () => {
  it('are hex digits of the right length, not all zeros; anything else leaves the span out', () => {
    const session = new Session('ses_ids', 1000, undefined);
    const good = 'abcdef0123456789ABCDEF0123456789';
    const ids = [good, 'g'.repeat(32), '\u0010'.repeat(32), '0'.repeat(32), good.slice(1), `${good}0`];
    ids.forEach((traceId, index) => {
      const span = spanOf({ ...baseFields, idIsValid: true }, index);
      (span as unknown as { spanContext: () => object }).spanContext = () => ({ traceId, spanId: (index + 1).toString(16).padStart(16, '0'), traceFlags: 1 });
      session.spanStarted(span, index === 0);
      session.spanEnded(span);
    });
    session.encodePending();
    const file = fileOf(session);
    assertValidSessionFile(file);
    assert.equal((JSON.parse(file) as { session: { spanCount: number } }).session.spanCount, 1);
  });
});
