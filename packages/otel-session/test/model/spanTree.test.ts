import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { FlatSpan } from '../../src/model/flattenSpans.js';
import { buildSpanTree, type SpanNode } from '../../src/model/spanTree.js';

function flat(index: number, key: string, parentKey: string | undefined, startMs: number): FlatSpan {
  return {
    index,
    key,
    parentKey,
    startMs,
    endMs: startMs + 1,
    isError: false,
    state: undefined,
    resourceIndex: 0,
    span: { traceId: 't', spanId: key, name: key, startTimeUnixNano: '0', endTimeUnixNano: '0' },
  };
}

/** A forest in file order: span i names a parent among the spans before it, or none. */
const forests = fc
  .array(fc.record({ parent: fc.option(fc.nat(), { nil: undefined }), start: fc.integer({ min: 0, max: 50 }) }), { maxLength: 60 })
  .map((specs) => specs.map((spec, i) => ({ parent: spec.parent === undefined || i === 0 ? undefined : spec.parent % i, start: spec.start })));

function preorder(roots: SpanNode[]): SpanNode[] {
  const out: SpanNode[] = [];
  const stack = [...roots].reverse();
  for (let node = stack.pop(); node; node = stack.pop()) {
    out.push(node);
    stack.push(...[...node.children].reverse());
  }
  return out;
}

describe('buildSpanTree', () => {
  it('puts every span exactly once under its parent, at its parent depth + 1, siblings by start time', () => {
    fc.assert(
      fc.property(forests, fc.infiniteStream(fc.nat()), (forest, noise) => {
        // Files list spans in any order: parents may come after their children.
        const order = forest.map((_, i) => i).sort((a, b) => (noise.next().value % 7) - 3 || a - b);
        const spans = order.map((i, position) => flat(position, `s${i}`, forest[i]!.parent === undefined ? undefined : `s${forest[i]!.parent}`, forest[i]!.start));
        const tree = buildSpanTree(spans);
        const visited = preorder(tree.roots);
        assert.equal(visited.length, spans.length);
        assert.equal(new Set(visited).size, spans.length);
        for (const node of visited) {
          const parent = node.flat.parentKey;
          assert.equal(node.parent?.flat.key, parent);
          assert.equal(node.depth, node.parent ? node.parent.depth + 1 : 0);
          for (let c = 1; c < node.children.length; c++) assert.ok(node.children[c - 1]!.flat.startMs <= node.children[c]!.flat.startMs);
        }
      }),
    );
  });

  it('makes a span whose parent is missing a root', () => {
    const tree = buildSpanTree([flat(0, 'a', 'gone', 0), flat(1, 'b', 'a', 1)]);
    assert.deepEqual(tree.roots.map((r) => r.flat.key), ['a']);
    assert.equal(tree.nodes[1]!.parent, tree.nodes[0]);
  });

  it('still shows spans caught in a parent cycle', () => {
    const tree = buildSpanTree([flat(0, 'a', 'b', 0), flat(1, 'b', 'a', 1), flat(2, 'c', 'c', 2)]);
    assert.equal(preorder(tree.roots).length, 3);
  });

  it('builds a chain of 100k spans without running out of stack', () => {
    const spans = Array.from({ length: 100_000 }, (_, i) => flat(i, `s${i}`, i === 0 ? undefined : `s${i - 1}`, i));
    const tree = buildSpanTree(spans);
    assert.equal(tree.roots.length, 1);
    assert.equal(tree.nodes[99_999]!.depth, 99_999);
  });
});
