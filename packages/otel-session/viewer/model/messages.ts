import { isObject, text, type JsonObject } from './otlp.js';

/**
 * The JSON shapes a chat message is recorded in, whichever convention or producer wrote it: GenAI `parts`
 * (`text`, `tool_call`, `tool_call_response`, `reasoning`), OpenAI / AI SDK `content` and `tool_calls`,
 * Bedrock Converse content blocks (`text`, `toolUse`, `toolResult`, `reasoningContent`) and Azure AI
 * Agents' content by type (`{text: {value}}`) and hosted tool calls (`code_interpreter`, `bing_grounding`…).
 * Values are untrusted; every reader answers with a safe value and never throws.
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

export function parseJson(value: unknown): unknown {
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

/**
 * A tool's output as data: the AI SDK 5 wraps it as {type: 'text' | 'json', value}; Bedrock (Strands
 * Agents) as a list of content blocks, {text} or {json}, which reads as their contents.
 */
export function unwrapOutput(value: unknown): unknown {
  if (isObject(value) && typeof value.type === 'string' && 'value' in value) return value.value;
  if (Array.isArray(value) && value.length > 0 && value.every((b) => isObject(b) && b.type === undefined && (typeof b.text === 'string' || 'json' in b))) {
    const contents = value.map((b: JsonObject) => b.text ?? b.json);
    return contents.length === 1 ? contents[0] : contents;
  }
  return value;
}

export function toolCall(object: JsonObject): ChatPart {
  const fn = isObject(object.function) ? object.function : {};
  // A tool the service runs itself (Azure AI Agents: code_interpreter, bing_grounding, file_search…) has no
  // function: its details sit under a key named for its type.
  const type = typeof object.type === 'string' && object.type !== 'function' && Object.hasOwn(object, object.type) ? object.type : undefined;
  const hosted = type !== undefined && isObject(object[type]) ? object[type] : undefined;
  return {
    type: 'tool-call',
    name: optionalText(field(object, 'toolName', 'name') ?? fn.name ?? (hosted === undefined ? undefined : type)),
    id: optionalText(field(object, 'toolCallId', 'id')),
    text: readable(field(object, 'input', 'args', 'arguments') ?? fn.arguments ?? hosted),
  };
}

/**
 * A Bedrock Converse content block (`{text}`, `{toolUse}`, `{toolResult}`, `{reasoningContent}`): what
 * Strands Agents records as a message's content. Undefined for anything else.
 */
function contentBlock(item: JsonObject): ChatPart | undefined {
  if (isObject(item.toolUse)) {
    const use = item.toolUse;
    return { type: 'tool-call', name: optionalText(use.name), id: optionalText(use.toolUseId), text: readable(use.input) };
  }
  if (isObject(item.toolResult)) {
    const result = item.toolResult;
    return { type: 'tool-result', id: optionalText(result.toolUseId), text: readable(unwrapOutput(result.content)) };
  }
  if (isObject(item.reasoningContent)) {
    const reasoning = isObject(item.reasoningContent.reasoningText) ? item.reasoningContent.reasoningText : {};
    return { type: 'reasoning', text: text(reasoning.text ?? '') };
  }
  return undefined;
}

function part(item: unknown): ChatPart | undefined {
  if (typeof item === 'string') return { type: 'text', text: item };
  if (!isObject(item)) return undefined;
  if (item.type === undefined) {
    const block = contentBlock(item);
    if (block) return block;
  }
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

/**
 * Azure AI Agents' thread message content: one entry per content type, `{"text": {"value": "…",
 * "annotations": […]}}`; an image's entry has no value (null in Python, left out in JavaScript).
 * Undefined for anything else.
 */
function typedContent(content: JsonObject): ChatPart[] | undefined {
  const entries = Object.entries(content);
  const details = entries.map(([, v]) => (isObject(v) && !Array.isArray(v) ? v : undefined));
  if (!entries.length || details.includes(undefined) || !details.some((d) => d !== undefined && 'value' in d)) return undefined;
  return entries.map(([type], i) => {
    const value = details[i]!.value;
    return { type: 'text', text: type === 'text' && value !== null && value !== undefined ? text(value) : `[${type}]` };
  });
}

function parts(content: unknown): ChatPart[] {
  if (content === undefined || content === null) return [];
  if (Array.isArray(content)) return content.map(part).filter((p): p is ChatPart => p !== undefined);
  const typed = isObject(content) ? typedContent(content) : undefined;
  if (typed) return typed;
  const single = part(content);
  return single ? [single] : [];
}

/** One message object of any of the JSON shapes: GenAI `parts`, AI SDK / OpenAI `content` and `tool_calls`. */
export function message(object: JsonObject, output: boolean): ChatMessage {
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
export function messages(value: unknown, output: boolean, textRole: string): ChatMessage[] {
  if (value === undefined) return [];
  const data = parseJson(value);
  if (Array.isArray(data)) return data.filter(isObject).map((m) => message(m, output));
  if (isObject(data) && (data.role !== undefined || data.parts !== undefined)) return [message(data, output)];
  return typeof value === 'string' && value !== '' ? [{ role: textRole, parts: [{ type: 'text', text: value }], output }] : [];
}
export function systemInstructions(value: unknown): ChatMessage[] {
  if (value === undefined) return [];
  const data = parseJson(value);
  const all = Array.isArray(data) ? parts(data) : [{ type: 'text' as const, text: text(value) }];
  return all.length ? [{ role: 'system', parts: all, output: false }] : [];
}
