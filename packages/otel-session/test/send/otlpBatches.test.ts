import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { OtlpResourceSpans } from '../../src/model/otlp.js';
import { otlpBatches } from '../../src/send/otlpBatches.js';

let nextId = 0;
const spanIds = fc.array(fc.constant(null).map(() => (nextId++).toString(16).padStart(16, '0')), { maxLength: 12 });
const groups = fc.array(
  fc.record({
    resource: fc.string().map((name) => ({ attributes: [{ key: 'service.name', value: { stringValue: name } }] })),
    scopeSpans: fc.array(fc.record({ scope: fc.record({ name: fc.string() }), spans: spanIds }), { maxLength: 4 }),
  }),
  { maxLength: 4 },
);

function toOtlp(input: Array<{ resource: object; scopeSpans: Array<{ scope: object; spans: string[] }> }>): OtlpResourceSpans[] {
  return input.map((g) => ({
    resource: g.resource,
    scopeSpans: g.scopeSpans.map((s) => ({ scope: s.scope, spans: s.spans.map((spanId) => ({ traceId: 'a'.repeat(32), spanId, name: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' })) })),
  }));
}

/** Every span with the resource and scope it was sent under. */
function spansOf(resourceSpans: OtlpResourceSpans[]): Array<[string, string, string]> {
  return resourceSpans.flatMap((rs) => rs.scopeSpans!.flatMap((ss) => ss.spans!.map((s): [string, string, string] => [JSON.stringify(rs.resource), JSON.stringify(ss.scope), s.spanId])));
}

describe('otlpBatches', () => {
  it('sends every span once, in order, under its own resource and scope, at most maxSpans per request', () => {
    fc.assert(
      fc.property(groups, fc.integer({ min: 1, max: 10 }), (input, maxSpans) => {
        const resourceSpans = toOtlp(input);
        const batches = [...otlpBatches(resourceSpans, maxSpans)];
        for (const batch of batches) {
          assert.ok(batch.spans >= 1 && batch.spans <= maxSpans);
          assert.equal(spansOf(batch.request.resourceSpans).length, batch.spans);
          // No empty envelopes: each resource and scope in a request carries spans.
          for (const rs of batch.request.resourceSpans) for (const ss of rs.scopeSpans!) assert.ok(ss.spans!.length > 0);
        }
        assert.deepEqual(batches.flatMap((b) => spansOf(b.request.resourceSpans)), spansOf(resourceSpans));
      }),
    );
  });
});
