import { valueText } from '../model/otlp.js';
import type { SessionModel, SpanNode } from '../model/sessionModel.js';

/**
 * Which spans get a row, in tree order: everything not folded away, or, while filtering, the matches
 * and their ancestors (matches are shown even inside folded spans: the filter is what was asked for).
 */

export interface RowSelection {
  rows: SpanNode[];
  matched: Uint8Array | null;
  filtering: boolean;
}

function searchText(node: SpanNode): string {
  if (node.search === null) {
    const parts = [node.name];
    for (const kv of node.attributes.list) parts.push(`${kv.key}=${valueText(kv.value)}`);
    node.search = parts.join('\n').toLowerCase();
  }
  return node.search;
}

export function computeRows(model: SessionModel, collapsed: Set<string>, filter: string, errorsOnly: boolean): RowSelection {
  const needle = filter.trim().toLowerCase();
  const filtering = needle !== '' || errorsOnly;
  let kept: Uint8Array | null = null;
  let matched: Uint8Array | null = null;
  if (filtering) {
    kept = new Uint8Array(model.nodes.length);
    matched = new Uint8Array(model.nodes.length);
    for (const node of model.nodes) {
      if (errorsOnly && !node.err) continue;
      if (needle && !searchText(node).includes(needle)) continue;
      matched[node.index] = 1;
      for (let up: SpanNode | null = node; up && !kept[up.index]; up = up.parent) kept[up.index] = 1;
    }
  }
  const rows: SpanNode[] = [];
  const stack: SpanNode[] = [];
  for (let r = model.roots.length - 1; r >= 0; r--) if (!kept || kept[model.roots[r]!.index]) stack.push(model.roots[r]!);
  while (stack.length) {
    const node = stack.pop()!;
    rows.push(node);
    if (!filtering && collapsed.has(node.key)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i]!;
      if (!kept || kept[child.index]) stack.push(child);
    }
  }
  return { rows, matched, filtering };
}
