import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conversation } from '../../../viewer/model/conversation.js';
import type { MessageEvent } from '../../../viewer/model/eventMessages.js';
import { Attributes } from '../../../viewer/model/otlp.js';

/**
 * Messages recorded as span events. Each fixture has the shape its producer writes, named in the test:
 * event names, attribute keys and how the values are encoded (JSON text, plain text, structured values).
 */

const event = (name: string, values: Record<string, string | number>): MessageEvent => ({
  name,
  attributes: Object.entries(values).map(([key, value]) => ({
    key,
    value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value },
  })),
});

const attributes = (values: Record<string, string>) =>
  new Attributes(Object.entries(values).map(([key, value]) => ({ key, value: { stringValue: value } })));

const chat = { 'gen_ai.operation.name': 'chat' };

const brief = (messages: ReturnType<typeof conversation>) =>
  messages.map((m) => `${m.role}${m.output ? '>' : ''}: ${m.parts.map((p) => `${p.type}${p.name ? `(${p.name})` : ''}${p.id ? `[${p.id}]` : ''} ${p.text}`).join(' | ')}`);

describe('messages recorded as span events', () => {
  it('reads GenAI 1.28–1.36 message events whose content is Bedrock content blocks (Strands Agents)', () => {
    // strands-agents sdk-python, telemetry/tracer.py, default conventions: one event per message with
    // `content` = JSON of the message's content blocks; tool results as gen_ai.tool.message; the answer as
    // gen_ai.choice with `message` = JSON of its content blocks and `finish_reason`.
    const events = [
      event('gen_ai.user.message', { content: JSON.stringify([{ text: 'Weather in Oslo?' }]) }),
      event('gen_ai.assistant.message', {
        content: JSON.stringify([{ text: 'Checking.' }, { toolUse: { toolUseId: 'tooluse_1', name: 'weather', input: { city: 'Oslo' } } }]),
      }),
      event('gen_ai.tool.message', {
        content: JSON.stringify([{ toolResult: { toolUseId: 'tooluse_1', status: 'success', content: [{ text: 'rain, 8 C' }] } }]),
      }),
      event('gen_ai.choice', {
        finish_reason: 'end_turn',
        message: JSON.stringify([{ reasoningContent: { reasoningText: { text: 'It rains.' } } }, { text: 'Rain, 8 C.' }]),
      }),
    ];
    assert.deepEqual(brief(conversation(attributes(chat), events)), [
      'user: text Weather in Oslo?',
      'assistant: text Checking. | tool-call(weather)[tooluse_1] {\n  "city": "Oslo"\n}',
      'tool: tool-result[tooluse_1] rain, 8 C',
      'assistant>: reasoning It rains. | text Rain, 8 C.',
    ]);
  });

  it("reads a Strands tool span's call and result, and an agent span's answer in plain text", () => {
    // strands-agents sdk-python, start_tool_call_span / end_tool_call_span and end_agent_span.
    const tool = attributes({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'weather', 'gen_ai.tool.call.id': 'tooluse_1' });
    const toolEvents = [
      event('gen_ai.tool.message', { role: 'tool', content: JSON.stringify({ city: 'Oslo' }), id: 'tooluse_1' }),
      event('gen_ai.choice', { message: JSON.stringify([{ text: 'rain, 8 C' }]), id: 'tooluse_1' }),
    ];
    assert.deepEqual(brief(conversation(tool, toolEvents)), [
      'assistant: tool-call(weather)[tooluse_1] {\n  "city": "Oslo"\n}',
      'tool>: tool-result(weather)[tooluse_1] rain, 8 C',
    ]);
    const agent = attributes({ 'gen_ai.operation.name': 'invoke_agent' });
    const agentEvents = [
      event('gen_ai.user.message', { content: JSON.stringify([{ text: 'Weather in Oslo?' }]) }),
      event('gen_ai.choice', { message: 'Rain, 8 C.\n', finish_reason: 'end_turn' }),
    ];
    assert.deepEqual(brief(conversation(agent, agentEvents)), ['user: text Weather in Oslo?', 'assistant>: text Rain, 8 C.\n']);
  });

  it('reads message events whose body is JSON in gen_ai.event.content (Azure AI Inference)', () => {
    // azure-ai-inference for Python, azure/ai/inference/tracing.py: `gen_ai.<role>.message` with the request
    // message as JSON; `gen_ai.choice` with {message: {content, tool_calls}, finish_reason, index}.
    const system = { 'gen_ai.system': 'az.ai.inference' };
    const events = [
      event('gen_ai.system.message', { ...system, 'gen_ai.event.content': JSON.stringify({ role: 'system', content: 'Be brief.' }) }),
      event('gen_ai.user.message', { ...system, 'gen_ai.event.content': JSON.stringify({ role: 'user', content: 'Weather in Oslo?' }) }),
      event('gen_ai.assistant.message', {
        ...system,
        'gen_ai.event.content': JSON.stringify({
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }],
        }),
      }),
      event('gen_ai.tool.message', { ...system, 'gen_ai.event.content': JSON.stringify({ role: 'tool', content: 'rain', tool_call_id: 'call_1' }) }),
      event('gen_ai.choice', { ...system, 'gen_ai.event.content': JSON.stringify({ message: { content: 'Rain.' }, finish_reason: 'stop', index: 0 }) }),
    ];
    assert.deepEqual(brief(conversation(attributes(chat), events)), [
      'system: text Be brief.',
      'user: text Weather in Oslo?',
      'assistant: tool-call(weather)[call_1] {\n  "city": "Oslo"\n}',
      'tool: tool-result[call_1] rain',
      'assistant>: text Rain.',
    ]);
  });

  it('reads message events whose body is JSON in a body attribute, tool calls beside the choice (Koog)', () => {
    // JetBrains Koog, agents-features-opentelemetry: the SDK has no event bodies, so the body fields go into
    // one `body` attribute; a choice that calls a tool carries `tool_calls` beside `index`.
    const events = [
      event('gen_ai.user.message', { 'gen_ai.system': 'openai', body: JSON.stringify({ role: 'user', content: 'Weather in Oslo?' }) }),
      event('gen_ai.choice', {
        'gen_ai.system': 'openai',
        body: JSON.stringify({ index: 0, tool_calls: [{ function: { name: 'weather', arguments: '{"city":"Oslo"}' }, id: 'call_1', type: 'function' }] }),
      }),
    ];
    assert.deepEqual(brief(conversation(attributes(chat), events)), ['user: text Weather in Oslo?', 'assistant>: tool-call(weather)[call_1] {\n  "city": "Oslo"\n}']);
  });

  it("reads Azure AI Agents' thread messages, content by type, and its tool calls and outputs (Python)", () => {
    // azure-ai-agents for Python 1.x (also azure-ai-projects 1.0.0b*), azure/ai/agents/telemetry/
    // _ai_agents_instrumentor.py, on a process_thread_run span: `gen_ai.<role>.message` with the body as JSON
    // in `gen_ai.event.content`; a thread message's content is one entry per content type,
    // {"text": {"value", "annotations"}}, an image's value is null; a run step's tool calls go in a
    // gen_ai.assistant.message, function arguments parsed, a hosted tool's details under its type's key;
    // submitted outputs are gen_ai.tool.message {content, id}. Text as in the package's recorded sample traces.
    const agents = { 'gen_ai.system': 'az.ai.agents', 'gen_ai.thread.id': 'thread_1', 'gen_ai.agent.id': 'asst_1' };
    const body = (value: object) => JSON.stringify(value);
    const events = [
      event('gen_ai.system.message', { ...agents, 'gen_ai.event.content': body({ content: 'You answer weather questions.' }) }),
      event('gen_ai.user.message', {
        ...agents,
        'gen_ai.message.id': 'msg_1',
        'gen_ai.event.content': body({ content: { text: { value: 'Weather in New York?' }, image_file: { value: null } }, role: 'user' }),
      }),
      event('gen_ai.assistant.message', {
        ...agents,
        'gen_ai.message.status': 'completed',
        'gen_ai.usage.input_tokens': 309,
        'gen_ai.event.content': body({
          tool_calls: [
            { id: 'call_W7T', type: 'function', function: { name: 'fetch_weather', arguments: { location: 'New York' } } },
            { id: 'call_rlq', type: 'bing_grounding', bing_grounding: { requesturl: 'https://api.bing.microsoft.com/v7.0/search?q=weather' } },
          ],
        }),
      }),
      event('gen_ai.tool.message', { 'gen_ai.event.content': body({ content: '{"weather": "Sunny, 25 C"}', id: 'call_W7T' }) }),
      event('gen_ai.assistant.message', {
        ...agents,
        'gen_ai.message.id': 'msg_2',
        'gen_ai.event.content': body({
          content: { text: { value: 'Sunny, 25 C【3:0†source】.', annotations: [{ type: 'url_citation', text: '【3:0†source】' }] } },
          role: 'assistant',
        }),
      }),
    ];
    assert.deepEqual(brief(conversation(attributes({ 'gen_ai.operation.name': 'process_thread_run' }), events)), [
      'system: text You answer weather questions.',
      'user: text Weather in New York? | text [image_file]',
      'assistant: tool-call(fetch_weather)[call_W7T] {\n  "location": "New York"\n} | tool-call(bing_grounding)[call_rlq] {\n  "requesturl": "https://api.bing.microsoft.com/v7.0/search?q=weather"\n}',
      'tool: tool-result[call_W7T] {"weather": "Sunny, 25 C"}',
      'assistant: text Sunny, 25 C【3:0†source】.',
    ]);
  });

  it("reads Azure AI Agents' listed run steps: tool calls, and creation steps that hold no message", () => {
    // azure-ai-agents for Python, _ai_agents_instrumentor.py add_run_step_event, on a list_run_steps span:
    // `gen_ai.run_step.message_creation` carries only ids and usage; `gen_ai.run_step.tool_calls` the calls,
    // a code interpreter's with its input and outputs. Without content recording only ids and types remain.
    const events = [
      event('gen_ai.run_step.message_creation', { 'gen_ai.system': 'az.ai.agents', 'gen_ai.message.id': 'msg_1', 'gen_ai.run_step.status': 'completed' }),
      event('gen_ai.run_step.tool_calls', {
        'gen_ai.system': 'az.ai.agents',
        'gen_ai.event.content': JSON.stringify({
          tool_calls: [{ id: 'call_1', type: 'code_interpreter', code_interpreter: { input: 'print(6 * 7)', outputs: [{ type: 'logs', logs: '42' }] } }],
        }),
      }),
      event('gen_ai.run_step.tool_calls', { 'gen_ai.event.content': JSON.stringify({ tool_calls: [{ id: 'call_2', type: 'function' }] }) }),
    ];
    assert.deepEqual(brief(conversation(attributes({ 'gen_ai.operation.name': 'list_run_steps' }), events)), [
      'assistant: tool-call(code_interpreter)[call_1] {\n  "input": "print(6 * 7)",\n  "outputs": [\n    {\n      "type": "logs",\n      "logs": "42"\n    }\n  ]\n}',
      'assistant: tool-call[call_2] ',
    ]);
  });

  it("reads Azure AI Agents' thread messages as its JavaScript SDK writes them", () => {
    // @azure/ai-projects for JavaScript 1.0.0-beta, src/agents/traceUtility.ts addMessageEvent: a new
    // message's content is the text given; a thread message's is {type: {value, annotations}}, and an
    // image's entry has neither, so JSON.stringify leaves it empty.
    const events = [
      event('gen_ai.user.message', { 'gen_ai.system': 'az.ai.agents', 'gen_ai.event.content': JSON.stringify({ content: 'Draw a cat.', role: 'user' }) }),
      event('gen_ai.assistant.message', {
        'gen_ai.system': 'az.ai.agents',
        'gen_ai.event.content': JSON.stringify({ content: { image_file: {}, text: { value: 'Here is a cat.', annotations: [] } }, role: 'assistant' }),
      }),
    ];
    assert.deepEqual(brief(conversation(attributes({ 'gen_ai.operation.name': 'list_messages' }), events)), [
      'user: text Draw a cat.',
      'assistant: text [image_file] | text Here is a cat.',
    ]);
  });

  it('reads the tool calls of an answer that Azure AI Inference for JavaScript names toolCalls', () => {
    // @azure-rest/ai-inference, src/tracingHelper.ts: request messages as `gen_ai.<role>.message` with
    // tool_calls beside content; each choice as `gen_ai.choice` {finish_reason, index, message: {content,
    // toolCalls}}, all JSON in gen_ai.event.content. Without content recording names and arguments are "".
    const inference = { 'gen_ai.system': 'az.ai.inference' };
    const calls = [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }];
    const events = [
      event('gen_ai.user.message', { ...inference, 'gen_ai.event.content': JSON.stringify({ content: 'Weather in Oslo?' }) }),
      event('gen_ai.choice', { ...inference, 'gen_ai.event.content': JSON.stringify({ finish_reason: 'tool_calls', index: 0, message: { toolCalls: calls } }) }),
    ];
    assert.deepEqual(brief(conversation(attributes(chat), events)), ['user: text Weather in Oslo?', 'assistant>: tool-call(weather)[call_1] {\n  "city": "Oslo"\n}']);
    const hidden = [{ id: 'call_1', type: 'function', function: { name: '', arguments: '' } }];
    const redacted = [event('gen_ai.choice', { ...inference, 'gen_ai.event.content': JSON.stringify({ finish_reason: 'tool_calls', index: 0, message: { content: '', toolCalls: hidden } }) })];
    assert.deepEqual(brief(conversation(attributes(chat), redacted)), ['assistant>: text  | tool-call[call_1] ']);
  });

  it("shows Koog's tool call message, which it gives the role tool, as the assistant's", () => {
    // JetBrains Koog, agents-features-opentelemetry event/AssistantMessageEvent.kt and EventBodyFields.kt:
    // a Message.Tool.Call goes out as gen_ai.assistant.message with role "tool" and OpenAI-style tool_calls,
    // arguments as JSON text; the body is JSON in the `body` attribute.
    const events = [
      event('gen_ai.assistant.message', {
        'gen_ai.system': 'openai',
        body: JSON.stringify({ role: 'tool', tool_calls: [{ function: { name: 'weather', arguments: '{"city":"Oslo"}' }, id: 'call_1', type: 'function' }] }),
      }),
      event('gen_ai.tool.message', { 'gen_ai.system': 'openai', body: JSON.stringify({ content: 'rain', id: 'call_1' }) }),
    ];
    assert.deepEqual(brief(conversation(attributes(chat), events)), ['assistant: tool-call(weather)[call_1] {\n  "city": "Oslo"\n}', 'tool: tool-result[call_1] rain']);
  });

  it('reads GenAI 1.37 operation details events, input and output spread over two events', () => {
    // strands-agents sdk-python with OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental: the input
    // when the call starts, the output when it ends, each a `gen_ai.client.inference.operation.details`.
    const details = 'gen_ai.client.inference.operation.details';
    const events = [
      event(details, {
        'gen_ai.input.messages': JSON.stringify([
          { role: 'user', parts: [{ type: 'text', content: 'Weather in Oslo?' }] },
          { role: 'assistant', parts: [{ type: 'tool_call', id: 'tooluse_1', name: 'weather', arguments: { city: 'Oslo' } }] },
          { role: 'user', parts: [{ type: 'tool_call_response', id: 'tooluse_1', response: [{ text: 'rain' }] }] },
        ]),
      }),
      event(details, { 'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Rain.' }], finish_reason: 'end_turn' }]) }),
    ];
    assert.deepEqual(brief(conversation(attributes(chat), events)), [
      'user: text Weather in Oslo?',
      'assistant: tool-call(weather)[tooluse_1] {\n  "city": "Oslo"\n}',
      'user: tool-result[tooluse_1] rain',
      'assistant>: text Rain.',
    ]);
  });

  it('reads GenAI 1.37 operation details recorded as structured values, system instructions first', () => {
    // The conventions ask for structured values on events: OTLP arrayValue / kvlistValue rather than JSON text.
    const kv = (values: Record<string, unknown>): unknown => ({
      kvlistValue: { values: Object.entries(values).map(([key, value]) => ({ key, value: any(value) })) },
    });
    const any = (value: unknown): unknown =>
      Array.isArray(value) ? { arrayValue: { values: value.map(any) } } : typeof value === 'object' ? kv(value as Record<string, unknown>) : { stringValue: value };
    const details: MessageEvent = {
      name: 'gen_ai.client.inference.operation.details',
      attributes: [
        { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
        { key: 'gen_ai.system_instructions', value: any([{ type: 'text', content: 'Be brief.' }]) },
        { key: 'gen_ai.input.messages', value: any([{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]) },
        { key: 'gen_ai.output.messages', value: any([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello.' }] }]) },
      ],
    };
    assert.deepEqual(brief(conversation(attributes(chat), [details])), ['system: text Be brief.', 'user: text Hi', 'assistant>: text Hello.']);
  });

  it('reads the older gen_ai.content.prompt and gen_ai.content.completion events (Semantic Kernel)', () => {
    // semantic-kernel python, utils/telemetry/model_diagnostics/decorators.py: `gen_ai.prompt` /
    // `gen_ai.completion` hold the messages in OpenAI's format as JSON; a text completion's prompt is plain text.
    const events = [
      event('gen_ai.content.prompt', { 'gen_ai.prompt': JSON.stringify([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }]) }),
      event('gen_ai.content.completion', { 'gen_ai.completion': JSON.stringify([{ role: 'assistant', content: 'Hello.' }]) }),
    ];
    assert.deepEqual(brief(conversation(attributes(chat), events)), ['system: text Be brief.', 'user: text Hi', 'assistant>: text Hello.']);
    const text = [event('gen_ai.content.prompt', { 'gen_ai.prompt': 'Write a haiku.' }), event('gen_ai.content.completion', { 'gen_ai.completion': '[]' })];
    assert.deepEqual(brief(conversation(attributes({ 'gen_ai.operation.name': 'text_completion' }), text)), ['user: text Write a haiku.']);
  });

  it('prefers the attributes for each side of the chat, and keeps the order of the events', () => {
    const events = [
      event('gen_ai.user.message', { content: 'from an event' }),
      event('gen_ai.choice', { message: JSON.stringify({ content: 'first' }), index: 0 }),
      event('gen_ai.choice', { message: JSON.stringify({ content: 'second' }), index: 1 }),
    ];
    const input = attributes({ ...chat, 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'from the span' }] }]) });
    assert.deepEqual(brief(conversation(input, events)), ['user: text from the span', 'assistant>: text first', 'assistant>: text second']);
    const both = attributes({
      ...chat,
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'asked' }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'answered' }] }]),
    });
    assert.deepEqual(brief(conversation(both, events)), ['user: text asked', 'assistant>: text answered']);
    const tool = attributes({ 'gen_ai.tool.name': 't', 'gen_ai.tool.call.arguments': '{}', 'gen_ai.tool.call.result': 'ok' });
    assert.deepEqual(brief(conversation(tool, events)), ['assistant: tool-call(t) {}', 'tool>: tool-result(t) ok']);
  });

  it('ignores events that are not messages, and never throws whatever the events hold', () => {
    const exception = event('exception', { 'exception.message': 'boom', content: 'not a message' });
    assert.deepEqual(conversation(attributes(chat), [exception]), []);
    const junk = [
      '[null, 1, {"toolUse": 5}, {"toolResult": {"content": [null]}}]',
      '{"message": {"toString": false}}',
      '{"text": {"value": {"toString": false}}, "image_file": null}',
      '[{"type": "__proto__", "id": 1}, {"type": "toString"}, {"type": "x", "x": {"toString": false}}]',
      'null',
      '{',
      '[]',
    ];
    const names = ['gen_ai.user.message', 'gen_ai.tool.message', 'gen_ai.run_step.tool_calls', 'gen_ai.choice', 'gen_ai.client.inference.operation.details', 'gen_ai.content.prompt'];
    for (const name of names) {
      for (const value of junk) {
        for (const key of ['content', 'message', 'tool_calls', 'id', 'gen_ai.event.content', 'body', 'gen_ai.input.messages', '__proto__']) {
          assert.doesNotThrow(() => conversation(attributes(chat), [event(name, { [key]: value })]), `${name} ${key}=${value}`);
          assert.doesNotThrow(() => conversation(attributes({ 'gen_ai.operation.name': 'execute_tool' }), [event(name, { [key]: value })]));
        }
      }
    }
  });
});
