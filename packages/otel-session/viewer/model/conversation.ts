import { eventMessages, type MessageEvent } from './eventMessages.js';
import { messages, parseJson, readable, systemInstructions, toolCall, unwrapOutput, type ChatMessage, type ChatPart } from './messages.js';
import { isObject, type Attributes } from './otlp.js';

/**
 * The messages of an LLM or tool span as a chat, from whichever convention recorded them:
 * - OpenTelemetry GenAI: `gen_ai.system_instructions`, `gen_ai.input.messages`, `gen_ai.output.messages`
 *   (JSON, messages of `parts`), and the older `gen_ai.prompt` / `gen_ai.completion` (JSON, plain text,
 *   or flattened as `gen_ai.prompt.0.role`); `gen_ai.tool.call.arguments` / `.result` on tool spans.
 * - The AI SDK: `ai.prompt.messages` (JSON, content as text or parts), `ai.response.text`,
 *   `ai.response.toolCalls`; `ai.toolCall.args|input` / `.result|output` on `ai.toolCall` spans.
 * - OpenInference: `llm.input_messages.N.message.role|content|contents|tool_calls…`, `llm.output_messages.…`;
 *   `input.value` / `output.value` on spans with a `tool.name`.
 * - Span events, for the producers that record messages there (see eventMessages.ts). The attributes win
 *   when both hold a side of the chat (the input or the output), since they are the span's own record.
 * Values are untrusted text; this only builds data, the page puts it in with textContent.
 */

