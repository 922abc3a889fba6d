import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conversation } from '../../../viewer/model/conversation.js';
import { Attributes } from '../../../viewer/model/otlp.js';

function attributes(values: Record<string, string | string[]>): Attributes {
  return new Attributes(
    Object.entries(values).map(([key, value]) => ({
      key,
      value: Array.isArray(value) ? { arrayValue: { values: value.map((v) => ({ stringValue: v })) } } : { stringValue: value },
    })),
  );
}

const brief = (chat: ReturnType<typeof conversation>) => chat.map((m) => `${m.role}${m.output ? '>' : ''}: ${m.parts.map((p) => `${p.type}${p.name ? `(${p.name})` : ''} ${p.text}`).join(' | ')}`);

describe('conversation', () => {
  it('reads the GenAI conventions: system instructions, input and output messages of parts', () => {
    const chat = conversation(
      attributes({
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Be brief.' }]),
        'gen_ai.input.messages': JSON.stringify([
          { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
          { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'weather', arguments: { city: 'Oslo' } }] },
          { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: 'rain' }] },
        ]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Rain.' }], finish_reason: 'stop' }]),
      }),
    );
    assert.deepEqual(brief(chat), [
      'system: text Be brief.',
      'user: text Weather?',
      'assistant: tool-call(weather) {\n  "city": "Oslo"\n}',
      'tool: tool-result rain',
      'assistant>: text Rain.',
    ]);
  });

  it('reads the older gen_ai.prompt and gen_ai.completion, as JSON, as text, or flattened by index', () => {
    assert.deepEqual(brief(conversation(attributes({ 'gen_ai.prompt': JSON.stringify([{ role: 'user', content: 'Hi' }]), 'gen_ai.completion': 'Hello' }))), [
      'user: text Hi',
      'assistant>: text Hello',
    ]);
    const flat = attributes({
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': 'Be kind.',
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': 'Hi',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.tool_calls.0.name': 'greet',
      'gen_ai.completion.0.tool_calls.0.arguments': '{}',
    });
    assert.deepEqual(brief(conversation(flat)), ['system: text Be kind.', 'user: text Hi', 'assistant>: tool-call(greet) {}']);
  });

  it('reads the AI SDK: prompt messages with content parts, response text and tool calls', () => {
    const chat = conversation(
      attributes({
        'ai.prompt.messages': JSON.stringify([
          { role: 'system', content: 'S' },
          { role: 'user', content: [{ type: 'text', text: 'Q' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c0', toolName: 'find', output: { type: 'text', value: 'found' } }] },
        ]),
        'ai.response.text': 'A',
        'ai.response.toolCalls': JSON.stringify([{ toolCallType: 'function', toolCallId: 'c1', toolName: 'look', args: '{"q":1}' }]),
      }),
    );
    assert.deepEqual(brief(chat), ['system: text S', 'user: text Q', 'tool: tool-result(find) found', 'assistant>: text A | tool-call(look) {\n  "q": 1\n}']);
  });

  it('reads OpenInference messages flattened by index, with contents, tool calls and tool results', () => {
    const chat = conversation(
      attributes({
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.contents.0.message_content.type': 'text',
        'llm.input_messages.0.message.contents.0.message_content.text': 'Q',
        'llm.input_messages.1.message.role': 'tool',
        'llm.input_messages.1.message.tool_call_id': 'c1',
        'llm.input_messages.1.message.content': 'R',
        'llm.input_messages.10.message.role': 'user',
        'llm.input_messages.10.message.content': 'tenth',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'f',
        'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '[1]',
      }),
    );
    assert.deepEqual(brief(chat), ['user: text Q', 'tool: tool-result R', 'user: text tenth', 'assistant>: tool-call(f) [\n  1\n]']);
  });

  it("shows a tool span's own call and result, and nothing for a span without messages", () => {
    assert.deepEqual(brief(conversation(attributes({ 'ai.toolCall.name': 't', 'ai.toolCall.args': '{}', 'ai.toolCall.result': '"ok"' }))), [
      'assistant: tool-call(t) {}',
      'tool>: tool-result(t) ok',
    ]);
    assert.deepEqual(conversation(attributes({ 'http.method': 'GET', 'gen_ai.prompt': '{not json' })).length, 1);
    assert.deepEqual(conversation(attributes({ 'http.method': 'GET' })), []);
  });

  it('never throws, whatever the attributes hold', () => {
    for (const value of ['[null, 1, "x", {"role": {"toString": false}, "content": [null, {"type": 5}]}]', '{"role":"user","parts":"x"}', '[]', 'null', '5']) {
      for (const key of ['gen_ai.input.messages', 'gen_ai.prompt', 'ai.prompt.messages', 'ai.response.toolCalls', 'gen_ai.system_instructions']) {
        assert.doesNotThrow(() => conversation(attributes({ [key]: value })), `${key}=${value}`);
      }
    }
  });
});
