import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import pc from 'picocolors';
import { flattenSpans, timeRange } from '../../src/model/flattenSpans.js';
import type { OtlpResourceSpans } from '../../src/model/otlp.js';
import { buildSpanTree } from '../../src/model/spanTree.js';
import { selectRows } from '../../src/show/selectRows.js';
import { renderAxis, renderRow, waterfallLayout } from '../../src/show/waterfall.js';
import { visibleLength } from '../../src/terminal.js';

const colors = pc.createColors(true);

/** Spans as a damaged or foreign file may hold them: any JSON in any field. */
const span = fc.record(
  {
    traceId: fc.oneof(fc.constant('a'.repeat(32)), fc.jsonValue()),
    spanId: fc.oneof(fc.stringMatching(/^[0-9a-f]{16}$/), fc.jsonValue()),
    parentSpanId: fc.oneof(fc.stringMatching(/^[0-9a-f]{16}$/), fc.jsonValue()),
    name: fc.oneof(fc.string(), fc.jsonValue()),
    startTimeUnixNano: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 19n }).map(String), fc.jsonValue()),
    endTimeUnixNano: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 19n }).map(String), fc.jsonValue()),
    attributes: fc.oneof(fc.array(fc.record({ key: fc.string(), value: fc.jsonValue() })), fc.jsonValue()),
    status: fc.oneof(fc.record({ code: fc.integer({ min: 0, max: 2 }), message: fc.string() }), fc.jsonValue()),
  },
  { requiredKeys: [] },
);
const files = fc.array(fc.record({ scopeSpans: fc.array(fc.record({ spans: fc.array(fc.oneof(span, fc.jsonValue()), { maxLength: 8 }) })) }), { maxLength: 3 });

describe('the terminal waterfall', () => {
  it('draws any spans without throwing, every line within the width', () => {
    fc.assert(
      fc.property(files, fc.integer({ min: 60, max: 200 }), (resourceSpans, width) => {
        const spans = flattenSpans(resourceSpans as unknown as OtlpResourceSpans[]);
        const axis = timeRange(spans);
        const layout = waterfallLayout(width);
        const lines = [renderAxis(layout, axis, colors), ...selectRows(buildSpanTree(spans), { limit: 0, filter: 'a' }).rows.map((row) => renderRow(row, layout, axis, colors))];
        for (const line of lines) assert.ok(visibleLength(line) <= width, `${visibleLength(line)} > ${width}: ${line}`);
      }),
    );
  });
});
