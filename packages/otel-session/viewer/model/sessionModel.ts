import { classify, type Category } from './classify.js';
import { isCrash, readHistory, type Segment } from './history.js';
import { Attributes, isObject, keyValues, nanosToMs, objects, text, type JsonObject, type KeyValue } from './otlp.js';

/**
 * A session file as the viewer draws it: the span tree (built with one map, no quadratic lookups), the
 * processes that wrote it, and which spans were running when a process crashed. Built anew for each
 * state of the file; the view state (selection, folds) refers to spans by key so that it survives that.
 */

export const SPAN_STATE_KEY = 'otel_session.span.state';
export const MIN_RANGE_MS = 0.001;

export interface SpanEvent {
  name: string;
  time: number;
  attributes: KeyValue[];
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: KeyValue[];
}

export interface SpanNode {
  index: number;
  /** Trace id and span id: unique in a session. */
  key: string;
  parentKey: string | null;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: unknown;
  status: { code: number; message: string };
  start: number;
  end: number;
  err: boolean;
  /** `open`, `interrupted` or `crashed` for a span that had not ended when the file was written. */
  state: string | null;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  resource: number;
  scope: JsonObject;
  parent: SpanNode | null;
  children: SpanNode[];
  depth: number;
  category: Category;
  /** The segment whose process died while this span was running. */
  crashedIn: Segment | null;
  search: string | null;
}

export interface SessionModel {
  header: JsonObject;
  nodes: SpanNode[];
  roots: SpanNode[];
  byKey: Map<string, SpanNode>;
  resources: KeyValue[][];
  segments: Segment[];
  /** Spans running at each segment's crash, by segment index. */
  crashedSpans: Map<number, SpanNode[]>;
  t0: number;
  t1: number;
}

function byStart(a: SpanNode, b: SpanNode): number {
  return a.start - b.start || a.index - b.index;
}

function readSpan(span: JsonObject, index: number, resource: number, scope: JsonObject): SpanNode {
  const traceId = text(span.traceId ?? '');
  const spanId = text(span.spanId ?? '');
  const parentSpanId = span.parentSpanId ? text(span.parentSpanId) : '';
  const attributes = new Attributes(keyValues(span.attributes));
  const status = isObject(span.status) ? span.status : {};
  const code = Number(status.code);
  const name = text(span.name ?? '');
  return {
    index,
    key: traceId + spanId,
    parentKey: parentSpanId ? traceId + parentSpanId : null,
    traceId,
    spanId,
    parentSpanId,
    name,
    kind: span.kind,
    status: { code: Number.isFinite(code) ? code : 0, message: status.message === undefined ? '' : text(status.message) },
    start: nanosToMs(span.startTimeUnixNano),
    end: nanosToMs(span.endTimeUnixNano),
    err: code === 2,
    state: attributes.get(SPAN_STATE_KEY) ?? null,
    attributes,
    events: objects(span.events).map((e) => ({ name: text(e.name ?? ''), time: nanosToMs(e.timeUnixNano), attributes: keyValues(e.attributes) })),
    links: objects(span.links).map((l) => ({ traceId: text(l.traceId ?? ''), spanId: text(l.spanId ?? ''), attributes: keyValues(l.attributes) })),
    resource,
    scope,
    parent: null,
    children: [],
    depth: 0,
    category: classify(name, attributes),
    crashedIn: null,
    search: null,
  };
}

function linkTree(nodes: SpanNode[], byKey: Map<string, SpanNode>): SpanNode[] {
  for (const node of nodes) {
    const parent = node.parentKey === null ? undefined : byKey.get(node.parentKey);
    if (parent && parent !== node) {
      node.parent = parent;
      parent.children.push(node);
    }
  }
  const reached = new Uint8Array(nodes.length);
  const walk = (root: SpanNode) => {
    const stack = [root];
    reached[root.index] = 1;
    while (stack.length) {
      const node = stack.pop()!;
      node.children.sort(byStart);
      for (const child of node.children) {
        child.depth = node.depth + 1;
        reached[child.index] = 1;
        stack.push(child);
      }
    }
  };
  const roots = nodes.filter((node) => !node.parent);
  roots.forEach(walk);
  // A node not reached from a root sits on a parent cycle (a corrupt file): show it as a root.
  for (const node of nodes) {
    if (reached[node.index]) continue;
    const siblings = node.parent!.children;
    siblings.splice(siblings.indexOf(node), 1);
    node.parent = null;
    node.depth = 0;
    roots.push(node);
    walk(node);
  }
  return roots.sort(byStart);
}

/**
 * The crash write marks the spans still running (`crashed`, or `interrupted` once another process has
 * continued the session) and gives them the write time as end time, which is when the segment ended.
 */
function crashSegmentOf(node: SpanNode, crashes: Segment[]): Segment | null {
  if (node.state !== 'crashed' && node.state !== 'interrupted') return null;
  const within = crashes.find((s) => node.end >= s.start - 1 && node.end <= s.end + 1);
  if (within) return within;
  if (node.state !== 'crashed' || crashes.length === 0) return null;
  return crashes.reduce((best, s) => (Math.abs(s.end - node.end) < Math.abs(best.end - node.end) ? s : best));
}

export function buildModel(file: unknown): SessionModel {
  const root = isObject(file) ? file : {};
  const header = isObject(root.session) ? root.session : {};
  const nodes: SpanNode[] = [];
  const resources: KeyValue[][] = [];
  objects(root.resourceSpans).forEach((group, resourceIndex) => {
    resources.push(keyValues(isObject(group.resource) ? group.resource.attributes : undefined));
    for (const scopeSpans of objects(group.scopeSpans)) {
      const scope = isObject(scopeSpans.scope) ? scopeSpans.scope : {};
      for (const span of objects(scopeSpans.spans)) nodes.push(readSpan(span, nodes.length, resourceIndex, scope));
    }
  });

  const byKey = new Map<string, SpanNode>();
  for (const node of nodes) if (!byKey.has(node.key)) byKey.set(node.key, node);
  const roots = linkTree(nodes, byKey);

  const segments = readHistory(header);
  const crashes = segments.filter(isCrash);
  const crashedSpans = new Map<number, SpanNode[]>();
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const node of nodes) {
    node.crashedIn = crashSegmentOf(node, crashes);
    if (node.crashedIn) {
      const list = crashedSpans.get(node.crashedIn.index) ?? [];
      list.push(node);
      crashedSpans.set(node.crashedIn.index, list);
    }
    if (node.start < t0) t0 = node.start;
    if (node.end > t1) t1 = node.end;
    if (node.start > t1) t1 = node.start;
  }
  // Deepest first: the span that was doing the work, then what called it.
  for (const list of crashedSpans.values()) list.sort((a, b) => b.depth - a.depth || b.start - a.start);
  for (const s of segments) {
    if (s.start < t0) t0 = s.start;
    if (s.end > t1) t1 = s.end;
  }
  if (!Number.isFinite(t0)) {
    t0 = 0;
    t1 = 1;
  }
  if (!(t1 > t0)) t1 = t0 + MIN_RANGE_MS;
  return { header, nodes, roots, byKey, resources, segments, crashedSpans, t0, t1 };
}
