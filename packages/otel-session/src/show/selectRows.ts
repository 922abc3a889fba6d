import { attributeText, jsonText } from '../model/attributeText.js';
import type { SpanNode, SpanTree } from '../model/spanTree.js';

/**
 * Which spans `show` prints, in tree order, and the guide lines that draw the tree. A filter keeps the
 * matching spans and their ancestors (shown as context); a depth limit hides deeper spans and counts
 * them on the row above; the row limit cuts the list, and the total says how much was cut. Linear in
 * the number of spans.
 */

export interface RowSelection {
  /** Levels shown: 1 shows the roots only. */
  depth?: number;
  /** Case-insensitive text to find in a span's name or in any `key=value` of its attributes. */
  filter?: string;
  /** Keep only spans with status ERROR (crashed and interrupted spans have it too). */
  errorsOnly?: boolean;
  /** Rows printed at most; 0 prints all. */
  limit: number;
}

export interface Row {
  node: SpanNode;
  /** The tree lines in front of the name: `│  ├─ `. */
  guide: string;
  /** Spans under this one that the depth limit hides. */
  hidden: number;
  /** Shown only because a span under it matched the filter. */
  context: boolean;
}

export interface SelectedRows {
  rows: Row[];
  /** Rows there would be without the row limit. */
  total: number;
}

function spanMatchesText(node: SpanNode, needle: string): boolean {
  const { span } = node.flat;
  if (span.name.toLowerCase().includes(needle)) return true;
  for (const attribute of span.attributes ?? []) {
    if (`${jsonText(attribute.key)}=${attributeText(attribute.value)}`.toLowerCase().includes(needle)) return true;
  }
  return false;
}

function keptNodes(tree: SpanTree, options: RowSelection): { kept: Uint8Array; matched: Uint8Array } {
  const count = tree.nodes.length;
  const kept = new Uint8Array(count);
  const matched = new Uint8Array(count);
  const needle = options.filter?.toLowerCase();
  if (needle === undefined && !options.errorsOnly) return { kept: kept.fill(1), matched: matched.fill(1) };
  for (const node of tree.nodes) {
    if (options.errorsOnly && !node.flat.isError) continue;
    if (needle !== undefined && !spanMatchesText(node, needle)) continue;
    matched[node.flat.index] = 1;
    // Stops at the first ancestor already kept, so every node is marked once: linear overall.
    for (let up: SpanNode | undefined = node; up !== undefined && !kept[up.flat.index]; up = up.parent) kept[up.flat.index] = 1;
  }
  return { kept, matched };
}

function preorder(tree: SpanTree, kept: Uint8Array): SpanNode[] {
  const order: SpanNode[] = [];
  const stack = tree.roots.filter((root) => kept[root.flat.index]).reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    order.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i]!;
      if (kept[child.flat.index]) stack.push(child);
    }
  }
  return order;
}

function lastKept(parent: SpanNode, kept: Uint8Array): SpanNode | undefined {
  for (let i = parent.children.length - 1; i >= 0; i--) {
    const child = parent.children[i]!;
    if (kept[child.flat.index]) return child;
  }
  return undefined;
}

export function selectRows(tree: SpanTree, options: RowSelection): SelectedRows {
  const { kept, matched } = keptNodes(tree, options);
  const order = preorder(tree, kept);
  const maxDepth = options.depth ?? Infinity;
  const limit = options.limit > 0 ? options.limit : Infinity;

  // Kept spans in each subtree, summed from the leaves up (reverse preorder visits children first).
  const subtree = new Uint32Array(tree.nodes.length);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    const size = subtree[node.flat.index]! + 1;
    subtree[node.flat.index] = size;
    if (node.parent) subtree[node.parent.flat.index] = subtree[node.parent.flat.index]! + size;
  }

  const lastKeptChild = new Map<SpanNode, SpanNode>();
  const childGuide = new Map<SpanNode, string>();
  const rows: Row[] = [];
  let total = 0;
  for (const node of order) {
    if (node.depth >= maxDepth) continue;
    total++;
    if (rows.length >= limit) continue;
    const parent = node.parent;
    let guide = '';
    if (parent) {
      let last = lastKeptChild.get(parent);
      if (last === undefined) {
        last = lastKept(parent, kept)!;
        lastKeptChild.set(parent, last);
      }
      const isLast = last === node;
      guide = (childGuide.get(parent) ?? '') + (isLast ? '└─ ' : '├─ ');
      childGuide.set(node, (childGuide.get(parent) ?? '') + (isLast ? '   ' : '│  '));
    } else {
      childGuide.set(node, '');
    }
    const hidden = node.depth === maxDepth - 1 ? subtree[node.flat.index]! - 1 : 0;
    rows.push({ node, guide, hidden, context: !matched[node.flat.index] });
  }
  return { rows, total };
}
