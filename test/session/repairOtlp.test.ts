import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SPAN_STATE_ATTRIBUTE } from '../../src/encoding/encodeSpan.js';
import { repairEnvelopeBody, repairSpan } from '../../src/session/repairOtlp.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';

function span(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { traceId: TRACE, spanId: 'b7ad6b7169203331', name: 'step', kind: 1, startTimeUnixNano: '100', endTimeUnixNano: '200', ...fields };
}

describe('repairSpan', () => {
  it('returns a valid span as the very same object', () => {
    const valid = span({
      parentSpanId: '',
      attributes: [{ key: 'a', value: { arrayValue: { values: [{ intValue: '5' }, { kvlistValue: { values: [{ key: 'k', value: { bytesValue: 'AQI=' } }] } }] } } }],
      events: [{ name: 'e', timeUnixNano: '150', attributes: [] }],
      links: [{ traceId: TRACE, spanId: 'c7ad6b7169203331', flags: 1 }],
      status: { code: 2, message: 'failed' },
      flags: 257,
      somethingNew: { kept: true },
    });
    assert.equal(repairSpan(valid), valid);
  });

  it('leaves out a span without valid ids', () => {
    for (const ids of [{ traceId: 'x' }, { spanId: '0'.repeat(16) }, { traceId: undefined }, { spanId: 5 }]) {
      assert.equal(repairSpan(span(ids)), undefined, JSON.stringify(ids));
    }
    assert.equal(repairSpan(null), undefined);
  });

  it('leaves out attributes, events and links the format does not allow, and counts them as dropped', () => {
    const repaired = repairSpan(
      span({
        attributes: [{ key: 'kept', value: { stringValue: 'x' } }, { key: 'two kinds', value: { stringValue: 'x', intValue: 1 } }, false, { value: {} }],
        droppedAttributesCount: 1,
        events: [{ name: 'kept', timeUnixNano: '150' }, 'not an event'],
        links: [{ traceId: 'nope', spanId: 'c7ad6b7169203331' }],
      }),
    )!;
    assert.deepEqual(repaired.attributes, [{ key: 'kept', value: { stringValue: 'x' } }]);
    assert.equal(repaired.droppedAttributesCount, 4);
    assert.deepEqual(repaired.events, [{ name: 'kept', timeUnixNano: '150' }]);
    assert.equal(repaired.droppedEventsCount, 1);
    assert.deepEqual(repaired.links, []);
    assert.equal(repaired.droppedLinksCount, 1);
  });

  it('gives times, names, kinds, flags and status the values the format allows', () => {
    const repaired = repairSpan(span({ name: 7, kind: 9, flags: -1, startTimeUnixNano: '300', endTimeUnixNano: 'soon', status: { code: 'ERROR', message: 1 }, parentSpanId: 'zz' }))!;
    assert.equal(repaired.name, '');
    assert.equal(repaired.kind, undefined);
    assert.equal(repaired.flags, undefined);
    assert.equal(repaired.endTimeUnixNano, '300', 'an end that is not a time, or before the start, is the start');
    assert.deepEqual(repaired.status, {});
    assert.equal('parentSpanId' in repaired, false);
    assert.equal(repairSpan(span({ startTimeUnixNano: '18446744073709551616' }))!.startTimeUnixNano, '0');
  });

  it('drops an unended-state marker that names no state, so that the span reads as ended', () => {
    const marker = (state: unknown) => ({ key: SPAN_STATE_ATTRIBUTE, value: { stringValue: state } });
    assert.deepEqual(repairSpan(span({ attributes: [{ key: 'a', value: {} }, marker('gone')] }))!.attributes, [{ key: 'a', value: {} }]);
    assert.deepEqual(repairSpan(span({ attributes: [marker('open')] }))!.attributes, [marker('open')]);
  });
});

describe('repairEnvelopeBody', () => {
  it('keeps a valid resource or scope as itself and repairs the rest', () => {
    const scope = { name: 'agent', version: '1', attributes: [], droppedAttributesCount: 0 };
    assert.equal(repairEnvelopeBody(scope, ['name', 'version']), scope);
    assert.deepEqual(repairEnvelopeBody({ name: 3, attributes: [1] }, ['name', 'version']), { attributes: [], droppedAttributesCount: 1 });
    assert.deepEqual(repairEnvelopeBody('text', []), {});
    assert.equal(repairEnvelopeBody(undefined, []), undefined);
  });
});
