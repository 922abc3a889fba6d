import { conversation } from '../model/conversation.js';
import { describeCrash, isCrash, type Segment } from '../model/history.js';
import { text, valueText, type KeyValue } from '../model/otlp.js';
import type { SpanNode } from '../model/sessionModel.js';
import { selectedSpan, state } from '../state.js';
import { chatElement } from './chat.js';
import { crashRecord } from './crashRecord.js';
import { button, byId, el } from './dom.js';
import { formatCount, formatDuration, formatTime } from './format.js';
import { segmentLabel } from './header.js';

/** The details pane: the selected span (its conversation, attributes, events, links) or process. */

export interface DetailsActions {
  selectSpan(node: SpanNode): void;
  selectSegment(segment: Segment): void;
}

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_CODES = ['unset', 'ok', 'error'];
const KEY_ATTRIBUTES = new Set([
  'gen_ai.operation.name',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.tool.name',
  'tool.name',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'ai.operationId',
  'ai.model.id',
  'ai.toolCall.name',
  'openinference.span.kind',
  'llm.model_name',
  'session.id',
]);

function kvTable(list: KeyValue[], highlight: boolean): HTMLElement {
  const table = el('table', 'kv');
  for (const kv of list) {
    const row = el('tr', highlight && KEY_ATTRIBUTES.has(kv.key) ? 'key-attr' : '');
    row.appendChild(el('td', '', kv.key));
    row.appendChild(el('td', '', valueText(kv.value)));
    table.appendChild(row);
  }
  return table;
}

function heading(title: string, count?: number): HTMLElement {
  return el('h3', '', count === undefined ? title : `${title} (${count})`);
}

class Facts {
  readonly table = el('table', 'kv facts');

  add(label: string, value: string | Node): void {
    const row = el('tr');
    row.appendChild(el('td', '', label));
    const cell = el('td');
    if (typeof value === 'string') cell.textContent = value;
    else cell.appendChild(value);
    row.appendChild(cell);
    this.table.appendChild(row);
  }
}

function spanLink(traceId: string, spanId: string, actions: DetailsActions): HTMLElement {
  const target = state.model.byKey.get(traceId + spanId);
  if (!target) return el('span', 'mono', spanId);
  return button('linkish', `${spanId} (${target.name})`, () => actions.selectSpan(target));
}

function categoryLabel(node: SpanNode): string {
  return { agent: 'agent', llm: 'LLM call', tool: 'tool call', other: '' }[node.category];
}

