import { ticks } from '../layout/ticks.js';
import { isCrash, stopTime } from '../model/history.js';
import type { SpanNode } from '../model/sessionModel.js';
import { state } from '../state.js';
import { byId, el } from './dom.js';
import { formatCount, formatDuration } from './format.js';

/**
 * The timeline: the time axis with the processes band and the idle gaps, and the span rows. Only the
 * rows in view (plus a margin) are in the DOM, positioned by index, so a 100k-span session costs a few
 * hundred nodes; scrolling re-renders them once per frame.
 */

export const ROW_HEIGHT = 22;
const OVERSCAN = 15;
const INDENT = 14;
const MAX_EVENT_MARKS = 30;
/** Room a tick label needs, in pixels. */
const LABEL_PX = 48;

/** Position on the lane, in percent, of a display time. */
export function percentOfDisplay(display: number): number {
  return ((display - state.view.from) / (state.view.to - state.view.from)) * 100;
}

export function percentOfTime(time: number): number {
  return percentOfDisplay(state.scale.toDisplay(time));
}

function lanePx(): number {
  return byId('ticks').clientWidth || 600;
}

function gapMarks(withLabels: boolean): HTMLElement[] {
  const marks: HTMLElement[] = [];
  for (const gap of state.scale.gaps) {
    const left = percentOfDisplay(gap.displayFrom);
    const right = percentOfDisplay(gap.displayTo);
    if (right < 0 || left > 100) continue;
    const mark = el('div', 'gap', withLabels ? `idle\n${formatDuration(gap.to - gap.from)}` : undefined);
    mark.style.left = `${left}%`;
    mark.style.width = `${right - left}%`;
    mark.title = `${formatDuration(gap.to - gap.from)} with nothing running, drawn narrow`;
    marks.push(mark);
  }
  return marks;
}

function renderTicks(): void {
  const nodes: HTMLElement[] = [byId('brush'), ...gapMarks(true)];
  const px = lanePx();
  const labelRoom = (LABEL_PX / px) * (state.view.to - state.view.from);
  for (const tick of ticks(state.scale, state.view, px)) {
    const at = percentOfDisplay(tick.at);
    // A label at the right edge, or running into a gap's label, would be cut off; its grid line still
    // shows where it is.
    const crowded = at > 94 || state.scale.gaps.some((gap) => gap.displayFrom > tick.at && gap.displayFrom < tick.at + labelRoom);
    const node = el('div', 'tick', crowded ? '' : formatDuration(tick.label));
    node.style.left = `${at}%`;
    nodes.push(node);
  }
  byId('ticks').replaceChildren(...nodes);
  const total = state.scale.length;
  byId('zoom-level').textContent = state.fit ? 'fit' : `${(total / (state.view.to - state.view.from)).toFixed(1)}\u00d7`;
}

function renderSegmentsBand(onSegment: (index: number) => void): void {
  const band = byId('segments-band');
  const nodes: HTMLElement[] = gapMarks(false);
  const segments = state.model.segments;
  for (const segment of segments) {
    const left = Math.max(-1, percentOfTime(segment.start));
    const right = Math.min(101, percentOfTime(segment.end));
    if (!(right >= 0 && left <= 100)) continue;
    const selected = state.selected?.kind === 'segment' && state.selected.index === segment.index;
    const block = el('div', `seg seg-${segment.status}${selected ? ' selected' : ''}`, `${segment.index + 1} ${segment.status}`);
    block.style.left = `${left}%`;
    block.style.width = `${Math.max(0, right - left)}%`;
    block.title = `process ${segment.index + 1} of ${segments.length}: ${segment.status}`;
    block.dataset.segment = String(segment.index);
    block.addEventListener('click', () => onSegment(segment.index));
    nodes.push(block);
    if (isCrash(segment)) {
      const mark = el('div', 'seg-crash', '\u2715');
      mark.style.left = `${percentOfTime(stopTime(segment))}%`;
      mark.title = 'the process crashed here';
      mark.dataset.segment = String(segment.index);
      mark.addEventListener('click', () => onSegment(segment.index));
      nodes.push(mark);
    }
  }
  band.replaceChildren(...nodes);
}

function bar(node: SpanNode): DocumentFragment {
  const left = percentOfTime(node.start);
  const right = percentOfTime(node.end);
  const fragment = document.createDocumentFragment();
  if (!Number.isFinite(left) || right < 0 || left > 100) return fragment;
  const shape = el('div', `bar ${node.category}${node.state ? ' unended' : ''}${node.err ? ' err' : ''}`);
  const from = Math.max(left, -1);
  const to = Math.min(Math.max(right, left), 101);
  shape.style.left = `${from}%`;
  shape.style.width = `${Math.max(0, to - from)}%`;
  fragment.appendChild(shape);
  for (let i = 0; i < node.events.length && i < MAX_EVENT_MARKS; i++) {
    const event = node.events[i]!;
    const at = percentOfTime(event.time);
    if (!(at >= 0 && at <= 100)) continue;
    const mark = el('div', 'event');
    mark.style.left = `${at}%`;
    mark.title = event.name;
    fragment.appendChild(mark);
  }
  // The duration goes after the bar, else before it, else inside it: wherever it fits in the lane.
  const duration = el('span', 'dur', formatDuration(node.end - node.start));
  if (to < 85) {
    duration.style.left = `calc(${Math.max(to, 0)}% + 4px)`;
  } else if (from > 12) {
    duration.style.right = `calc(${100 - from}% + 4px)`;
  } else {
    duration.className = 'dur inside';
    duration.style.right = `calc(${100 - Math.min(to, 100)}% + 6px)`;
  }
  fragment.appendChild(duration);
  return fragment;
}

