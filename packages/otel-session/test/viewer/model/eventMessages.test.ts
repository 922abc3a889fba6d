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
    const junk = ['[null, 1, {"toolUse": 5}, {"toolResult": {"content": [null]}}]', '{"message": {"toString": false}}', 'null', '{', '[]'];
    for (const name of ['gen_ai.user.message', 'gen_ai.tool.message', 'gen_ai.choice', 'gen_ai.client.inference.operation.details', 'gen_ai.content.prompt']) {
      for (const value of junk) {
        for (const key of ['content', 'message', 'tool_calls', 'id', 'gen_ai.event.content', 'body', 'gen_ai.input.messages', '__proto__']) {
          assert.doesNotThrow(() => conversation(attributes(chat), [event(name, { [key]: value })]), `${name} ${key}=${value}`);
          assert.doesNotThrow(() => conversation(attributes({ 'gen_ai.operation.name': 'execute_tool' }), [event(name, { [key]: value })]));
        }
      }
    }
  });
});