function spanDetails(node: SpanNode, actions: DetailsActions): HTMLElement[] {
  const parts: HTMLElement[] = [el('h2', '', node.name)];
  const badges = el('div', 'badges');
  const code = node.status.code;
  badges.appendChild(el('span', `status status-${code === 2 ? 'error' : code === 1 ? 'completed' : 'running'}`, `status ${STATUS_CODES[code] ?? code}`));
  if (node.category !== 'other') badges.appendChild(el('span', `tag kind-${node.category}`, categoryLabel(node)));
  if (node.crashedIn?.status === 'crashed') badges.appendChild(el('span', 'tag tag-crashed', 'crashed'));
  else if (node.state) badges.appendChild(el('span', `tag tag-${node.state}`, node.state));
  badges.appendChild(el('span', 'chip', (typeof node.kind === 'number' && KINDS[node.kind]) || `kind ${text(node.kind)}`));
  const link = el('a', 'span-link', `#span=${node.spanId}`);
  link.href = `#span=${encodeURIComponent(node.spanId)}`;
  link.title = 'A link that opens this page on this span';
  badges.appendChild(link);
  parts.push(badges);

  const segment = node.crashedIn;
  if (segment) {
    const alert = el('div', 'alert crash-note');
    alert.appendChild(el('b', '', `Running when process ${segment.index + 1} ${segment.status === 'interrupted' ? 'stopped' : 'crashed'}`));
    if (segment.crash) alert.appendChild(el('div', '', describeCrash(segment.crash)));
    alert.appendChild(button('linkish show-crash', `Show the ${segment.status === 'interrupted' ? 'process' : 'crash'} record`, () => actions.selectSegment(segment)));
    parts.push(alert);
  }
  if (node.status.message) parts.push(el('div', 'status-message', node.status.message));

  const facts = new Facts();
  facts.add('duration', formatDuration(node.end - node.start));
  facts.add('start', `+${formatDuration(node.start - state.model.t0)}${Number.isFinite(node.start) ? `  (${new Date(node.start).toISOString()})` : ''}`);
  facts.add('end', `+${formatDuration(node.end - state.model.t0)}${node.state ? '  (when the file was written)' : ''}`);
  facts.add('trace id', node.traceId);
  facts.add('span id', node.spanId);
  if (node.parentSpanId) facts.add('parent', spanLink(node.traceId, node.parentSpanId, actions));
  if (node.children.length) facts.add('children', formatCount(node.children.length));
  facts.add('scope', text(node.scope.name ?? '') + (node.scope.version ? ` ${text(node.scope.version)}` : ''));
  parts.push(facts.table);

  const messages = conversation(node.attributes, node.events);
  if (messages.length) {
    parts.push(heading('Conversation', messages.length));
    parts.push(chatElement(messages));
  }

  parts.push(heading('Attributes', node.attributes.list.length));
  parts.push(kvTable(node.attributes.list, true));
  if (node.events.length) {
    parts.push(heading('Events', node.events.length));
    for (const event of node.events) {
      const item = el('div', 'event-item');
      item.appendChild(el('span', 'when', `+${formatDuration(event.time - node.start)}`));
      item.appendChild(el('b', '', event.name));
      if (event.attributes.length) item.appendChild(kvTable(event.attributes, false));
      parts.push(item);
    }
  }
  if (node.links.length) {
    parts.push(heading('Links', node.links.length));
    for (const link of node.links) {
      const item = el('div', 'event-item');
      item.appendChild(el('div', 'mono', `trace ${link.traceId}`));
      item.appendChild(spanLink(link.traceId, link.spanId, actions));
      if (link.attributes.length) item.appendChild(kvTable(link.attributes, false));
      parts.push(item);
    }
  }
  const resource = state.model.resources[node.resource] ?? [];
  parts.push(heading('Resource', resource.length));
  parts.push(kvTable(resource, false));
  return parts;
}

function segmentDetails(segment: Segment, actions: DetailsActions): HTMLElement[] {
  const count = state.model.segments.length;
  const parts: HTMLElement[] = [el('h2', '', `Process ${segment.index + 1} of ${count}`)];
  const badges = el('div', 'badges');
  badges.appendChild(el('span', `status status-${segment.status}`, segment.status));
  parts.push(badges);
  const facts = new Facts();
  facts.add('process', segmentLabel(segment, count));
  facts.add('started', formatTime(segment.start));
  facts.add('last written', formatTime(segment.end));
  facts.add('took', formatDuration(segment.end - segment.start));
  const spans = state.model.nodes.filter((node) => node.start >= segment.start && node.start <= segment.end).length;
  facts.add('spans started', formatCount(spans));
  parts.push(facts.table);
  if (isCrash(segment)) parts.push(crashRecord(segment, state.model.crashedSpans.get(segment.index) ?? [], actions.selectSpan));
  return parts;
}

export function renderDetails(actions: DetailsActions): void {
  const pane = byId('details');
  const node = selectedSpan();
  const segment = state.selected?.kind === 'segment' ? state.model.segments[state.selected.index] : undefined;
  if (node) pane.replaceChildren(...spanDetails(node, actions));
  else if (segment) pane.replaceChildren(...segmentDetails(segment, actions));
  else {
    pane.replaceChildren(
      el('p', 'hint', 'Click a span to see its conversation, attributes, events, status and links, or a process on the timeline to see how it ended. Arrow keys move and fold; wheel or drag over the time axis zooms.'),
    );
  }
}