function rowElement(node: SpanNode, index: number): HTMLElement {
  let classes = 'row';
  if (node.err) classes += ' is-error';
  if (node.crashedIn) classes += ' crash-site';
  if (state.selected?.kind === 'span' && node.key === state.selected.key) classes += ' selected';
  if (state.filtering && state.matched && !state.matched[node.index]) classes += ' context';
  const row = el('div', classes);
  row.style.top = `${index * ROW_HEIGHT}px`;
  row.dataset.index = String(index);
  row.dataset.spanId = node.spanId;
  row.dataset.category = node.category;

  const name = el('div', 'name');
  name.style.paddingLeft = `${4 + node.depth * INDENT}px`;
  const collapsed = state.collapsed.has(node.key) && !state.filtering;
  name.appendChild(el('span', 'toggle', node.children.length ? (collapsed ? '\u25b6' : '\u25bc') : ''));
  name.appendChild(el('span', `kind kind-${node.category}`, node.category === 'other' ? '' : node.category));
  name.appendChild(el('span', node.name ? 'label' : 'label unnamed', node.name || '(no name)'));
  if (node.crashedIn) {
    const how = node.crashedIn.status === 'interrupted' ? 'interrupted' : 'crashed';
    const tag = el('span', `tag tag-${how}`, how);
    tag.title = `running when process ${node.crashedIn.index + 1} ${how === 'crashed' ? 'crashed' : 'stopped'}`;
    name.appendChild(tag);
  } else if (node.state) name.appendChild(el('span', `tag tag-${node.state}`, node.state));
  else if (node.err) name.appendChild(el('span', 'tag tag-error', 'error'));
  if (collapsed) name.appendChild(el('span', 'kids', `+${node.children.length}`));
  name.title = node.name;

  const lane = el('div', 'lane');
  lane.appendChild(bar(node));
  row.appendChild(name);
  row.appendChild(lane);
  return row;
}

/**
 * The rows in view, as fractional row indexes from `first` to `last`: the axis stays at the top of the
 * scrolled pane, so the rows show below it.
 */
export function rowsInView(): { first: number; last: number } {
  const container = byId('rows');
  const first = container.scrollTop / ROW_HEIGHT;
  return { first, last: first + Math.max(0, container.clientHeight - byId('axis').offsetHeight) / ROW_HEIGHT };
}

function visibleRange(): { first: number; last: number } {
  const container = byId('rows');
  const top = Math.max(0, container.scrollTop - byId('axis').offsetHeight);
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(state.rows.length, Math.ceil((top + container.clientHeight) / ROW_HEIGHT) + OVERSCAN);
  return { first, last };
}

export function renderRows(): void {
  const inner = byId('rows-inner');
  inner.style.height = `${state.rows.length * ROW_HEIGHT}px`;
  if (state.model.nodes.length === 0) {
    inner.replaceChildren(el('div', 'empty', 'No spans in this session file yet.'));
    return;
  }
  const range = visibleRange();
  const fragment = document.createDocumentFragment();
  const grid = el('div', 'grid');
  grid.style.top = `${range.first * ROW_HEIGHT}px`;
  grid.style.height = `${(range.last - range.first) * ROW_HEIGHT}px`;
  for (const tick of ticks(state.scale, state.view, lanePx())) {
    const line = el('div', 'line');
    line.style.left = `${percentOfDisplay(tick.at)}%`;
    grid.appendChild(line);
  }
  for (const gap of gapMarks(false)) grid.appendChild(gap);
  fragment.appendChild(grid);
  for (let i = range.first; i < range.last; i++) fragment.appendChild(rowElement(state.rows[i]!, i));
  inner.replaceChildren(fragment);
}

export function renderAxis(onSegment: (index: number) => void): void {
  renderTicks();
  renderSegmentsBand(onSegment);
}

export function renderCount(): void {
  const total = state.model.nodes.length;
  byId('count').textContent = state.filtering
    ? `${formatCount(state.matched!.reduce((sum, m) => sum + m, 0))} of ${formatCount(total)} spans match`
    : `${formatCount(state.rows.length)} of ${formatCount(total)} spans shown`;
}

export function scrollRowIntoView(index: number, center = false): void {
  const container = byId('rows');
  const axis = byId('axis').offsetHeight;
  const top = index * ROW_HEIGHT;
  const visible = container.clientHeight - axis;
  if (center) container.scrollTop = Math.max(0, top - visible / 2);
  else if (top < container.scrollTop) container.scrollTop = top;
  else if (top + ROW_HEIGHT > container.scrollTop + visible) container.scrollTop = top + ROW_HEIGHT - visible;
}
