import type { FlatSpan } from './flattenSpans.js';

/**
 * The spans of a session as a forest: each span under its parent, siblings by start time. Built with one
 * map in O(n log n) and walked without recursion, because a session can hold 100k spans and a chain of
 * them can be deeper than the call stack. A span whose parent is not in the file (a remote parent, a
 * dropped span) is a root; so is a span caught in a parent cycle, which only a corrupt file can have.
 */

export interface SpanNode {
  flat: FlatSpan;
  parent: SpanNode | undefined;
  children: SpanNode[];
  depth: number;
}

export interface SpanTree {
  roots: SpanNode[];
  /** Every node, in the order of the flat spans (`nodes[flat.index]`). */
  nodes: SpanNode[];
}

function byStart(a: SpanNode, b: SpanNode): number {
  return a.flat.startMs - b.flat.startMs || a.flat.index - b.flat.index;
}

export function buildSpanTree(spans: readonly FlatSpan[]): SpanTree {
  const nodes: SpanNode[] = spans.map((flat) => ({ flat, parent: undefined, children: [], depth: 0 }));
  const byKey = new Map<string, SpanNode>();
  // The first span with a key wins: a duplicated id must not swallow the other span's children.
  for (const node of nodes) if (!byKey.has(node.flat.key)) byKey.set(node.flat.key, node);

  for (const node of nodes) {
    const parent = node.flat.parentKey === undefined ? undefined : byKey.get(node.flat.parentKey);
    if (parent !== undefined && parent !== node) {
      node.parent = parent;
      parent.children.push(node);
    }
  }

  const roots = nodes.filter((node) => node.parent === undefined);
  const reached = new Uint8Array(nodes.length);
  const setDepths = (root: SpanNode) => {
    const stack = [root];
    reached[root.flat.index] = 1;
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      node.children.sort(byStart);
      for (const child of node.children) {
        child.depth = node.depth + 1;
        reached[child.flat.index] = 1;
        stack.push(child);
      }
    }
  };
  for (const root of roots) setDepths(root);
  for (const node of nodes) {
    if (reached[node.flat.index]) continue;
    // Unreached means the node sits on a parent cycle: cut it loose so that it is shown at all.
    node.parent?.children.splice(node.parent.children.indexOf(node), 1);
    node.parent = undefined;
    node.depth = 0;
    roots.push(node);
    setDepths(node);
  }
  roots.sort(byStart);
  return { roots, nodes };
}
