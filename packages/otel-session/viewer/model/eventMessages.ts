import { message, messages, parseJson, readable, systemInstructions, type ChatMessage } from './messages.js';
import { isObject, text, valueData, type JsonObject, type KeyValue } from './otlp.js';

/**
 * Chat messages recorded as span events instead of span attributes, in event order:
 * - GenAI conventions 1.28–1.36, one event per message: `gen_ai.system|user|assistant|tool.message` and
 *   `gen_ai.choice`. The event body's fields (`content`, `tool_calls`, `id`, `message`, `finish_reason`)
 *   are written as event attributes (Strands Agents), or as one JSON attribute holding the whole body:
 *   `gen_ai.event.content` (Azure AI Inference, Azure AI Agents) or `body` (Koog). Azure AI Agents also
 *   records the tool calls of a listed run step as `gen_ai.run_step.tool_calls`.
 *   The OpenTelemetry instrumentations of OpenAI, Vertex AI and Google GenAI (Python and JavaScript) emit
 *   these events as log records, not span events, so a session file never holds them.
 * - GenAI conventions 1.37 and later: `gen_ai.client.inference.operation.details` with
 *   `gen_ai.system_instructions`, `gen_ai.input.messages` and `gen_ai.output.messages`, as JSON text or
 *   structured values, possibly spread over several such events (Strands Agents writes the input when the
 *   call starts and the output when it ends).
 * - The older `gen_ai.content.prompt` / `gen_ai.content.completion` with `gen_ai.prompt` /
 *   `gen_ai.completion` (Semantic Kernel).
 */

export interface MessageEvent {
  name: string;
  attributes: KeyValue[];
}

export interface EventMessages {
  input: ChatMessage[];
  output: ChatMessage[];
}

const ROLE_EVENTS = new Map([
  ['gen_ai.system.message', 'system'],
  ['gen_ai.user.message', 'user'],
  ['gen_ai.assistant.message', 'assistant'],
  ['gen_ai.tool.message', 'tool'],
  ['gen_ai.run_step.tool_calls', 'assistant'],
]);
const BODY_KEYS = ['gen_ai.event.content', 'body'];

/** The event's fields: its attributes as data, with a body recorded as one JSON attribute spread among them. */
function fields(event: MessageEvent): JsonObject {
  // No prototype: a file's keys (`__proto__`) must stay plain keys.
  const out = Object.create(null) as JsonObject;
  for (const kv of event.attributes) if (!(kv.key in out)) out[kv.key] = valueData(kv.value);
  for (const key of BODY_KEYS) {
    const body = parseJson(out[key]);
    if (isObject(body) && !Array.isArray(body)) for (const [k, v] of Object.entries(body)) out[k] = v;
  }
  return out;
}

/** Content as parts: Strands writes a list of content blocks as JSON text; other text is the message itself. */
function content(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const data = parseJson(value);
  return Array.isArray(data) ? data : value;
}

function list(value: unknown): unknown[] {
  const data = parseJson(value);
  return Array.isArray(data) ? data : [];
}

function roleMessage(role: string, f: JsonObject): ChatMessage {
  const calls = list(f.tool_calls);
  // Koog gives the assistant's tool call message the role `tool`; it is the assistant who calls.
  const own = role === 'assistant' && f.role === 'tool' && calls.length ? role : (f.role ?? role);
  return message({ role: own, content: content(f.content), tool_calls: calls, tool_call_id: f.id ?? f.tool_call_id }, false);
}

/** A tool's own span, on which Strands records the call it runs and the result it gives. */
export interface ToolSpan {
  name?: string;
}

/** `gen_ai.choice`: the model's answer, as a message object (Azure, Koog) or as its content (Strands). */
function choice(f: JsonObject, tool: ToolSpan | undefined): ChatMessage {
  const raw = f.message ?? f.content;
  const data = typeof raw === 'string' ? (parseJson(raw) ?? raw) : raw;
  const object: JsonObject = isObject(data) && !Array.isArray(data) ? data : { content: data };
  // The answer's tool calls are inside its message (OpenTelemetry's instrumentations, Azure AI Inference) or
  // beside it (Koog); Azure AI Inference for JavaScript names them `toolCalls`.
  const calls = [...list(object.tool_calls), ...list(object.toolCalls), ...list(f.tool_calls)];
  // A choice with an `id` answers a tool call: Strands records a tool's result that way on its tool span.
  const role = object.role ?? (f.id !== undefined ? 'tool' : 'assistant');
  return message({ role, name: tool?.name, content: content(object.content ?? object.parts), tool_calls: calls, tool_call_id: f.id }, true);
}

/** On a tool's own span, Strands records the call it runs as a `gen_ai.tool.message` with the arguments. */
function toolCallMessage(f: JsonObject, tool: ToolSpan): ChatMessage {
  return {
    role: 'assistant',
    parts: [{ type: 'tool-call', name: tool.name, id: f.id === undefined ? undefined : text(f.id), text: readable(f.content) }],
    output: false,
  };
}

export function eventMessages(events: readonly MessageEvent[], tool?: ToolSpan): EventMessages {
  const input: ChatMessage[] = [];
  const output: ChatMessage[] = [];
  for (const event of events) {
    const role = ROLE_EVENTS.get(event.name);
    if (role === undefined && !event.name.startsWith('gen_ai.')) continue;
    const f = fields(event);
    if (role === 'tool' && tool) input.push(toolCallMessage(f, tool));
    else if (role !== undefined) input.push(roleMessage(role, f));
    else if (event.name === 'gen_ai.choice') output.push(choice(f, tool));
    else if (event.name === 'gen_ai.client.inference.operation.details') {
      input.push(...systemInstructions(f['gen_ai.system_instructions']));
      input.push(...messages(f['gen_ai.input.messages'], false, 'user'));
      output.push(...messages(f['gen_ai.output.messages'], true, 'assistant'));
    } else if (event.name === 'gen_ai.content.prompt') input.push(...messages(f['gen_ai.prompt'], false, 'user'));
    else if (event.name === 'gen_ai.content.completion') output.push(...messages(f['gen_ai.completion'], true, 'assistant'));
  }
  return { input, output };
}
