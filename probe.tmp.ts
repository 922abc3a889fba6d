import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { generateText as gen5, tool as tool5, stepCountIs as stop5 } from 'ai-v5';
import { MockLanguageModelV2 } from 'ai-v5/test';
import { generateText as gen6, tool as tool6, stepCountIs as stop6 } from 'ai-v6';
import { MockLanguageModelV3 } from 'ai-v6/test';
import { z } from 'zod';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('ai');
const which = process.argv[2];
if (which === '5') {
  const model = new MockLanguageModelV2({ modelId: 'mock-model', doGenerate: [
    { content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: '{"city":"Paris"}' }], finishReason: 'tool-calls', usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 3 }, warnings: [] },
    { content: [{ type: 'text', text: 'sunny' }], finishReason: 'stop', usage: { inputTokens: 20, outputTokens: 7, totalTokens: 27, cachedInputTokens: 4 }, warnings: [] },
  ] as never });
  await gen5({ model, prompt: 'weather?', tools: { weather: tool5({ inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => `sunny in ${city}` }) }, stopWhen: stop5(3), experimental_telemetry: { isEnabled: true, tracer, metadata: { sessionId: 's5' } } });
} else {
  const usage = (i: number, o: number, c: number) => ({ inputTokens: { total: i, noCache: i - c, cacheRead: c, cacheWrite: 0 }, outputTokens: { total: o, text: o, reasoning: 0 } });
  const model = new MockLanguageModelV3({ modelId: 'mock-model', doGenerate: [
    { content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: '{"city":"Paris"}' }], finishReason: { unified: 'tool-calls', raw: 'tool_use' }, usage: usage(10, 5, 3), warnings: [] },
    { content: [{ type: 'text', text: 'sunny' }], finishReason: { unified: 'stop', raw: 'stop' }, usage: usage(20, 7, 4), warnings: [] },
  ] as never });
  await gen6({ model, prompt: 'weather?', tools: { weather: tool6({ inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => `sunny in ${city}` }) }, stopWhen: stop6(3), experimental_telemetry: { isEnabled: true, tracer, metadata: { sessionId: 's6' } } });
}
for (const s of exporter.getFinishedSpans()) {
  const a = Object.fromEntries(Object.entries(s.attributes).filter(([k]) => !/prompt|response\.text|toolCall\.(args|result)|tools/.test(k) || /Tokens/.test(k)));
  console.log(s.name, s.parentSpanContext ? 'child' : 'ROOT', JSON.stringify(a));
}