/** Attributes flattened by index (`prefix.0.message.role`) back into objects, in index order. */
function indexed(attributes: Attributes, prefix: string): Map<string, string>[] {
  const byIndex = new Map<number, Map<string, string>>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)\\.(.+)$`);
  for (const key of attributes.keys()) {
    const match = pattern.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    if (!byIndex.has(index)) byIndex.set(index, new Map());
    byIndex.get(index)!.set(match[2]!, attributes.get(key) ?? '');
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
}

function sub(fields: Map<string, string>, prefix: string): Map<string, string>[] {
  const byIndex = new Map<number, Map<string, string>>();
  for (const [key, value] of fields) {
    if (!key.startsWith(`${prefix}.`)) continue;
    const rest = key.slice(prefix.length + 1);
    const dot = rest.indexOf('.');
    const index = Number(rest.slice(0, dot));
    if (dot < 0 || !Number.isInteger(index)) continue;
    if (!byIndex.has(index)) byIndex.set(index, new Map());
    byIndex.get(index)!.set(rest.slice(dot + 1), value);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
}

/** OpenInference's `message.*` fields, or OpenLLMetry's `role` / `content` / `tool_calls.N.*`. */
function flatMessage(fields: Map<string, string>, output: boolean): ChatMessage {
  const pick = (...keys: string[]) => keys.map((k) => fields.get(k)).find((v) => v !== undefined);
  const role = pick('message.role', 'role') ?? (output ? 'assistant' : 'user');
  const all: ChatPart[] = [];
  const content = pick('message.content', 'content');
  if (content !== undefined && content !== '') all.push({ type: 'text', text: content });
  for (const item of sub(fields, 'message.contents')) {
    const type = item.get('message_content.type');
    if (type === undefined || type === 'text') all.push({ type: 'text', text: item.get('message_content.text') ?? '' });
    else all.push({ type: 'text', text: `[${type}]` });
  }
  for (const call of [...sub(fields, 'message.tool_calls'), ...sub(fields, 'tool_calls')]) {
    all.push({
      type: 'tool-call',
      name: call.get('tool_call.function.name') ?? call.get('name'),
      id: call.get('tool_call.id') ?? call.get('id'),
      text: readable(call.get('tool_call.function.arguments') ?? call.get('arguments') ?? ''),
    });
  }
  const callId = pick('message.tool_call_id', 'tool_call_id');
  if (role === 'tool' && callId !== undefined) {
    for (const p of all) if (p.type === 'text') Object.assign(p, { type: 'tool-result', id: callId, name: pick('message.name', 'name') });
  }
  return { role, parts: all, output };
}

function aiSdkToolCalls(value: unknown): ChatPart[] {
  const data = parseJson(value);
  return Array.isArray(data) ? data.filter(isObject).map(toolCall) : [];
}

/** A tool span's own call and result, when it carries them. */
function toolSpan(attributes: Attributes): ChatMessage[] {
  const name = attributes.get('ai.toolCall.name') ?? attributes.get('gen_ai.tool.name') ?? attributes.get('tool.name');
  const id = attributes.get('ai.toolCall.id') ?? attributes.get('gen_ai.tool.call.id');
  // OpenInference puts a tool's arguments and result in the generic input/output values.
  const openInference = attributes.has('tool.name');
  const args =
    attributes.get('ai.toolCall.input') ??
    attributes.get('ai.toolCall.args') ??
    attributes.get('gen_ai.tool.call.arguments') ??
    (openInference ? attributes.get('input.value') : undefined);
  const result =
    attributes.get('ai.toolCall.output') ??
    attributes.get('ai.toolCall.result') ??
    attributes.get('gen_ai.tool.call.result') ??
    (openInference ? attributes.get('output.value') : undefined);
  const out: ChatMessage[] = [];
  if (args !== undefined) out.push({ role: 'assistant', parts: [{ type: 'tool-call', name, id, text: readable(args) }], output: false });
  if (result !== undefined) out.push({ role: 'tool', parts: [{ type: 'tool-result', name, id, text: readable(unwrapOutput(parseJson(result) ?? result)) }], output: true });
  return out;
}

export function conversation(attributes: Attributes, events: readonly MessageEvent[] = []): ChatMessage[] {
  const input: ChatMessage[] = [];
  const output: ChatMessage[] = [];
  const raw = (key: string) => (attributes.has(key) ? attributes.data(key) : undefined);

  // GenAI, current conventions.
  input.push(...systemInstructions(raw('gen_ai.system_instructions')));
  input.push(...messages(raw('gen_ai.input.messages'), false, 'user'));
  output.push(...messages(raw('gen_ai.output.messages'), true, 'assistant'));
  // GenAI, older conventions: whole values or flattened.
  if (!input.length) input.push(...messages(raw('gen_ai.prompt'), false, 'user'));
  if (!output.length) output.push(...messages(raw('gen_ai.completion'), true, 'assistant'));
  if (!input.length) input.push(...indexed(attributes, 'gen_ai.prompt').map((m) => flatMessage(m, false)));
  if (!output.length) output.push(...indexed(attributes, 'gen_ai.completion').map((m) => flatMessage(m, true)));
  // The AI SDK.
  if (!input.length) input.push(...messages(raw('ai.prompt.messages'), false, 'user'));
  if (!output.length) {
    const answer: ChatPart[] = [];
    const responseText = attributes.get('ai.response.text');
    if (responseText) answer.push({ type: 'text', text: responseText });
    answer.push(...aiSdkToolCalls(raw('ai.response.toolCalls')));
    if (answer.length) output.push({ role: 'assistant', parts: answer, output: true });
  }
  // OpenInference.
  if (!input.length) input.push(...indexed(attributes, 'llm.input_messages').map((m) => flatMessage(m, false)));
  if (!output.length) output.push(...indexed(attributes, 'llm.output_messages').map((m) => flatMessage(m, true)));

  const said = (list: ChatMessage[]) => list.filter((m) => m.parts.length > 0);
  const ownInput = said(input);
  const ownOutput = said(output);
  if (!ownInput.length && !ownOutput.length) {
    const own = toolSpan(attributes);
    if (own.length) return own;
  }
  if (ownInput.length && ownOutput.length) return [...ownInput, ...ownOutput];
  // Span events fill the side (input or output) that the attributes left empty.
  const tool = attributes.get('gen_ai.operation.name') === 'execute_tool' ? { name: attributes.get('gen_ai.tool.name') } : undefined;
  const recorded = eventMessages(events, tool);
  return [...(ownInput.length ? ownInput : said(recorded.input)), ...(ownOutput.length ? ownOutput : said(recorded.output))];
}
