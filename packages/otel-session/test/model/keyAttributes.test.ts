import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyAttributes } from '../../src/model/keyAttributes.js';
import type { OtlpKeyValue } from '../../src/model/otlp.js';

function attributes(values: Record<string, string | number>): OtlpKeyValue[] {
  return Object.entries(values).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? { stringValue: value } : { intValue: value },
  }));
}

describe('keyAttributes', () => {
  it('shows the model and tokens of an OpenInference LLM span', () => {
    const parts = keyAttributes('ChatOpenAI', attributes({
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4o-mini',
      'llm.token_count.prompt': 12,
      'llm.token_count.completion': 5,
      'llm.token_count.total': 17,
    }));
    assert.deepEqual(parts, ['model=gpt-4o-mini', 'tokens=12→5']);
  });

  it('shows the model, tool and tokens of Vercel AI SDK spans', () => {
    assert.deepEqual(
      keyAttributes('ai.generateText.doGenerate', attributes({ 'ai.model.id': 'mock-model', 'ai.usage.inputTokens': 10, 'ai.usage.outputTokens': 5 })),
      ['model=mock-model', 'tokens=10→5'],
    );
    assert.deepEqual(keyAttributes('ai.toolCall', attributes({ 'ai.toolCall.name': 'weather' })), ['tool=weather']);
  });
});
