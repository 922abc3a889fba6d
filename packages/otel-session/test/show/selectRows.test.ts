import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flattenSpans } from '../../src/model/flattenSpans.js';
import { buildSpanTree } from '../../src/model/spanTree.js';
import { selectRows } from '../../src/show/selectRows.js';
import type { OtlpSpan } from '../../src/model/otlp.js';

/** root ─┬─ a ── a1 (error)
 *        └─ b ── b1 (tool=grep) */
function tree() {
  const span = (spanId: string, parentSpanId: string | undefined, start: number, extra: Partial<OtlpSpan> = {}): OtlpSpan => ({
    traceId: 't'.repeat(32),
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: spanId,
    startTimeUnixNano: String(start * 1e6),
    endTimeUnixNano: String((start + 1) * 1e6),
    ...extra,
  });
  const spans = [
    span('b1', 'b', 4, { attributes: [{ key: 'gen_ai.tool.name', value: { stringValue: 'grep' } }] }),
    span('root', undefined, 0),
    span('a', 'root', 1),
    span('a1', 'a', 2, { status: { code: 2 } }),
    span('b', 'root', 3),
  ];
  return buildSpanTree(flattenSpans([{ scopeSpans: [{ spans }] }]));
}

const names = (rows: ReturnType<typeof selectRows>['rows']) => rows.map((row) => `${row.guide}${row.node.flat.span.name}`);

describe('selectRows', () => {
  it('lists the tree in order with guide lines', () => {
    const { rows, total } = selectRows(tree(), { limit: 0 });
    assert.deepEqual(names(rows), ['root', '├─ a', '│  └─ a1', '└─ b', '   └─ b1']);
    assert.equal(total, 5);
  });

  it('hides levels below --depth and counts them on the last shown level', () => {
    const { rows, total } = selectRows(tree(), { limit: 0, depth: 2 });
    assert.deepEqual(names(rows), ['root', '├─ a', '└─ b']);
    assert.deepEqual(rows.map((r) => r.hidden), [0, 1, 1]);
    assert.equal(total, 3);
  });

  it('keeps matches and their ancestors, marking the ancestors as context', () => {
    const { rows } = selectRows(tree(), { limit: 0, filter: 'TOOL.NAME=grep' });
    assert.deepEqual(names(rows), ['root', '└─ b', '   └─ b1']);
    assert.deepEqual(rows.map((r) => r.context), [true, true, false]);
    assert.deepEqual(names(selectRows(tree(), { limit: 0, errorsOnly: true }).rows), ['root', '└─ a', '   └─ a1']);
  });

  it('cuts at the limit and reports the total', () => {
    const { rows, total } = selectRows(tree(), { limit: 2 });
    assert.equal(rows.length, 2);
    assert.equal(total, 5);
  });
});
