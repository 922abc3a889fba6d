import { isCrash, type Segment } from '../model/history.js';
import { isObject, text } from '../model/otlp.js';
import type { SessionModel, SpanNode } from '../model/sessionModel.js';
import { crashRecord } from './crashRecord.js';
import { byId, el } from './dom.js';
import { formatClock, formatCompact, formatCount, formatDuration, formatTime } from './format.js';

/** The page's header: title and status, the session's numbers, its history of processes, its totals. */

export interface HeaderActions {
  selectSpan(node: SpanNode): void;
  selectSegment(segment: Segment): void;
}

function chip(label: string, value: string): HTMLElement {
  const node = el('span', 'chip');
  node.appendChild(document.createTextNode(`${label} `));
  node.appendChild(el('b', '', value));
  return node;
}

export function segmentLabel(segment: Segment, count: number): string {
  const who = segment.writer ? ` \u00b7 pid ${segment.writer.pid} on ${segment.writer.host}` : '';
  return `process ${segment.index + 1} of ${count}${who}`;
}

function historyList(model: SessionModel, actions: HeaderActions): HTMLElement {
  const list = el('ol', 'history');
  list.id = 'history';
  for (const segment of model.segments) {
    const item = el('li', `segment-item segment-${segment.status}`);
    item.dataset.segment = String(segment.index);
    const line = el('div', 'segment-line');
    line.appendChild(el('span', `status status-${segment.status}`, segment.status));
    const label = el('button', 'linkish segment-link', segmentLabel(segment, model.segments.length));
    label.type = 'button';
    label.addEventListener('click', () => actions.selectSegment(segment));
    line.appendChild(label);
    line.appendChild(el('span', 'muted', `${formatClock(segment.start)} \u2013 ${formatClock(segment.end)} (${formatDuration(segment.end - segment.start)})`));
    item.appendChild(line);
    if (isCrash(segment)) item.appendChild(crashRecord(segment, model.crashedSpans.get(segment.index) ?? [], actions.selectSpan));
    list.appendChild(item);
  }
  return list;
}

function summaryChips(summary: Record<string, unknown>): HTMLElement {
  const chips = el('div', 'chips');
  chips.appendChild(chip('LLM calls', formatCount(summary.llmCalls)));
  const tokens = isObject(summary.tokens) ? summary.tokens : undefined;
  if (tokens) {
    let value = `${formatCompact(tokens.input)} in / ${formatCompact(tokens.output)} out`;
    if (tokens.cacheRead) value += ` / ${formatCompact(tokens.cacheRead)} cache`;
    chips.appendChild(chip('tokens', value));
  }
  if (typeof summary.cost === 'number') chips.appendChild(chip('cost', `$${summary.cost < 1 ? summary.cost.toPrecision(3) : summary.cost.toFixed(2)}`));
  if (summary.errors) chips.appendChild(chip('errors', formatCount(summary.errors)));
  if (Array.isArray(summary.models) && summary.models.length) chips.appendChild(chip('models', summary.models.map(text).join(', ')));
  const toolCalls = isObject(summary.toolCalls) ? summary.toolCalls : {};
  for (const tool of Object.keys(toolCalls)) chips.appendChild(chip(tool, `\u00d7${text(toolCalls[tool])}`));
  return chips;
}

export function renderHeader(model: SessionModel, actions: HeaderActions): void {
  const header = model.header;
  const titleRow = el('div', 'title-row');
  titleRow.appendChild(el('h1', '', header.title ?? header.id ?? 'Session'));
  titleRow.appendChild(el('span', `status status-${text(header.status)}`, header.status));
  const live = el('span', 'live');
  live.id = 'live';
  titleRow.appendChild(live);

  const meta = el('div', 'meta');
  const start = Date.parse(text(header.startTime));
  const update = Date.parse(text(header.updateTime));
  const end = Date.parse(text(header.endTime));
  meta.appendChild(el('span', 'mono', header.id));
  meta.appendChild(el('span', '', `started ${formatTime(start)}`));
  meta.appendChild(el('span', '', `updated ${formatTime(update)}`));
  if (Number.isFinite(end)) meta.appendChild(el('span', '', `ended ${formatTime(end)}`));
  meta.appendChild(el('span', '', `took ${formatDuration((Number.isFinite(end) ? end : update) - start)}`));
  let counts = `${formatCount(header.spanCount)} spans`;
  if (header.openSpanCount) counts += `, ${formatCount(header.openSpanCount)} open`;
  if (header.droppedSpanCount) counts += `, ${formatCount(header.droppedSpanCount)} dropped`;
  meta.appendChild(el('span', '', counts));
  if (model.segments.length > 1) meta.appendChild(el('span', '', `${model.segments.length} processes (continued ${model.segments.length - 1}\u00d7)`));

  const parts: HTMLElement[] = [titleRow, meta];
  if (model.segments.length > 1 || model.segments.some(isCrash)) parts.push(historyList(model, actions));
  if (header.error !== undefined) {
    const error = el('div', 'alert');
    error.appendChild(el('b', '', 'Error: '));
    error.appendChild(document.createTextNode(text(header.error)));
    parts.push(error);
  }
  if (isObject(header.summary)) parts.push(summaryChips(header.summary));
  byId('session-header').replaceChildren(...parts);
  renderLive();
}

let liveText = '';
let liveClass = '';

/** The live indicator, kept across header re-renders. */
export function renderLive(message?: string, className?: string): void {
  if (message !== undefined) liveText = message;
  if (className !== undefined) liveClass = className;
  const node = document.getElementById('live');
  if (!node) return;
  node.textContent = liveText;
  node.className = `live ${liveClass}`;
}
