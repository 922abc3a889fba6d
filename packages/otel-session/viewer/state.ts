import { idleTime, TimeScale } from './layout/timeScale.js';
import { buildModel, type SessionModel, type SpanNode } from './model/sessionModel.js';

/**
 * The viewer's one mutable state. The model is rebuilt for each state of the file; everything else is
 * the reader's (selection, folds, zoom, filter) and is kept across live updates, by key.
 */

export type Selection = { kind: 'span'; key: string } | { kind: 'segment'; index: number } | null;

export interface ViewerState {
  model: SessionModel;
  scale: TimeScale;
  /** The spans with a row, in order. */
  rows: SpanNode[];
  /** While filtering, 1 for the spans that match (the others are shown as context). */
  matched: Uint8Array | null;
  filtering: boolean;
  collapsed: Set<string>;
  selected: Selection;
  /** The visible part of the axis, in display milliseconds (see TimeScale). */
  view: { from: number; to: number };
  fit: boolean;
  filter: string;
  errorsOnly: boolean;
  compressIdle: boolean;
  version: number;
}

const empty = buildModel({});

export const state: ViewerState = {
  model: empty,
  scale: new TimeScale(empty.t0, empty.t1),
  rows: [],
  matched: null,
  filtering: false,
  collapsed: new Set(),
  selected: null,
  view: { from: 0, to: 1 },
  fit: true,
  filter: '',
  errorsOnly: false,
  compressIdle: true,
  version: 0,
};

/** The time scale for the model, with or without idle time compressed. */
export function scaleFor(model: SessionModel, compress: boolean): TimeScale {
  if (!compress) return new TimeScale(model.t0, model.t1);
  const busy: Array<[number, number]> = model.nodes.map((node) => [node.start, node.end]);
  for (const segment of model.segments) busy.push([segment.start, segment.end]);
  return new TimeScale(model.t0, model.t1, idleTime(busy));
}

export function selectedSpan(): SpanNode | undefined {
  const selected = state.selected;
  return selected?.kind === 'span' ? state.model.byKey.get(selected.key) : undefined;
}
