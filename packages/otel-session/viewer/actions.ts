import { computeRows } from './layout/rows.js';
import type { Segment } from './model/history.js';
import { text } from './model/otlp.js';
import { MIN_RANGE_MS, type SpanNode } from './model/sessionModel.js';
import { renderDetails } from './render/details.js';
import { byId } from './render/dom.js';
import { renderHeader } from './render/header.js';
import { drawMinimap, placeMinimapRows, placeMinimapWindow } from './render/minimap.js';
import { renderAxis, renderCount, renderRows, scrollRowIntoView } from './render/waterfall.js';
import { scaleFor, state } from './state.js';

/** What the reader can do, each followed by the re-rendering it needs. */

export const actions = {
  selectSpan: (node: SpanNode) => select(node, true),
  selectSegment: (segment: Segment) => selectSegment(segment.index),
};

const onSegment = (index: number) => selectSegment(index);

export function updateRows(): void {
  Object.assign(state, computeRows(state.model, state.collapsed, state.filter, state.errorsOnly));
  renderCount();
  drawMinimap();
}

export function renderTimeline(): void {
  renderAxis(onSegment);
  renderRows();
  placeMinimapWindow();
  placeMinimapRows();
}

let scheduled = false;
export function scheduleRows(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    renderRows();
    placeMinimapRows();
  });
}

function showInUrl(hash: string): void {
  // replaceState, not location.hash: the reader's back button should leave the page, not walk selections.
  const url = `${location.pathname}${location.search}${hash}`;
  if (`${location.pathname}${location.search}${location.hash}` !== url) history.replaceState(null, '', url);
}

export function select(node: SpanNode | null, reveal: boolean, center = false): void {
  state.selected = node ? { kind: 'span', key: node.key } : null;
  if (node && reveal) {
    // Unfold the ancestors, so that a span chosen from elsewhere gets a row.
    let changed = false;
    for (let up = node.parent; up; up = up.parent) if (state.collapsed.delete(up.key)) changed = true;
    if (changed) updateRows();
    const index = state.rows.indexOf(node);
    if (index !== -1) scrollRowIntoView(index, center);
  }
  showInUrl(node ? `#span=${encodeURIComponent(node.spanId)}` : '');
  renderAxis(onSegment);
  renderRows();
  renderDetails(actions);
}

export function selectSegment(index: number): void {
  state.selected = { kind: 'segment', index };
  showInUrl('');
  renderAxis(onSegment);
  renderRows();
  renderDetails(actions);
}

/** Opens the span a `#span=<spanId>` link names, if the page has it. */
export function followHash(): boolean {
  const match = /^#span=(.+)$/.exec(location.hash);
  if (!match) return false;
  const spanId = decodeURIComponent(match[1]!);
  const node = state.model.nodes.find((n) => n.spanId === spanId);
  if (!node) return false;
  select(node, true, true);
  return true;
}

export function toggle(node: SpanNode, open: boolean): void {
  if (!node.children.length) return;
  const isOpen = !state.collapsed.has(node.key);
  if (open === isOpen) return;
  if (isOpen) state.collapsed.add(node.key);
  else state.collapsed.delete(node.key);
  updateRows();
  renderRows();
}

export function setView(from: number, to: number, fit: boolean): void {
  const total = state.scale.length;
  const range = Math.min(total, Math.max(MIN_RANGE_MS, to - from));
  const start = Math.max(0, Math.min(from, total - range));
  state.view = { from: start, to: start + range };
  state.fit = fit || range >= total;
  renderTimeline();
}

export function fitView(): void {
  setView(0, state.scale.length, true);
}

export function zoomAt(anchor: number, factor: number): void {
  const view = state.view;
  setView(anchor - (anchor - view.from) * factor, anchor + (view.to - anchor) * factor, false);
}

/** The display time under a point of the time axis. */
export function timeAtClientX(clientX: number): number {
  const box = byId('ticks').getBoundingClientRect();
  const x = Math.min(box.width, Math.max(0, clientX - box.left));
  return state.view.from + (x / (box.width || 1)) * (state.view.to - state.view.from);
}

export function setCompressIdle(on: boolean): void {
  // Keep the same stretch of real time in view across the change of scale.
  const from = state.scale.toReal(state.view.from);
  const to = state.scale.toReal(state.view.to);
  state.compressIdle = on;
  state.scale = scaleFor(state.model, on);
  if (state.fit) state.view = { from: 0, to: state.scale.length };
  else state.view = { from: state.scale.toDisplay(from), to: state.scale.toDisplay(to) };
  drawMinimap();
  renderTimeline();
}

/** Shows a (new) state of the file, keeping the reader's selection, folds and zoom. */
export function load(model: typeof state.model): void {
  const from = state.scale.toReal(state.view.from);
  const to = state.scale.toReal(state.view.to);
  state.model = model;
  state.scale = scaleFor(model, state.compressIdle);
  state.version++;
  if (state.fit) state.view = { from: 0, to: state.scale.length };
  else {
    // The same stretch of real time, kept inside the (possibly longer) new session.
    const length = state.scale.length;
    const range = Math.min(length, state.scale.toDisplay(to) - state.scale.toDisplay(from));
    const start = Math.max(0, Math.min(state.scale.toDisplay(from), length - range));
    state.view = { from: start, to: start + range };
  }
  renderHeader(model, actions);
  updateRows();
  renderTimeline();
  renderDetails(actions);
  document.title = `${text(model.header.title ?? model.header.id ?? 'Session')} \u00b7 otel-session`;
  document.body.dataset.version = String(state.version);
}
