import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../../viewer/model/classify.js';
import { Attributes } from '../../../viewer/model/otlp.js';

const of = (name: string, values: Record<string, string> = {}) =>
  classify(name, new Attributes(Object.entries(values).map(([key, value]) => ({ key, value: { stringValue: value } }))));

describe('classify', () => {
  it('reads the GenAI operation name', () => {
    assert.deepEqual(
      ['chat', 'text_completion', 'embeddings', 'execute_tool', 'invoke_agent', 'create_agent', 'other'].map((op) => of('x', { 'gen_ai.operation.name': op })),
      ['llm', 'llm', 'llm', 'tool', 'agent', 'agent', 'other'],
    );
  });

  it("reads Azure AI Agents' thread runs as agents", () => {
    assert.deepEqual(
      ['start_thread_run', 'process_thread_run', 'create_message'].map((op) => of('x', { 'gen_ai.operation.name': op })),
      ['agent', 'agent', 'other'],
    );
  });

  it('reads the AI SDK operation id, or the span name when the id is missing', () => {
    assert.deepEqual(
      ['ai.generateText', 'ai.streamText.doStream', 'ai.generateText.doGenerate', 'ai.generateObject', 'ai.embed.doEmbed', 'ai.toolCall'].map((id) =>
        of('span', { 'ai.operationId': id }),
      ),
      ['agent', 'llm', 'llm', 'agent', 'llm', 'tool'],
    );
    assert.equal(of('ai.streamText.doStream'), 'llm');
  });

  it('reads the OpenInference span kind', () => {
    assert.deepEqual(
      ['LLM', 'TOOL', 'AGENT', 'CHAIN', 'EMBEDDING', 'RETRIEVER'].map((kind) => of('x', { 'openinference.span.kind': kind })),
      ['llm', 'tool', 'agent', 'other', 'llm', 'other'],
    );
  });

  it('does not take names of Object.prototype for operations', () => {
    assert.equal(of('x', { 'gen_ai.operation.name': 'constructor', 'openinference.span.kind': 'toString' }), 'other');
  });
});
