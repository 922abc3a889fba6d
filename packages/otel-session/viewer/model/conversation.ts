import { isObject, text, type Attributes, type JsonObject } from './otlp.js';

/**
 * The messages of an LLM or tool span as a chat, from whichever convention recorded them:
 * - OpenTelemetry GenAI: `gen_ai.system_instructions`, `gen_ai.input.messages`, `gen_ai.output.messages`
 *   (JSON, messages of `parts`), and the older `gen_ai.prompt` / `gen_ai.completion` (JSON, plain text,
 *   or flattened as `gen_ai.prompt.0.role`); `gen_ai.tool.call.arguments` / `.result` on tool spans.
 * - The AI SDK: `ai.prompt.messages` (JSON, content as text or parts), `ai.response.text`,
 *   `ai.response.toolCalls`; `ai.toolCall.args|input` / `.result|output` on `ai.toolCall` spans.
 * - OpenInference: `llm.input_messages.N.message.role|content|contents|tool_calls…`, `llm.output_messages.…`;
 *   `input.value` / `output.value` on spans with a `tool.name`.
 * Values are untrusted text; this only builds data, the page puts it in with textContent.
 */

export type PartType = 'text' | 'reasoning' | 'tool-call' | 'tool-result';

export interface ChatPart {
  type: PartType;
  text: string;
  /** The tool's name, for tool calls and results. */
  name?: string;
  /** The tool call's id, which pairs a result with its call. */
  id?: string;
}

export interface ChatMessage {
  role: string;
  parts: ChatPart[];
  /** Whether the message is part of the model's answer rather than of its input. */
  output: boolean;
}

/** Structured data or text as readable text: JSON pretty-printed, other text as it is. */
export function readable(value: unknown): string {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  if (value === undefined || value === null) return '';
  return JSON.stringify(value, null, 2) ?? text(value);
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function field(object: JsonObject, ...keys: string[]): unknown {
  for (const key of keys) if (object[key] !== undefined && object[key] !== null) return object[key];
  return undefined;
}

function optionalText(value: unknown): string | undefined {
  return value === undefined ? undefined : text(value);
}

// The AI SDK 5 wraps tool output as {type: 'text' | 'json', value}.
function unwrapOutput(value: unknown): unknown {
  return isObject(value) && typeof value.type === 'string' && 'value' in value ? value.value : value;
}

function toolCall(object: JsonObject): ChatPart {
  const fn = isObject(object.function) ? object.function : {};
  return {
    type: 'tool-call',
    name: optionalText(field(object, 'toolName', 'name') ?? fn.name),
    id: optionalText(field(object, 'toolCallId', 'id')),
    text: readable(field(object, 'input', 'args', 'arguments') ?? fn.arguments),
  };
}

function part(item: unknown): ChatPart | undefined {
  if (typeof item === 'string') return { type: 'text', text: item };
  if (!isObject(item)) return undefined;
  const type = typeof item.type === 'string' ? item.type : 'text';
  switch (type) {
    case 'text':
      return { type: 'text', text: text(field(item, 'text', 'content') ?? '') };
    case 'reasoning':
    case 'thinking':
      return { type: 'reasoning', text: text(field(item, 'text', 'content', 'thinking') ?? '') };
    case 'tool-call':
    case 'tool_call':
    case 'tool_use':
    case 'function':
      return toolCall(item);
    case 'tool-result':
    case 'tool_call_response':
    case 'tool_result':
      return {
        type: 'tool-result',
        name: optionalText(field(item, 'toolName', 'name')),
        id: optionalText(field(item, 'toolCallId', 'id', 'tool_use_id')),
        text: readable(unwrapOutput(field(item, 'output', 'result', 'response', 'content'))),
      };
    default:
      return { type: 'text', text: `[${type}]` };
  }
}

function parts(content: unknown): ChatPart[] {
  if (content === undefined || content === null) return [];
  if (Array.isArray(content)) return content.map(part).filter((p): p is ChatPart => p !== undefined);
  const single = part(content);
  return single ? [single] : [];
}

/** One message object of any of the JSON shapes: GenAI `parts`, AI SDK / OpenAI `content` and `tool_calls`. */
function message(object: JsonObject, output: boolean): ChatMessage {
  const role = text(object.role ?? (output ? 'assistant' : 'user'));
  const all = [...parts(object.parts ?? object.content)];
  for (const call of Array.isArray(object.tool_calls) ? object.tool_calls : []) if (isObject(call)) all.push(toolCall(call));
  const callId = object.tool_call_id ?? object.toolCallId;
  if (role === 'tool' && callId !== undefined) {
    for (const p of all) if (p.type === 'text') Object.assign(p, { type: 'tool-result', id: text(callId), name: optionalText(object.name) });
  }
  return { role, parts: all, output };
}

/** JSON that holds a list of messages, or a plain text that is one message. */
function messages(value: unknown, output: boolean, textRole: string): ChatMessage[] {
  if (value === undefined) return [];
  const data = parseJson(value);
  if (Array.isArray(data)) return data.filter(isObject).map((m) => message(m, output));
  if (isObject(data) && (data.role !== undefined || data.parts !== undefined)) return [message(data, output)];
  return typeof value === 'string' && value !== '' ? [{ role: textRole, parts: [{ type: 'text', text: value }], output }] : [];
}

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

function systemInstructions(value: unknown): ChatMessage[] {
  if (value === undefined) return [];
  const data = parseJson(value);
  const all = Array.isArray(data) ? parts(data) : [{ type: 'text' as const, text: text(value) }];
  return all.length ? [{ role: 'system', parts: all, output: false }] : [];
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

export function conversation(attributes: Attributes): ChatMessage[] {
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

  const chat = [...input, ...output].filter((m) => m.parts.length > 0);
  return chat.length ? chat : toolSpan(attributes);
}
